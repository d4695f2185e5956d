// Combined sprint filters (filters.js) on the Latvian sprint list, checked
// against the static facet pages, which are the truth: without JavaScript
// the facet links are the filters; with it, checking a value in two facets
// shows exactly the sprints listed on both facet pages, the count follows
// and is announced, the URL keeps the selection (back button, reload).
//
// The facets file comes from the build once the sprint documents carry
// their facets (search::Field::Facet). If the built index has none, this
// test serves one made from the static facet pages, in the same format
// (src/search/facets.rs), so the browser side is checked either way.
import { describe, before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync, gunzipSync } from 'node:zlib';
import { getSite, launch, lockedContext } from './lib.mjs';

const LIST = '/sprinti/';

describe('combined sprint filters (lv)', () => {
  let site; let br;
  before(async () => { site = await getSite(); br = await launch(); });
  after(async () => { await br?.close(); await site?.close(); });

  /** Every sprint listed on a static list page and the pages after it. */
  async function members(page, url) {
    const out = [];
    for (let next = url; next;) {
      await page.goto(next);
      out.push(...await page.$$eval('#sprint-cards > li > h2 a', (as) => as.map((a) => new URL(a.href).pathname)));
      next = await page.$eval('nav.pagination a[rel=next]', (a) => a.href).catch(() => null);
    }
    return out;
  }

  /** The facet groups of the list's nav: [[facet page path, …], …]. */
  const groups = (page) => page.$$eval('nav.facets details', (ds) => ds.map((d) =>
    [...d.querySelectorAll('li > a[href]')].map((a) => new URL(a.href).pathname)));

  test('without JavaScript the facet links are the filters (no checkboxes)', async () => {
    const ctx = await lockedContext(br.browser, site.origin, { javaScriptEnabled: false });
    const page = await ctx.newPage();
    await page.goto(site.origin + LIST);
    assert.equal(await page.locator('.facet-check').count(), 0);
    const link = page.locator('nav.facets details li > a[href]').first();
    const href = await link.evaluate((a) => a.href);
    await Promise.all([page.waitForURL(href), link.click()]);
    assert.ok(await page.locator('#sprint-cards > li').count() > 0, `${href} lists no sprint`);
    await ctx.close();
  });

  test('with JavaScript, two facets combine; count, announcement, URL, back and reload follow', async () => {
    const ctx = await lockedContext(br.browser, site.origin, { viewport: { width: 1280, height: 900 } });
    const page = await ctx.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(site.origin + LIST);
    const manifestUrl = new URL(await page.$eval('[data-filters]', (e) => e.dataset.filters), site.origin).href;
    const staticCount = (await page.textContent('#result-count')).trim();
    const gs = (await groups(page)).filter((g) => g.length);
    // Static membership of every value shown (the truth).
    const of = new Map();
    for (const g of gs) for (const url of g) of.set(url, await members(page, site.origin + url));

    const manifest = await (await page.request.get(manifestUrl)).json();
    if (!manifest.facets) {
      // Serve the facets file the build would write, from the static pages.
      const [, a, b] = manifest.kinds.find((k) => k[0] === 'sprint');
      const id = new Map();
      for (let d = a; d < b; d++) {
        // Fragment packs (src/search/index.rs): an offset table, then gzips.
        const pack = await (await page.request.get(new URL(manifest.frag + Math.floor(d / manifest.fk) + '.bin', manifestUrl).href)).body();
        const j = d % manifest.fk;
        const raw = pack.subarray(pack.readUInt32LE(4 * j), pack.readUInt32LE(4 * j + 4));
        const f = JSON.parse((raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw).toString('utf8'));
        id.set(new URL(f.url, site.origin).pathname, d);
      }
      const bytes = [];
      const v = (x) => { while (x >= 128) { bytes.push((x & 127) | 128); x = Math.floor(x / 128); } bytes.push(x); };
      const s = (t) => { const u = Buffer.from(t); v(u.length); bytes.push(...u); };
      const names = gs.map((_, i) => 'g' + i).sort();
      v(gs.length);
      for (const name of names) {
        const g = gs[+name.slice(1)].slice().sort();
        s(name); v(g.length);
        for (const url of g) {
          const docs = of.get(url).map((u) => id.get(u)).sort((x, y) => x - y);
          s(url); v(docs.length);
          docs.forEach((d, i) => v(i ? d - docs[i - 1] : d));
        }
      }
      const facetFile = gzipSync(Buffer.from(bytes));
      await page.route(manifestUrl, (r) => r.fulfill({ contentType: 'application/json', body: JSON.stringify({ ...manifest, facets: 'f/test.bin' }) }));
      await page.route(new URL('f/test.bin', manifestUrl).href, (r) => r.fulfill({ contentType: 'application/octet-stream', body: facetFile }));
    }

    await page.goto(site.origin + LIST);
    await page.waitForSelector('.facet-check', { timeout: 10_000 });
    // Two values of different facets whose pages share sprints.
    let pick = null;
    for (let i = 0; i < gs.length && !pick; i++) for (let j = i + 1; j < gs.length && !pick; j++) {
      for (const x of gs[i]) for (const y of gs[j]) {
        const both = of.get(x).filter((u) => of.get(y).includes(u));
        if (!pick && both.length > 1 && both.length < of.get(x).length) pick = { x, y, both };
      }
    }
    assert.ok(pick, 'no two facet values share sprints');
    const box = (url) => page.locator(`.facet-check[value="${url}"]`);
    const shown = () => page.$$eval('#sprint-cards > li > h2 a', (as) => as.map((a) => new URL(a.href).pathname).sort());
    const want = (list) => list.slice().sort();
    const settle = (n) => page.waitForFunction((k) => document.querySelectorAll('#sprint-cards > li').length === k, Math.min(n, 30), { timeout: 10_000 });

    await box(pick.x).check();
    await settle(of.get(pick.x).length);
    const one = await shown();
    if (of.get(pick.x).length <= 30) assert.deepEqual(one, want(of.get(pick.x)));
    else assert.ok(one.length === 30 && one.every((u) => of.get(pick.x).includes(u)));
    await box(pick.y).check();
    await settle(pick.both.length);
    assert.deepEqual(await shown(), want(pick.both), 'the list is not the sprints of both facet pages');
    assert.match(await page.textContent('#result-count'), new RegExp(`\\b${pick.both.length}\\b`));
    await page.waitForFunction((n) => new RegExp(`\\b${n}\\b`).test(document.getElementById('filter-status').textContent), pick.both.length, { timeout: 5000 });
    const q = new URL(page.url()).searchParams;
    const ids = [...q.values()];
    for (const url of [pick.x, pick.y]) assert.ok(ids.includes(url.split('/').filter(Boolean).pop()), `${url} not in ${page.url()}`);
    const shared = page.url();

    // Back: one value again; back once more: the page as built.
    await page.goBack();
    await settle(of.get(pick.x).length);
    assert.equal(await box(pick.y).isChecked(), false);
    assert.equal(await box(pick.x).isChecked(), true);
    await page.goBack();
    await page.waitForFunction((t) => document.getElementById('result-count').textContent.trim() === t, staticCount, { timeout: 5000 });
    assert.equal(await page.locator('.facet-check:checked').count(), 0);

    // Reload of the shared URL: the same selection.
    await page.goto(shared);
    await page.waitForSelector('.facet-check', { timeout: 10_000 });
    await settle(pick.both.length);
    assert.deepEqual(await shown(), want(pick.both));
    assert.equal(await box(pick.x).isChecked(), true);
    assert.equal(await box(pick.y).isChecked(), true);
    assert.deepEqual(errors, []);
    assert.deepEqual(ctx.offOrigin, [], 'requests left the site');
    await ctx.close();
  });
});
