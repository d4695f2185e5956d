// Rendered content in the real browser: the indicators chart fits 1280 and 320 px with every
// label and value readable and its bars to scale; Markdown tables sit in labelled, focusable scroll
// regions that scroll by keyboard; a guideline chapter has one table of contents, not two.
import { describe, before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { getSite, launch, lockedContext, pagesByTemplate, htmlPages, tabTo, describeActive, formatOffOrigin, formatCsp } from './lib.mjs';

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
    for (const width of [1280, 320]) {
      test(`indicators chart ${path} at ${width} px: every label and value readable in full, bars to scale, nothing scrolls`, async () => {
        await page.setViewportSize({ width, height: 800 });
        try {
          const r = await page.goto(site.origin + path);
          assert.equal(r.status(), 200);
          const m = await page.evaluate(() => {
            const fig = document.querySelector('figure.chart');
            if (!fig) return null;
            const name = (fig.getAttribute('aria-labelledby') || '').split(/\s+/).map((id) => document.getElementById(id)?.textContent || '').join(' ').trim();
            const fr = fig.getBoundingClientRect();
            const rows = [...fig.querySelectorAll('.chart-row')].map((row) => {
              const label = row.querySelector('.chart-label');
              const num = row.querySelector('.chart-num');
              const track = row.querySelector('.chart-track');
              const bar = row.querySelector('.bar');
              const clipped = [label, num].some((e) => !e || e.scrollWidth > e.clientWidth + 1 || e.getBoundingClientRect().right > fr.right + 1 || e.getBoundingClientRect().left < fr.left - 1);
              return {
                text: `${label?.textContent} = ${num?.textContent}`,
                value: Number((num?.textContent || '').replace(/[^0-9]/g, '')),
                barShare: bar && track ? bar.getBoundingClientRect().width / track.getBoundingClientRect().width : -1,
                clipped,
                outside: row.getBoundingClientRect().right > fr.right + 1,
              };
            });
            return {
              name, rows, figRight: fr.right, vw: document.documentElement.clientWidth,
              pageScrolls: document.documentElement.scrollWidth > document.documentElement.clientWidth + 1,
              figScrolls: fig.scrollWidth > fig.clientWidth + 1,
            };
          });
          assert.ok(m, `${path} has no figure.chart`);
          assert.ok(m.name.length > 10, `the chart has no accessible name (aria-labelledby): "${m.name}"`);
          assert.ok(m.rows.length >= 4, `only ${m.rows.length} bars`);
          assert.ok(!m.pageScrolls && !m.figScrolls && m.figRight <= m.vw + 1, `the chart does not fit ${width} px (figure right edge ${m.figRight}, viewport ${m.vw})`);
          const bad = m.rows.filter((x) => x.clipped || x.outside);
          assert.equal(bad.length, 0, `labels or values cut off at ${width} px:\n  ${bad.map((x) => x.text).join('\n  ')}`);
          const max = Math.max(...m.rows.map((x) => x.value));
          const off = m.rows.filter((x) => Math.abs(x.barShare - x.value / max) > 0.02);
          assert.equal(off.length, 0, `bars not to scale (share of the track vs value/max):\n  ${off.map((x) => `${x.text}: ${x.barShare.toFixed(3)} vs ${(x.value / max).toFixed(3)}`).join('\n  ')}`);
        } finally {
          await page.setViewportSize({ width: 1280, height: 800 });
        }
      });
    }
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
    // The data table on the indicators page is wider than 320 px; Markdown tables may be.
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

  test('editor notes are present but quiet: a closed disclosure after the main content', async () => {
    const withNote = htmlPages(site.dir).filter((p) => /class="editor-note"/.test(fs.readFileSync(p.file, 'utf8')));
    assert.ok(withNote.length > 0, 'no page with an editor note in the build');
    const problems = [];
    for (const p of withNote) {
      await page.goto(site.origin + p.path);
      const r = await page.evaluate(() => [...document.querySelectorAll('main .editor-note')].map((n) => {
        const article = n.closest('article') || document.querySelector('main');
        const after = (sel) => [...article.querySelectorAll(sel)].every((c) => c.compareDocumentPosition(n) & Node.DOCUMENT_POSITION_FOLLOWING);
        return {
          details: n.tagName === 'DETAILS', open: n.open,
          summary: n.querySelector('summary')?.textContent.trim() || '',
          text: n.querySelector('p')?.textContent.trim().length || 0,
          afterContent: after('.prose, .summary-list, .lead'),
        };
      }));
      for (const [i, x] of r.entries()) {
        if (!x.details || x.open) problems.push(`  ${p.path} note ${i + 1}: not a closed <details>`);
        if (!/Redaktora piezīme|Editor's note/.test(x.summary)) problems.push(`  ${p.path} note ${i + 1}: summary "${x.summary}" does not name it`);
        if (!x.text) problems.push(`  ${p.path} note ${i + 1}: empty`);
        if (!x.afterContent) problems.push(`  ${p.path} note ${i + 1}: comes before the main content`);
      }
    }
    assert.equal(problems.length, 0, problems.join('\n'));
  });

  test('one way back to the section: no section link above a record\'s title besides the breadcrumbs', async () => {
    const problems = [];
    for (const tpl of ['sprint', 'prototype', 'term', 'news', 'institution', 'chapter']) {
      for (const p of pagesByTemplate(site.dir, tpl).slice(0, 2)) {
        await page.goto(site.origin + p.path);
        const dup = await page.evaluate(() => {
          const h1 = document.querySelector('main h1');
          const crumbs = new Set([...document.querySelectorAll('.breadcrumbs a')].map((a) => a.getAttribute('href')));
          return [...document.querySelectorAll('main a[href]')]
            .filter((a) => a.compareDocumentPosition(h1) & Node.DOCUMENT_POSITION_FOLLOWING)
            .filter((a) => crumbs.has(a.getAttribute('href'))).map((a) => a.getAttribute('href'));
        });
        if (dup.length) problems.push(`  ${p.path}: ${dup.join(', ')} repeats the breadcrumbs above the title`);
      }
    }
    assert.equal(problems.length, 0, problems.join('\n'));
  });

  test('easy-to-read Latvian: linked from the header of every Latvian page; short sentences, no abbreviations', async () => {
    const lv = htmlPages(site.dir).filter((p) => p.lang === 'lv' && !p.path.endsWith('404.html'));
    const missing = lv.filter((p) => !/<header[\s\S]*<a class="easy-read" href="[^"]*\/viegli-lasit\/"[\s\S]*<\/header>/.test(fs.readFileSync(p.file, 'utf8')));
    assert.equal(missing.length, 0, `${missing.length} Latvian page(s) without the "Viegli lasīt" link in the header: ${missing.slice(0, 5).map((p) => p.path).join(', ')}`);
    await page.goto(site.origin + '/');
    const hub = await page.evaluate(() => document.querySelector('header a.easy-read')?.href);
    const r = await page.goto(hub);
    assert.equal(r.status(), 200, `${hub}: ${r.status()}`);
    const pages = [new URL(hub).pathname, ...await page.evaluate(() => [...document.querySelectorAll('main .prose a[href*="viegli-lasit-"]')].map((a) => new URL(a.href).pathname))];
    assert.ok(pages.length >= 4, `the easy-to-read hub links only ${pages.length - 1} page(s) (want: the lab, a sprint, how to apply)`);
    const problems = [];
    for (const path of [...new Set(pages)]) {
      const resp = await page.goto(site.origin + path);
      assert.equal(resp.status(), 200, `${path}: ${resp.status()}`);
      const text = await page.evaluate(() => [document.querySelector('main h1'), ...document.querySelectorAll('main .prose p, main .prose li, main .prose h2')].map((e) => e.innerText).join('\n'));
      const clean = text.replace(/\S+@\S+/g, 'e-pasts');
      const sentences = clean.split(/(?<=[.!?:])\s+(?=[A-ZĀČĒĢĪĶĻŅŠŪŽ0-9])|\n+/).map((x) => x.trim()).filter(Boolean);
      const words = (x) => x.split(/\s+/).filter((w) => /[\p{L}\d]/u.test(w)).length;
      const long = sentences.filter((x) => words(x) > 15);
      if (long.length) problems.push(`  ${path}: sentence(s) over 15 words: ${long.map((x) => `"${x}"`).join('; ')}`);
      const avg = sentences.reduce((n, x) => n + words(x), 0) / sentences.length;
      if (avg > 10) problems.push(`  ${path}: ${avg.toFixed(1)} words per sentence on average (want ≤ 10)`);
      const abbr = clean.match(/\b[A-ZĀČĒĢĪĶĻŅŠŪŽ]{2,}\b|\b(?:u\.c|utt|piem|t\.i|sk|tālr|nr)\./g);
      if (abbr) problems.push(`  ${path}: abbreviations: ${[...new Set(abbr)].join(', ')}`);
    }
    assert.equal(problems.length, 0, problems.join('\n'));
  });

  for (const [path, width] of [['/sprinti/', 320], ['/en/sprints/', 1280]]) {
    test(`sprint timeline on ${path} at ${width} px: every listed sprint, bars at its dates, named, described, a table with the same data, links by keyboard`, async () => {
      await page.setViewportSize({ width, height: 800 });
      try {
        await page.goto(site.origin + path);
        const m = await page.evaluate(() => {
          const fig = document.querySelector('figure.tl');
          if (!fig) return null;
          const label = (id) => (document.getElementById(id)?.textContent || '').trim();
          const dayShare = (d, end) => {
            const [y, mo, da] = d.split('-').map(Number);
            return ((mo - 1) * 100 + (da - (end ? 0 : 1)) * 100 / 31) / 1200;
          };
          const rows = [...fig.querySelectorAll('.tl-row')].map((r) => {
            const times = [...r.querySelectorAll('.tl-dates time')].map((t) => t.getAttribute('datetime')).filter((d) => d.length === 10);
            const track = r.querySelector('.tl-track').getBoundingClientRect();
            const bar = r.querySelector('.tl-bar').getBoundingClientRect();
            const a = r.querySelector('a[href]');
            return {
              title: a.textContent.trim(), href: a.getAttribute('href'), times,
              start: (bar.left - track.left) / track.width, end: (bar.right - track.left) / track.width,
              fits: r.scrollWidth <= r.clientWidth + 1 && track.right <= document.documentElement.clientWidth + 1,
              tabbable: a.tabIndex >= 0 && a.getClientRects().length > 0,
            };
          });
          const table = [...document.querySelectorAll('.tl-table tbody tr')].map((tr) => ({
            title: tr.querySelector('th').textContent.trim(),
            times: [...tr.querySelectorAll('time')].map((t) => t.getAttribute('datetime')),
          }));
          const cards = [...document.querySelectorAll('#sprint-cards > li > h2 a')].map((a) => a.getAttribute('href'));
          return {
            name: label(fig.getAttribute('aria-labelledby')), desc: label(fig.getAttribute('aria-describedby')),
            caption: (document.querySelector('.tl-table caption')?.textContent || '').trim(),
            rows, table, cards,
            shares: rows.filter((r) => r.times.length === 2 && r.times[0].slice(0, 4) === r.times[1].slice(0, 4))
              .map((r) => ({ title: r.title, start: r.start, end: r.end, want: [dayShare(r.times[0]), dayShare(r.times[1], true)] })),
          };
        });
        assert.ok(m, `${path}: no figure.tl timeline`);
        assert.ok(m.name && m.desc.length > 40, `the timeline needs a name and a description (got "${m.name}", "${m.desc}")`);
        assert.ok(m.caption, 'the timeline table has no caption');
        assert.deepEqual([...m.rows.map((r) => r.href)].sort(), [...m.cards].sort(), 'the timeline does not show exactly the sprints listed on the page');
        assert.deepEqual(m.table.map((r) => [r.title, r.times.join('/')]), m.rows.map((r) => [r.title, r.times.join('/')]), 'the table does not give the same sprints and dates as the timeline');
        const off = m.shares.filter((x) => Math.abs(x.start - x.want[0]) > 0.01 || Math.abs(x.end - x.want[1]) > 0.01);
        assert.equal(off.length, 0, `bars not at their dates:\n  ${off.map((x) => `${x.title}: ${x.start.toFixed(3)}–${x.end.toFixed(3)} vs ${x.want.map((w) => w.toFixed(3)).join('–')}`).join('\n  ')}`);
        const bad = m.rows.filter((r) => !r.fits || !r.tabbable);
        assert.equal(bad.length, 0, `rows that do not fit ${width} px or whose link is not reachable by Tab: ${bad.map((r) => r.title).join(', ')}`);
        // And by keyboard: Tab reaches the first timeline link, Enter opens it.
        const first = m.rows[0].href;
        await page.evaluate((h) => document.querySelector(`figure.tl a[href="${h}"]`).setAttribute('data-first', ''), first);
        const n = await tabTo(page, 'figure.tl a[data-first]', 400);
        assert.ok(n > 0, `Tab never reached the timeline link ${first}; focus on ${await describeActive(page)}`);
        await Promise.all([page.waitForURL((u) => u.pathname === first, { timeout: 10_000 }), page.keyboard.press('Enter')]);
      } finally {
        await page.setViewportSize({ width: 1280, height: 800 });
      }
    });
  }

  test('no request left the site origin; no CSP violation', () => {
    assert.equal(ctx.offOrigin.length, 0, `off-origin requests were blocked:\n${formatOffOrigin(ctx.offOrigin)}`);
    assert.equal(ctx.cspViolations.length, 0, `CSP violations:\n${formatCsp(ctx.cspViolations)}`);
  });
});
