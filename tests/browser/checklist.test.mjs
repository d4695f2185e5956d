// The self-assessment checklist (guidelines chapter 7, self-assessment.js):
// without JavaScript a form with the chapter that helps each area and no
// summary; with it, answers survive a reload (localStorage), the summary
// counts them per area and links each area with a "partly" or "no" answer
// to its chapter, "Clear answers" forgets them, and answering sends no
// request at all. Runs in Latvian and English.
import { describe, before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { getSite, launch, lockedContext } from './lib.mjs';

const PAGES = { lv: '/vadlinijas/pasnovertejums/', en: '/en/guidelines/pasnovertejums/' };

describe('self-assessment checklist', () => {
  let site; let br;
  before(async () => { site = await getSite(); br = await launch(); });
  after(async () => { await br?.close(); await site?.close(); });

  test('without JavaScript: a form, the helping chapters, no summary', async () => {
    const ctx = await lockedContext(br.browser, site.origin, { javaScriptEnabled: false });
    const page = await ctx.newPage();
    await page.goto(site.origin + PAGES.lv);
    assert.equal(await page.locator('.checklist fieldset').count(), 31);
    assert.ok(await page.locator('.checklist-helps a').count() >= 7, 'each area names the chapter that helps');
    await page.check('#q-1-1-no');
    assert.equal(await page.isChecked('#q-1-1-no'), true, 'radios work without the script');
    assert.equal(await page.locator('#checklist-summary').isVisible(), false, 'the summary needs the script');
    await ctx.close();
  });

  for (const [lang, url] of Object.entries(PAGES)) {
    test(`with JavaScript (${lang}): kept in the browser only, summed per area, cleared`, async () => {
      const ctx = await lockedContext(br.browser, site.origin);
      const page = await ctx.newPage();
      await page.goto(site.origin + url);
      const summary = page.locator('#checklist-summary');
      assert.equal(await summary.isVisible(), true);
      const area = summary.locator('li[data-area="merkis-un-mandats"]');
      assert.equal(await area.locator('.area-advice').isVisible(), false, 'no advice before any weak answer');

      // Answering sends nothing: no request of any kind after the page has loaded.
      // The browser fetches the tab's icon by itself, when it likes (after the
      // load event, sometimes only after the first click); that request is the
      // browser's, not the page's, so it is the one URL left out.
      await page.waitForLoadState('networkidle');
      const icon = await page.evaluate(() => document.querySelector('link[rel~="icon"]')?.href ?? null);
      const requests = [];
      page.on('request', (r) => { if (r.url() !== icon) requests.push(r.method() + ' ' + r.url()); });
      await page.check('#q-1-1-no');
      await page.check('#q-1-2-yes');
      await page.check('#q-1-3-partly');
      assert.deepEqual(requests, [], 'answering made no request');
      const counts = await area.locator('.area-counts').textContent();
      assert.match(counts, /^1 \D+, 1 \D+, 1 \D+, 2 \D+$/, counts);
      assert.equal(await area.locator('.area-advice').isVisible(), true, 'a weak area links to its chapter');
      const href = await area.locator('.area-advice a').getAttribute('href');
      assert.match(href, /\/laboratorijas-izveide\/$/);

      // Kept in localStorage, and restored after a reload.
      const stored = await page.evaluate(() => window.localStorage.getItem('inolab-self-assessment'));
      assert.deepEqual(JSON.parse(stored), { '1.1': 'no', '1.2': 'yes', '1.3': 'partly' });
      await page.reload();
      assert.equal(await page.isChecked('#q-1-1-no'), true);
      assert.equal(await page.isChecked('#q-1-3-partly'), true);
      assert.notEqual(await page.locator('.checklist-status').textContent(), '', 'the restore is said');

      // Clear forgets everything.
      await page.click('.checklist-clear');
      assert.equal(await page.isChecked('#q-1-1-no'), false);
      assert.equal(await page.evaluate(() => window.localStorage.getItem('inolab-self-assessment')), null);
      assert.equal(await area.locator('.area-advice').isVisible(), false);
      assert.deepEqual(ctx.offOrigin, []);
      assert.deepEqual(ctx.cspViolations, []);
      await ctx.close();
    });
  }
});
