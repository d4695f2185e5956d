// Combined sprint filters: the facets file's size and the time from a click
// on a facet checkbox to the updated list, in Chromium, on a built site
// whose index has a facets file. Bytes and timings are printed, never
// asserted (tests/browser/filters.test.mjs checks the behaviour).
//
//   SITE_DIR=/path/to/build node benches/search-filters.mjs [--clicks 20]
//
// Needs tests/browser/node_modules (playwright-core) and Debian's chromium.
// Each click checks or unchecks one box (cycling through the first values
// of every facet); the time is measured in the page, from the click to
// filters.js's `filters-updated` event (the new list is in the DOM). The first click includes the fragments' first fetch.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { getSite, launch, lockedContext } from '../tests/browser/lib.mjs';

const args = process.argv.slice(2);
const clicks = +(args[args.indexOf('--clicks') + 1] || 20) || 20;
const site = await getSite();
const br = await launch();
const ctx = await lockedContext(br.browser, site.origin, { viewport: { width: 1280, height: 900 } });
const page = await ctx.newPage();
let facetBytes = 0;
page.on('response', async (r) => { if (/\/f\/[^/]+\.bin$/.test(r.url())) facetBytes += (await r.body()).length; });
await page.goto(site.origin + '/sprinti/');
await page.waitForSelector('.facet-check', { timeout: 15_000 });
const dir = join(site.dir, 'search-index', 'lv');
const m = JSON.parse(readFileSync(join(dir, readdirSync(dir).find((f) => f.startsWith('manifest-'))), 'utf8'));
const boxes = await page.$$eval('.facet-check', (bs) => bs.map((b) => b.value));
const pick = await page.$$eval('nav.facets details', (ds) => ds.map((d) => [...d.querySelectorAll('.facet-check')].slice(0, 3).map((b) => b.value)).flat());
const times = [];
for (let i = 0; i < clicks; i++) {
  const value = pick[i % pick.length];
  const ms = await page.evaluate(async (v) => {
    const root = document.querySelector('[data-filters]');
    const box = document.querySelector(`.facet-check[value="${v}"]`);
    return new Promise((resolve) => {
      const t0 = performance.now();
      root.addEventListener('filters-updated', () => resolve(performance.now() - t0), { once: true });
      box.click();
    });
  }, value);
  times.push(ms);
}
const sorted = [...times].sort((a, b) => a - b);
console.log(`site ${site.dir}: ${boxes.length} checkboxes; facets file ${m.facets} ${facetBytes} B as served (gzip)`);
console.log(`click → updated list over ${clicks} clicks: first ${times[0].toFixed(1)} ms, median ${sorted[sorted.length >> 1].toFixed(1)} ms, max ${sorted[sorted.length - 1].toFixed(1)} ms`);
await ctx.close();
await br.close();
await site.close();
