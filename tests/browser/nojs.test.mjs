// Journeys with JavaScript disabled: facet pages, glossary A–Z, pager links, search fallback.
import { describe, before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { getSite, launch, lockedContext, pagesByTemplate, formatOffOrigin } from './lib.mjs';

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

  test('search page shows its "needs JavaScript" message with links to the glossary and facets', async () => {
    await page.goto(site.origin + '/meklet/');
    const msg = page.locator('.js-required');
    assert.ok(await msg.count(), 'no .js-required block on /meklet/');
    assert.ok(await msg.isVisible(), 'the "needs JavaScript" message is not visible with JS disabled');
    const text = (await msg.innerText()).trim();
    assert.match(text, /JavaScript/i, `message does not mention JavaScript: "${text}"`);
    const hrefs = await msg.locator('a[href]').evaluateAll((as) => as.map((a) => new URL(a.href).pathname));
    assert.ok(hrefs.some((h) => /terminu-vardnica/.test(h)), `no glossary link in the message: ${hrefs.join(', ')}`);
    assert.ok(hrefs.some((h) => /\/(gadi|temas|iestades)\//.test(h)), `no facet link in the message: ${hrefs.join(', ')}`);
    for (const h of hrefs) {
      const r = await page.request.get(site.origin + h);
      assert.equal(r.status(), 200, `fallback link ${h} returned ${r.status()}`);
    }
  });

  test('no request left the site origin', () => {
    assert.equal(ctx.offOrigin.length, 0, `off-origin requests were blocked:\n${formatOffOrigin(ctx.offOrigin)}`);
  });
});
