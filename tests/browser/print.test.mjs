// Print stylesheet: on the printable guidelines header navigation is hidden and link URLs
// are shown as absolute addresses (a relative path is useless on paper); a sprint page prints
// absolute addresses too, and without JavaScript at least the page's own address; the
// indicators chart's bars print filled, not as empty boxes.
import { describe, before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { getSite, launch, lockedContext, pagesByTemplate, formatOffOrigin, formatCsp } from './lib.mjs';

const PRINT = '/vadlinijas/drukai/';

describe('print (/vadlinijas/drukai/)', () => {
  let site; let br; let ctx; let page;
  before(async () => {
    site = await getSite();
    br = await launch();
    ctx = await lockedContext(br.browser, site.origin, { viewport: { width: 1280, height: 800 } });
    page = await ctx.newPage();
    const r = await page.goto(site.origin + PRINT);
    assert.equal(r.status(), 200, `${PRINT} returned ${r.status()}`);
    await page.emulateMedia({ media: 'print' });
  });
  after(async () => {
    await ctx?.close().catch(() => {});
    await br?.close();
    await site?.close();
  });

  test('no visible <nav> in print (header navigation hidden)', async () => {
    const visible = await page.evaluate(() => [...document.querySelectorAll('nav')].filter((n) => {
      const cs = getComputedStyle(n);
      const r = n.getBoundingClientRect();
      return cs.display !== 'none' && cs.visibility !== 'hidden' && r.width > 0 && r.height > 0;
    }).map((n) => `<nav${n.className ? ` class="${n.className}"` : ''}${n.getAttribute('aria-label') ? ` aria-label="${n.getAttribute('aria-label')}"` : ''}>`));
    assert.equal(visible.length, 0, `visible in print: ${visible.join(', ')}`);
  });

  test('link URLs are shown in print for links in <main>, as absolute addresses', async () => {
    const report = await page.evaluate(() => {
      const out = { total: 0, shown: 0, missing: [] };
      const mainText = document.querySelector('main')?.innerText || '';
      for (const a of document.querySelectorAll('main a[href]')) {
        const href = a.getAttribute('href');
        if (!href || href.startsWith('#') || href.startsWith('javascript:')) continue; // in-document links need no URL
        const cs = getComputedStyle(a);
        if (cs.display === 'none' || a.closest('[hidden]')) continue;
        out.total++;
        const after = getComputedStyle(a, '::after').content || '';
        // Where the page is loaded from, or where it is published (the canonical address).
        const abs = after.includes(a.href) ? a.href : new URL(href, document.querySelector('link[rel=canonical]').href).href;
        // The address must be absolute (scheme and host), as a reader of the paper needs it.
        const shown = (after !== 'none' && after !== 'normal' && after.includes(abs))
          || (a.innerText || '').includes(abs)
          || mainText.includes(abs);
        if (shown) out.shown++;
        else if (out.missing.length < 10) out.missing.push(`${href} ("${a.textContent.trim().slice(0, 40)}"), ::after content: ${after}`);
      }
      return out;
    });
    assert.ok(report.total > 0, 'no external/internal links in main to check');
    assert.equal(report.shown, report.total, `${report.total - report.shown} of ${report.total} links in main do not show their URL in print, e.g.:\n  ${report.missing.join('\n  ')}`);
  });

  test('a sprint page prints absolute link addresses', async () => {
    const p2 = await ctx.newPage();
    try {
      const sprint = [null, pagesByTemplate(site.dir, 'sprint', 'lv')[0]?.path];
      assert.ok(sprint[1], 'no sprint page in the build');
      await p2.goto(site.origin + sprint[1]);
      await p2.emulateMedia({ media: 'print' });
      const bad = await p2.evaluate(() => [...document.querySelectorAll('main a[href]')]
        .filter((a) => !a.getAttribute('href').startsWith('#') && getComputedStyle(a).display !== 'none' && a.getClientRects().length)
        .filter((a) => {
          const after = getComputedStyle(a, '::after').content || '';
          return !after.includes(a.href) && !after.includes(new URL(a.getAttribute('href'), document.querySelector('link[rel=canonical]').href).href);
        })
        .map((a) => `${a.getAttribute('href')} → ::after ${getComputedStyle(a, '::after').content}`));
      assert.equal(bad.length, 0, `${sprint[1]}: ${bad.length} link(s) without their absolute address in print:\n  ${bad.slice(0, 10).join('\n  ')}`);
    } finally { await p2.close(); }
  });

  test('without JavaScript a printed page still shows its own absolute address', async () => {
    const c2 = await lockedContext(br.browser, site.origin, { javaScriptEnabled: false });
    try {
      const p2 = await c2.newPage();
      await p2.goto(site.origin + '/raditaji/');
      await p2.emulateMedia({ media: 'print' });
      const r = await p2.evaluate(() => ({ canonical: document.querySelector('link[rel=canonical]').href, text: document.body.innerText }));
      assert.ok(r.text.includes(r.canonical), `the printed /raditaji/ does not show its address ${r.canonical}`);
    } finally { await c2.close(); }
  });

  for (const path of ['/raditaji/', '/en/indicators/']) {
    test(`indicators chart bars print filled (${path})`, async () => {
      const p2 = await ctx.newPage();
      try {
        await p2.goto(site.origin + path);
        await p2.emulateMedia({ media: 'print' });
        const bars = await p2.evaluate(() => [...document.querySelectorAll('.chart .bar')].map((b) => {
          const fill = getComputedStyle(b).fill;
          const m = fill.match(/url\("?#([^")]+)"?\)/);
          // A pattern fill only paints if its pattern element is rendered.
          const pat = m ? document.getElementById(m[1]) : null;
          const patShown = pat ? !pat.closest('svg') || getComputedStyle(pat.closest('svg')).display !== 'none' : false;
          const c = (fill.match(/^rgba?\(([^)]+)\)/) || [])[1]?.split(/[\s,/]+/).map(Number);
          const solid = !!c && (c.length < 4 || c[3] > 0) && !(c[0] > 250 && c[1] > 250 && c[2] > 250);
          return { fill, ok: solid || patShown };
        }));
        assert.ok(bars.length > 0, `no .chart .bar on ${path}`);
        const empty = bars.filter((b) => !b.ok);
        assert.equal(empty.length, 0, `${empty.length} of ${bars.length} bars print empty on ${path}: ${[...new Set(empty.map((b) => b.fill))].join(', ')}`);
      } finally { await p2.close(); }
    });
  }

  test('no request left the site origin; no CSP violation', () => {
    assert.equal(ctx.offOrigin.length, 0, `off-origin requests were blocked:\n${formatOffOrigin(ctx.offOrigin)}`);
    assert.equal(ctx.cspViolations.length, 0, `CSP violations:\n${formatCsp(ctx.cspViolations)}`);
  });
});
