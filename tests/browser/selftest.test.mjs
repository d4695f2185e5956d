// The suite must be able to fail: axe on the committed broken fixture must report
// image-alt, color-contrast and label. Its readable report is printed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, lockedContext, runAxe, formatViolations, FIXTURES } from './lib.mjs';
import { startServer } from './server.mjs';
import os from 'node:os';
import fs from 'node:fs';

test('self-test: axe reports image-alt, color-contrast and label on fixtures/broken.html', async () => {
  // Served by the same static server, from the fixtures dir (site root: an empty temp dir if no build).
  const root = process.env.SITE_DIR && fs.existsSync(process.env.SITE_DIR) ? process.env.SITE_DIR : fs.mkdtempSync(os.tmpdir() + '/inolab-empty-');
  // run.sh's server (SITE_ORIGIN) serves tests/browser/fixtures under /__fixtures__/.
  const srv = process.env.SITE_ORIGIN
    ? { origin: process.env.SITE_ORIGIN.replace(/\/$/, ''), close: async () => {} }
    : await startServer({ root, fixtures: FIXTURES });
  const br = await launch();
  try {
    const ctx = await lockedContext(br.browser, srv.origin);
    const page = await ctx.newPage();
    const url = `${srv.origin}/__fixtures__/broken.html`;
    const r = await page.goto(url);
    assert.equal(r.status(), 200);
    const v = await runAxe(page);
    console.log(`self-test report for the deliberately broken fixture (expected violations):\n${formatViolations(url, v)}`);
    const ids = new Set(v.map((x) => x.id));
    for (const id of ['image-alt', 'color-contrast', 'label']) assert.ok(ids.has(id), `axe did not report ${id}; got: ${[...ids].join(', ')}`);
    // And the 404 handling of the same server.
    const nf = await page.goto(`${srv.origin}/does-not-exist/`);
    assert.equal(nf.status(), 404, 'static server must answer 404 for missing pages');
    assert.equal(ctx.offOrigin.length, 0);
    await ctx.close();
  } finally {
    await br.close();
    await srv.close();
  }
});
