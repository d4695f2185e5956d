// axe-core (WCAG 2.0/2.1/2.2 A+AA tags) on EVERY built HTML page of both languages,
// in three conditions: 1280×800 light, 1280×800 dark (prefers-color-scheme), 320×640 light.
// The 320 px pass also measures reflow (no horizontal scrolling, WCAG 1.4.10).
// Pages are served with the build's own `_headers` (see server.mjs), so the browser
// enforces the site's Content-Security-Policy on every page: any violation fails.
import { describe, before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  getSite, launch, lockedContext, preloadAxe, htmlPages, runAxe, formatViolations, formatOffOrigin, formatCsp, pool,
} from './lib.mjs';

const WORKERS = Number(process.env.AXE_WORKERS || 2);
const CONDITIONS = ['desktop', 'dark', '320px'];

describe('axe-core on every page', () => {
  let site; let br; let ctx;
  const pages = [];
  const results = new Map(); // condition -> [{url, violations}]
  const reflow = []; // {url, scrollWidth, clientWidth}
  const loadErrors = [];
  const broken = new Map(); // failed same-origin subresource URL -> first page that requested it
  let cspHeader = null; // the Content-Security-Policy the home page was served with
  for (const c of CONDITIONS) results.set(c, []);

  before(async () => {
    site = await getSite();
    pages.push(...htmlPages(site.dir));
    const perLang = pages.reduce((m, p) => ((m[p.lang] = (m[p.lang] || 0) + 1), m), {});
    console.log(`axe: checking ${pages.length} HTML pages (lv: ${perLang.lv || 0}, en: ${perLang.en || 0}) × ${CONDITIONS.length} conditions with ${WORKERS} parallel pages`);
    br = await launch();
    ctx = await lockedContext(br.browser, site.origin, { viewport: { width: 1280, height: 800 } });
    await preloadAxe(ctx);
    const newTab = async () => {
      const t = await ctx.newPage();
      t.on('response', (r) => {
        if (r.status() >= 400 && r.request().resourceType() !== 'document' && !broken.has(r.url())) broken.set(r.url(), `HTTP ${r.status()}, first seen on ${r.frame().url()}`);
      });
      return t;
    };
    const tabs = await Promise.all(Array.from({ length: WORKERS }, newTab));
    const uses = tabs.map(() => 0);
    const t0 = Date.now();
    await pool(pages, WORKERS, async (p, w, idx) => {
      // Recycle each tab every 40 pages to keep renderer memory (and per-page time) flat.
      if (++uses[w] % 40 === 0) { await tabs[w].close(); tabs[w] = await newTab(); }
      const page = tabs[w];
      const url = site.origin + p.path;
      try {
        await page.setViewportSize({ width: 1280, height: 800 });
        await page.emulateMedia({ colorScheme: 'light', media: 'screen' });
        const resp = await page.goto(url, { waitUntil: 'load' });
        if (p.path === '/' && resp) cspHeader = (await resp.allHeaders())['content-security-policy'] || '';
        if (!resp || resp.status() >= 400 && !p.path.endsWith('404.html')) {
          loadErrors.push(`${url}: HTTP ${resp ? resp.status() : 'no response'}`);
        }
        results.get('desktop').push({ url, violations: await runAxe(page) });

        await page.emulateMedia({ colorScheme: 'dark' });
        await settle(page);
        results.get('dark').push({ url, violations: await runAxe(page) });

        await page.emulateMedia({ colorScheme: 'light' });
        await page.setViewportSize({ width: 320, height: 640 });
        await settle(page);
        const m = await page.evaluate(() => ({
          scrollWidth: document.documentElement.scrollWidth,
          clientWidth: document.documentElement.clientWidth,
        }));
        reflow.push({ url, ...m });
        results.get('320px').push({ url, violations: await runAxe(page) });
      } catch (e) {
        loadErrors.push(`${url}: ${String(e.message || e).split('\n')[0]}`);
      }
      if ((idx + 1) % 50 === 0) console.log(`axe: ${idx + 1}/${pages.length} pages (${Math.round((Date.now() - t0) / 1000)} s)`);
    });
    console.log(`axe: done in ${Math.round((Date.now() - t0) / 1000)} s`);
  });

  after(async () => {
    await ctx?.close().catch(() => {});
    await br?.close();
    await site?.close();
  });

  // SITE_LANGS: the languages the site has (default lv,en; the init site run.sh tests is lv only).
  const langs = (process.env.SITE_LANGS || 'lv,en').split(',');
  test(`pages were found in every language (${langs.join(', ')}) and all loaded`, () => {
    for (const l of langs) assert.ok(pages.some((p) => p.lang === l), `no ${l} pages found`);
    const others = pages.filter((p) => !langs.includes(p.lang)).map((p) => p.path);
    assert.equal(others.length, 0, `pages in a language the site does not have:\n  ${others.join('\n  ')}`);
    assert.equal(loadErrors.length, 0, `pages failed to load:\n  ${loadErrors.join('\n  ')}`);
  });

  for (const c of CONDITIONS) {
    test(`zero axe violations (${c})`, () => {
      const bad = results.get(c).filter((r) => r.violations.length);
      if (bad.length) {
        const summary = summarise(bad);
        const detail = bad.slice(0, 40).map((r) => formatViolations(r.url, r.violations, c)).join('\n');
        const more = bad.length > 40 ? `\n  … and ${bad.length - 40} more page(s) (see the summary above)` : '';
        assert.fail(`${bad.length} of ${results.get(c).length} pages have axe violations [${c}]\n` +
          `Summary (rule, impact, pages, elements):\n${summary}\nDetails:\n${detail}${more}`);
      }
    });
  }

  test('reflow: no horizontal scrolling at 320 px (scrollWidth ≤ clientWidth + 1)', () => {
    const bad = reflow.filter((r) => r.scrollWidth > r.clientWidth + 1);
    assert.equal(bad.length, 0, `${bad.length} page(s) scroll horizontally at 320 px:\n` +
      bad.map((r) => `  ${r.url}: scrollWidth ${r.scrollWidth} > clientWidth ${r.clientWidth}`).join('\n'));
  });

  test('no broken same-origin resources (CSS, JS, images, fonts: no 4xx/5xx)', () => {
    assert.equal(broken.size, 0, `${broken.size} resource(s) failed to load:\n` + [...broken].map(([u, w]) => `  ${u}: ${w}`).join('\n'));
  });

  test('every page is served with the site\'s own CSP (_headers) and violates none of it', () => {
    assert.ok(cspHeader, 'the home page was served without a Content-Security-Policy: is static/_headers in the build?');
    assert.match(cspHeader, /style-src 'self'/, `unexpected CSP: ${cspHeader}`);
    assert.equal(ctx.cspViolations.length, 0, `${ctx.cspViolations.length} CSP violation(s) with "${cspHeader}":\n${formatCsp(ctx.cspViolations)}`);
  });

  test('no request left the site origin', () => {
    assert.equal(ctx.offOrigin.length, 0, `off-origin requests were blocked:\n${formatOffOrigin(ctx.offOrigin)}`);
  });
});

async function settle(page) {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

function summarise(bad) {
  const by = new Map();
  for (const r of bad) {
    for (const v of r.violations) {
      const k = v.id;
      const e = by.get(k) || { id: v.id, impact: v.impact, help: v.help, pages: 0, nodes: 0, example: r.url };
      e.pages += 1; e.nodes += v.nodeCount ?? v.nodes.length;
      by.set(k, e);
    }
  }
  return [...by.values()].sort((a, b) => b.pages - a.pages)
    .map((e) => `  ${e.id} (${e.impact}): ${e.pages} page(s), ${e.nodes} element(s) — ${e.help}; e.g. ${e.example}`).join('\n');
}
