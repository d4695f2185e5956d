// Keyboard journeys: skip link, language switch, facet links, pager (annex/chapter prev/next),
// and visible focus on the first Tab stops.
import { describe, before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import {
  getSite, launch, lockedContext, pagesByTemplate, tabTo, describeActive, keyboardFollow, formatOffOrigin, formatCsp,
} from './lib.mjs';

const SPRINT_SLUG = 'cilveks-pirmaja-vieta';

describe('keyboard journeys', () => {
  let site; let br; let ctx; let page;
  before(async () => {
    site = await getSite();
    br = await launch();
    ctx = await lockedContext(br.browser, site.origin, { viewport: { width: 1280, height: 800 } });
    page = await ctx.newPage();
  });
  after(async () => {
    await ctx?.close().catch(() => {});
    await br?.close();
    await site?.close();
  });

  const lvSprint = () => {
    const all = pagesByTemplate(site.dir, 'sprint', 'lv');
    assert.ok(all.length, 'no Latvian sprint pages (body.tpl-sprint) in the build');
    return all.find((p) => p.path.includes(SPRINT_SLUG)) || all[0];
  };

  test('first Tab on the home page reaches the skip link; Enter moves focus into <main>', async () => {
    await page.goto(site.origin + '/');
    await page.keyboard.press('Tab');
    const first = await page.evaluate(() => {
      const el = document.activeElement;
      return { cls: el.className, href: el.getAttribute('href'), text: el.textContent.trim() };
    });
    assert.ok(/skip/.test(first.cls) || /^#/.test(first.href || ''), `first Tab stop is not the skip link: ${JSON.stringify(first)}`);
    const visible = await page.evaluate(() => {
      const r = document.activeElement.getBoundingClientRect();
      return r.width > 1 && r.height > 1 && r.bottom > 0 && r.right > 0;
    });
    assert.ok(visible, 'the focused skip link is not visible on screen');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => location.hash !== '' || document.activeElement !== document.body, null, { timeout: 3000 }).catch(() => {});
    const inMain = await page.evaluate(() => {
      const main = document.querySelector('main');
      return !!main && (document.activeElement === main || main.contains(document.activeElement));
    });
    assert.ok(inMain, `after Enter on the skip link focus is on ${await describeActive(page)}, not in <main>`);
    // The next Tab must continue inside main, not jump back to the header.
    await page.keyboard.press('Tab');
    const nextInMain = await page.evaluate(() => {
      const main = document.querySelector('main');
      return main.contains(document.activeElement) || main.compareDocumentPosition(document.activeElement) & Node.DOCUMENT_POSITION_FOLLOWING;
    });
    assert.ok(nextInMain, `Tab after the skip link went to ${await describeActive(page)} (before <main>)`);
  });

  test('language switch on a sprint page lands on the English translation of the same sprint', async () => {
    const lv = lvSprint();
    await page.goto(site.origin + lv.path);
    const expected = await page.evaluate(() => document.querySelector('link[rel="alternate"][hreflang="en"]')?.getAttribute('href'));
    assert.ok(expected, `${lv.path} has no <link rel=alternate hreflang=en>`);
    const { url } = await keyboardFollow(page, 'a[hreflang="en"]');
    const got = new URL(url);
    assert.equal(got.pathname, new URL(expected).pathname, `language switch went to ${got.pathname}`);
    assert.ok(got.pathname.startsWith('/en/'), `not an English URL: ${got.pathname}`);
    const info = await page.evaluate(() => ({
      lang: document.documentElement.lang,
      tpl: document.body.className,
      back: document.querySelector('link[rel="alternate"][hreflang="lv"]')?.getAttribute('href'),
    }));
    assert.equal(info.lang, 'en');
    assert.match(info.tpl, /\btpl-sprint\b/, 'English page is not a sprint page');
    assert.equal(new URL(info.back).pathname, lv.path, 'English sprint does not point back to the same Latvian sprint');
  });

  test('sprint facet links work by keyboard alone (year, topic, status)', async () => {
    const lv = lvSprint();
    await page.goto(site.origin + lv.path);
    const facetHrefs = await page.evaluate(() => [...document.querySelectorAll('main dl a[href]')].map((a) => a.getAttribute('href'))
      .filter((h) => /\/(gadi|temas|statuss|rezultati)\//.test(h)));
    assert.ok(facetHrefs.length, `no facet links (years/topics/status/results) in the sprint facts on ${lv.path}`);
    const seen = new Set();
    for (const href of facetHrefs) {
      const kind = href.match(/\/(gadi|temas|statuss|rezultati)\//)[1];
      if (seen.has(kind)) continue;
      seen.add(kind);
      await page.goto(site.origin + lv.path);
      const { url } = await keyboardFollow(page, `main dl a[href="${href}"]`);
      assert.equal(new URL(url).pathname, new URL(href, site.origin).pathname, `Enter on facet link ${href} went to ${url}`);
      const ok = await page.evaluate((sprintPath) => !!document.querySelector(`main a[href$="${sprintPath}"]`), lv.path);
      assert.ok(ok, `facet page ${href} does not list the sprint ${lv.path}`);
    }
  });

  test('chapter/annex previous and next links work by keyboard alone', async () => {
    const chapters = pagesByTemplate(site.dir, 'chapter', 'lv');
    assert.ok(chapters.length >= 2, 'need at least two guideline chapter pages (body.tpl-chapter)');
    const start = chapters.find((p) => /rel="next"/.test(fs.readFileSync(p.file, 'utf8')) && /rel="prev"/.test(fs.readFileSync(p.file, 'utf8'))) || chapters[0];
    await page.goto(site.origin + start.path);
    const nextHref = await page.evaluate(() => document.querySelector('a[rel="next"]')?.href);
    assert.ok(nextHref, `${start.path} has no rel=next link`);
    const a = await keyboardFollow(page, 'a[rel="next"]', 120);
    assert.equal(a.url, nextHref, 'Enter on "next" did not navigate to its href');
    const prevHref = await page.evaluate(() => document.querySelector('a[rel="prev"]')?.href);
    assert.ok(prevHref, `${a.url} has no rel=prev link`);
    const b = await keyboardFollow(page, 'a[rel="prev"]', 120);
    assert.equal(b.url, prevHref, 'Enter on "previous" did not navigate to its href');
    assert.equal(new URL(b.url).pathname, start.path, 'previous of next is not the starting chapter');
  });

  test('sprint older/newer pager works by keyboard alone', async () => {
    const lv = lvSprint();
    await page.goto(site.origin + lv.path);
    const sel = await page.evaluate(() => (document.querySelector('main a[rel="next"]') ? 'main a[rel="next"]' : document.querySelector('main a[rel="prev"]') ? 'main a[rel="prev"]' : null));
    assert.ok(sel, `${lv.path} has no older/newer pager links`);
    const href = await page.evaluate((s) => document.querySelector(s).href, sel);
    const r = await keyboardFollow(page, sel, 150);
    assert.equal(r.url, href);
    assert.match(await page.evaluate(() => document.body.className), /\btpl-sprint\b/);
  });

  for (const [label, pick] of [
    ['home', (s) => '/'],
    ['a sprint page', (s) => lvSprintOf(s)],
    ['the search page', () => '/meklet/'],
    ['the English home', () => '/en/'],
  ]) {
    test(`focus is visible on the first 20 Tab stops of ${label}`, async () => {
      const p = pick(site);
      await page.goto(site.origin + p);
      const problems = [];
      const seen = [];
      for (let i = 1; i <= 20; i++) {
        await page.keyboard.press('Tab');
        const s = await page.evaluate(() => {
          const el = document.activeElement;
          if (!el || el === document.body) return null;
          const cs = getComputedStyle(el);
          const outlineVisible = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0;
          const shadow = cs.boxShadow && cs.boxShadow !== 'none';
          return { outlineVisible, shadow, outline: `${cs.outlineStyle} ${cs.outlineWidth} ${cs.outlineColor}`, boxShadow: cs.boxShadow };
        });
        if (!s) break; // focus left the document (end of tab order)
        const who = await describeActive(page);
        seen.push(who);
        if (!s.outlineVisible && !s.shadow) problems.push(`  Tab ${i}: ${who} — outline: ${s.outline}, box-shadow: ${s.boxShadow}`);
      }
      assert.ok(seen.length > 0, 'Tab never focused anything');
      assert.equal(problems.length, 0, `focus not visible on ${site.origin}${p}:\n${problems.join('\n')}`);
    });
  }

  test('the quick filter on the sprint list finds a sprint by a topic its card does not show', async () => {
    await page.goto(site.origin + '/sprinti/');
    await page.waitForSelector('.quick-filter:not([hidden]) input', { timeout: 5000 });
    // Each card's sprint and the topics its own page lists (the card shows none).
    const cards = await page.evaluate(async () => {
      const out = [];
      for (const li of document.querySelectorAll('#sprint-cards > li')) {
        const href = li.querySelector('a').getAttribute('href');
        const doc = new DOMParser().parseFromString(await (await fetch(href)).text(), 'text/html');
        const topics = [...doc.querySelectorAll('.facts a[href*="/temas/"]')].map((a) => a.textContent.trim());
        const title = li.querySelector('h2 a').textContent.trim();
        out.push({ href, title, topics, shown: li.textContent.includes(topics[0] || '\u0000') });
      }
      return out;
    });
    const probe = cards.find((c) => c.topics.length && !c.shown);
    assert.ok(probe, `no sprint on /sprinti/ has a topic its card does not show: ${JSON.stringify(cards.slice(0, 3))}`);
    const topic = probe.topics[0];
    await page.fill('#quick-filter', topic);
    const visible = await page.$$eval('#sprint-cards > li', (lis) => lis.filter((li) => !li.hidden).map((li) => li.querySelector('a').getAttribute('href')));
    assert.ok(visible.includes(probe.href), `typing the topic "${topic}" hid ${probe.href}, which has it`);
    const without = cards.filter((c) => !c.topics.includes(topic) && !visible.includes(c.href));
    assert.ok(without.length > 0 || cards.every((c) => c.topics.includes(topic)), `typing "${topic}" hid no card without that topic`);
    for (const c of cards.filter((c) => c.topics.includes(topic))) {
      assert.ok(visible.includes(c.href), `typing "${topic}" hid ${c.href}, which has it`);
    }
    // The card's own text still counts: its title finds it.
    await page.fill('#quick-filter', probe.title);
    const byTitle = await page.$$eval('#sprint-cards > li', (lis) => lis.filter((li) => !li.hidden).map((li) => li.querySelector('a').getAttribute('href')));
    assert.ok(byTitle.includes(probe.href), `typing the title "${probe.title}" hid its card`);
    await page.fill('#quick-filter', '');
    const all = await page.$$eval('#sprint-cards > li', (lis) => lis.filter((li) => !li.hidden).length);
    assert.equal(all, cards.length, 'clearing the quick filter did not show every card again');
  });

  test('no request left the site origin; no CSP violation', () => {
    assert.equal(ctx.offOrigin.length, 0, `off-origin requests were blocked:\n${formatOffOrigin(ctx.offOrigin)}`);
    assert.equal(ctx.cspViolations.length, 0, `CSP violations:\n${formatCsp(ctx.cspViolations)}`);
  });
});

function lvSprintOf(site) {
  const all = pagesByTemplate(site.dir, 'sprint', 'lv');
  return (all.find((p) => p.path.includes(SPRINT_SLUG)) || all[0]).path;
}
