// Journeys with JavaScript disabled: facet pages, glossary A–Z, pager links, search fallback
// (honest and useful: no dead controls, the best static entry points), and a privacy page
// that matches what the search form does.
import { describe, before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { getSite, launch, lockedContext, pagesByTemplate, formatOffOrigin, formatCsp } from './lib.mjs';

describe('no-JS journeys', () => {
  let site; let br; let ctx; let page;
  before(async () => {
    site = await getSite();
    br = await launch();
    ctx = await lockedContext(br.browser, site.origin, { javaScriptEnabled: false, viewport: { width: 1280, height: 800 } });
    page = await ctx.newPage();
  });
  after(async () => {
    await ctx?.close().catch(() => {});
    await br?.close();
    await site?.close();
  });

  async function clickAndExpect(locator, what) {
    const href = await locator.evaluate((a) => a.href);
    await Promise.all([page.waitForURL(href, { timeout: 10_000 }), locator.click()]);
    return href;
  }

  test('facet page /sprinti/gadi/2024/ lists sprints and its links navigate', async () => {
    const resp = await page.goto(site.origin + '/sprinti/gadi/2024/');
    assert.equal(resp.status(), 200, '/sprinti/gadi/2024/ is not 200');
    const sprints = pagesByTemplate(site.dir, 'sprint', 'lv').map((p) => p.path);
    const links = await page.evaluate(() => [...document.querySelectorAll('main a[href]')].map((a) => new URL(a.href).pathname));
    const listed = links.filter((l) => sprints.includes(l));
    assert.ok(listed.length > 0, 'the 2024 facet page lists no sprint pages');
    const first = page.locator(`main a[href$="${listed[0]}"]`).first();
    await clickAndExpect(first);
    assert.match(await page.evaluate(() => document.body.className), /\btpl-sprint\b/);
    // And from the sprint, a facet link (year/topic/status/results) leads to a facet page listing it.
    const sprintPath = new URL(page.url()).pathname;
    const facet = page.locator('main dl a[href*="/gadi/"], main dl a[href*="/temas/"], main dl a[href*="/statuss/"], main dl a[href*="/rezultati/"]').first();
    assert.ok(await facet.count(), `sprint page ${sprintPath} has no facet link in its facts list`);
    await clickAndExpect(facet);
    assert.ok(await page.locator(`main a[href$="${sprintPath}"]`).count(), `facet page ${page.url()} does not list ${sprintPath}`);
  });

  test('other facet indexes load (topics, institutions, status) without JS', async () => {
    for (const p of ['/sprinti/temas/', '/sprinti/gadi/', '/iestades/', '/sprinti/statuss/']) {
      const r = await page.goto(site.origin + p);
      if (p === '/sprinti/statuss/' && r.status() === 404) continue; // optional index
      assert.equal(r.status(), 200, `${p} returned ${r.status()}`);
      const n = await page.locator('main a[href]').count();
      assert.ok(n > 0, `${p} has no links in main`);
    }
  });

  test('glossary A–Z letter links jump to their section without JS', async () => {
    const g = pagesByTemplate(site.dir, 'glossary', 'lv')[0];
    assert.ok(g, 'no glossary page (body.tpl-glossary)');
    await page.goto(site.origin + g.path);
    const letters = page.locator('nav.az a[href^="#"], main nav a[href^="#"]');
    const n = await letters.count();
    assert.ok(n > 0, 'no A–Z letter links on the glossary page');
    for (const i of [0, Math.floor(n / 2), n - 1]) {
      const a = letters.nth(i);
      const hash = await a.getAttribute('href');
      await a.click();
      await page.waitForFunction((h) => location.hash === h, hash, { timeout: 3000 });
      const target = await page.evaluate((h) => {
        const el = document.getElementById(decodeURIComponent(h.slice(1)));
        if (!el) return null;
        const r = el.getBoundingClientRect();
        return { top: r.top, h: innerHeight };
      }, hash);
      assert.ok(target, `letter link ${hash} has no target element`);
      assert.ok(target.top >= -2 && target.top < target.h, `target of ${hash} is not scrolled into view (top ${target.top})`);
    }
  });

  test('guideline chapter prev/next links navigate without JS', async () => {
    const chapters = pagesByTemplate(site.dir, 'chapter', 'lv');
    assert.ok(chapters.length >= 2, 'need at least two chapter pages');
    await page.goto(site.origin + chapters[0].path);
    const next = page.locator('a[rel="next"]').first();
    assert.ok(await next.count(), `${chapters[0].path} has no rel=next`);
    await clickAndExpect(next);
    const prev = page.locator('a[rel="prev"]').first();
    assert.ok(await prev.count(), `${page.url()} has no rel=prev`);
    await clickAndExpect(prev);
    assert.equal(new URL(page.url()).pathname, chapters[0].path);
  });

  for (const [path, glossary, topics] of [['/meklet/?q=dizains', /terminu-vardnica/, /\/sprinti\/temas\//], ['/en/search/?q=design', /\/en\/glossary\//, /\/en\/sprints\/topics\//]]) {
    test(`search without JavaScript (${path}): says so, offers no dead controls, leads to the glossary A–Z and sprints by topic`, async () => {
      await page.goto(site.origin + path);
      const msg = page.locator('.js-required');
      assert.ok(await msg.count(), `no .js-required block on ${path}`);
      assert.ok(await msg.isVisible(), 'the "needs JavaScript" message is not visible with JS disabled');
      const text = (await msg.innerText()).trim();
      assert.match(text, /JavaScript/i, `message does not mention JavaScript: "${text}"`);
      // A search box, button or filter that cannot do anything is a dead end: none may be shown.
      const dead = await page.evaluate(() => [...document.querySelectorAll('main input, main button, main select')]
        .filter((e) => e.getClientRects().length && getComputedStyle(e).visibility !== 'hidden')
        .map((e) => `<${e.tagName.toLowerCase()} ${e.type || ''} ${e.name || e.id}>`));
      assert.equal(dead.length, 0, `controls that do nothing without JS are shown on ${path}: ${dead.join(', ')}`);
      const hrefs = await msg.locator('a[href]').evaluateAll((as) => as.map((a) => new URL(a.href).pathname + new URL(a.href).hash));
      assert.ok(hrefs.some((h) => glossary.test(h)), `no glossary link in the message: ${hrefs.join(', ')}`);
      assert.ok(hrefs.some((h) => topics.test(h)), `no "sprints by topic" link in the message: ${hrefs.join(', ')}`);
      for (const h of hrefs) {
        const r = await page.request.get(site.origin + h);
        assert.equal(r.status(), 200, `fallback link ${h} returned ${r.status()}`);
      }
    });
  }

  test('the privacy page says what happens to search words (they are in the page address the header form requests)', async () => {
    // The header search is a GET form: the words travel in the address (?q=…) to the host.
    // The privacy pages must not promise otherwise, and must say so.
    await page.goto(site.origin + '/');
    const form = await page.evaluate(() => { const f = document.querySelector('header form'); return f && { method: f.method, name: f.querySelector('input[type=search]')?.name }; });
    assert.ok(form, 'no search form in the header');
    for (const path of ['/privatums/', '/en/privatums/']) {
      const r = await page.goto(site.origin + path);
      assert.equal(r.status(), 200, `${path}: ${r.status()}`);
      const text = await page.evaluate(() => document.querySelector('main').innerText);
      if (form.method === 'get') {
        assert.ok(text.includes(`?${form.name}=`), `${path} does not say that search words are part of the address (?${form.name}=…) sent to the server`);
        assert.doesNotMatch(text, /meklēšanas vārdi netiek nosūtīti uz serveri\.|The words you search for are not sent to the server/, `${path} still says search words never reach the server`);
      }
    }
  });

  test('no request left the site origin; no CSP violation', () => {
    assert.equal(ctx.offOrigin.length, 0, `off-origin requests were blocked:\n${formatOffOrigin(ctx.offOrigin)}`);
    assert.equal(ctx.cspViolations.length, 0, `CSP violations:\n${formatCsp(ctx.cspViolations)}`);
  });
});
