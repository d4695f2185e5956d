// Rendered content in the real browser: the indicators chart's texts stay inside the SVG
// (measured with getBBox, not estimated); Markdown tables sit in labelled, focusable scroll
// regions that scroll by keyboard; a guideline chapter has one table of contents, not two.
import { describe, before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { getSite, launch, lockedContext, pagesByTemplate, tabTo, describeActive, formatOffOrigin, formatCsp } from './lib.mjs';

describe('rendered content', () => {
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

  for (const path of ['/raditaji/', '/en/indicators/']) {
    test(`indicators chart ${path}: every bar and label ends inside the SVG`, async () => {
      const r = await page.goto(site.origin + path);
      assert.equal(r.status(), 200);
      const m = await page.evaluate(() => {
        const svg = document.querySelector('svg.chart');
        if (!svg) return null;
        const vb = svg.viewBox.baseVal;
        const out = [...svg.querySelectorAll('text, rect')].map((e) => {
          const b = e.getBBox();
          return { what: `<${e.tagName} class="${e.getAttribute('class')}">${e.tagName === 'text' ? e.textContent : ''}`, x: b.x, right: b.x + b.width };
        });
        return { width: vb.width, items: out };
      });
      assert.ok(m, `${path} has no svg.chart`);
      assert.ok(m.items.some((i) => i.what.startsWith('<text')), 'the chart has no texts');
      const bad = m.items.filter((i) => i.x < 0 || i.right > m.width);
      assert.equal(bad.length, 0, `${bad.length} chart element(s) run past the viewBox (0–${m.width}):\n` +
        bad.map((i) => `  ${i.what}: ${i.x.toFixed(1)}–${i.right.toFixed(1)}`).join('\n'));
    });
  }

  test('Markdown tables are in labelled, focusable regions (every chapter, both languages, print page)', async () => {
    const paths = [...pagesByTemplate(site.dir, 'chapter'), ...pagesByTemplate(site.dir, 'guidelines_print')].map((p) => p.path);
    assert.ok(paths.length >= 2, 'no guideline chapter pages found');
    let tables = 0;
    const problems = [];
    for (const path of paths) {
      await page.goto(site.origin + path);
      const found = await page.evaluate(() => [...document.querySelectorAll('main .prose table')].map((t) => {
        const w = t.parentElement;
        return {
          wrapped: w.classList.contains('table-wrap'),
          role: w.getAttribute('role'),
          tabindex: w.getAttribute('tabindex'),
          label: (w.getAttribute('aria-label') || '').trim(),
        };
      }));
      tables += found.length;
      for (const [i, t] of found.entries()) {
        if (!t.wrapped || t.role !== 'region' || t.tabindex !== '0' || !t.label) {
          problems.push(`  ${path} table ${i + 1}: ${JSON.stringify(t)}`);
        }
      }
      if (!path.includes('druk') && !path.includes('print')) {
        const labels = found.map((t) => t.label);
        const dup = labels.filter((l, i) => labels.indexOf(l) !== i);
        if (dup.length) problems.push(`  ${path}: regions share a name: ${[...new Set(dup)].join(', ')}`);
      }
    }
    assert.ok(tables > 0, 'no Markdown tables found in the guidelines');
    assert.equal(problems.length, 0, `tables without a labelled, focusable region:\n${problems.join('\n')}`);
  });

  test('a table region wider than the screen scrolls by keyboard (320 px)', async () => {
    // The chart region on the indicators page is always wider than 320 px; Markdown tables may be.
    await page.setViewportSize({ width: 320, height: 640 });
    try {
      let found = null;
      for (const path of ['/raditaji/', ...pagesByTemplate(site.dir, 'chapter', 'lv').map((p) => p.path)]) {
        await page.goto(site.origin + path);
        const idx = await page.evaluate(() => [...document.querySelectorAll('main .table-wrap')]
          .findIndex((w) => w.scrollWidth > w.clientWidth + 1));
        if (idx >= 0) { found = { path, idx }; break; }
      }
      assert.ok(found, 'no table region is wider than 320 px, not even the indicators chart');
      await page.evaluate((i) => document.querySelectorAll('main .table-wrap')[i].setAttribute('data-target', ''), found.idx);
      const n = await tabTo(page, '[data-target]', 200);
      assert.ok(n > 0, `could not Tab to the table region on ${found.path}; focus on ${await describeActive(page)}`);
      const before = await page.evaluate(() => document.activeElement.scrollLeft);
      for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
      // Keyboard scrolling is animated: wait for it to move.
      await page.waitForFunction((b) => document.activeElement.scrollLeft > b, before, { timeout: 2000 }).catch(() => {});
      const after = await page.evaluate(() => document.activeElement.scrollLeft);
      assert.ok(after > before, `ArrowRight did not scroll the table region on ${found.path} (scrollLeft ${before} → ${after})`);
      const outline = await page.evaluate(() => {
        const cs = getComputedStyle(document.activeElement);
        return cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0;
      });
      assert.ok(outline, 'the focused table region has no visible outline');
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
    }
  });

  test('a guideline chapter has one table of contents (the theme\'s), with sub-sections nested', async () => {
    const problems = [];
    let nested = 0;
    for (const p of pagesByTemplate(site.dir, 'chapter')) {
      await page.goto(site.origin + p.path);
      const r = await page.evaluate(() => {
        const main = document.querySelector('main');
        const ids = new Set([...main.querySelectorAll('h2[id], h3[id]')].map((h) => h.id));
        // A list whose every link points at a heading of this page is a table of contents.
        const tocs = [...main.querySelectorAll('ul, ol')].filter((l) => !l.parentElement.closest('ul, ol')).filter((l) => {
          const a = [...l.querySelectorAll('a[href]')];
          return a.length >= 2 && a.every((x) => x.getAttribute('href').startsWith('#') && ids.has(x.getAttribute('href').slice(1)));
        });
        const nav = main.querySelector('nav.toc');
        return {
          tocs: tocs.length,
          inNav: tocs.filter((l) => l.closest('nav.toc')).length,
          navLabel: nav ? (document.getElementById(nav.getAttribute('aria-labelledby') || '')?.textContent || '').trim() : null,
          flatH3: nav ? [...nav.querySelectorAll(':scope > ul > li.toc-l3')].length : 0,
          nestedH3: nav ? nav.querySelectorAll('ul ul > li.toc-l3').length : 0,
        };
      });
      if (r.tocs > 1) problems.push(`  ${p.path}: ${r.tocs} tables of contents`);
      if (r.tocs === 1 && r.inNav !== 1) problems.push(`  ${p.path}: the table of contents is not the theme's labelled nav`);
      if (r.navLabel === '') problems.push(`  ${p.path}: the contents nav has no heading`);
      if (r.flatH3) problems.push(`  ${p.path}: ${r.flatH3} sub-section(s) listed at the top level of the contents`);
      nested += r.nestedH3;
    }
    assert.equal(problems.length, 0, problems.join('\n'));
    assert.ok(nested > 0, 'no chapter contents list nests sub-sections (expected some in the bundled guidelines)');
  });

  test('no request left the site origin; no CSP violation', () => {
    assert.equal(ctx.offOrigin.length, 0, `off-origin requests were blocked:\n${formatOffOrigin(ctx.offOrigin)}`);
    assert.equal(ctx.cspViolations.length, 0, `CSP violations:\n${formatCsp(ctx.cspViolations)}`);
  });
});
