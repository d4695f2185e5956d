// Print stylesheet on the printable guidelines: header navigation hidden, link URLs shown.
import { describe, before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { getSite, launch, lockedContext, formatOffOrigin } from './lib.mjs';

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

  test('link URLs are shown in print for links in <main>', async () => {
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
        const abs = a.href;
        const shown = (after !== 'none' && after !== 'normal' && (after.includes(href) || after.includes(abs) || /attr\(href\)/.test(after)))
          || (a.innerText || '').includes(href) || (a.innerText || '').includes(abs)
          || mainText.includes(abs);
        if (shown) out.shown++;
        else if (out.missing.length < 10) out.missing.push(`${href} ("${a.textContent.trim().slice(0, 40)}"), ::after content: ${after}`);
      }
      return out;
    });
    assert.ok(report.total > 0, 'no external/internal links in main to check');
    assert.equal(report.shown, report.total, `${report.total - report.shown} of ${report.total} links in main do not show their URL in print, e.g.:\n  ${report.missing.join('\n  ')}`);
  });

  test('no request left the site origin', () => {
    assert.equal(ctx.offOrigin.length, 0, `off-origin requests were blocked:\n${formatOffOrigin(ctx.offOrigin)}`);
  });
});
