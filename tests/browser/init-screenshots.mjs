// Screenshots for docs/screenshots/init/: the home page of the site `inolab init`
// writes, first screen (800 px tall) at 375 and 1280 px. Not a test: a tool.
//
//   inolab init def --name "Pilsētas inovācijas laboratorija" --institution "Pilsētas dome"
//   inolab init green --name "…" --institution "…" --color "#2e6b30"
//   inolab build --root def --output def-public; inolab build --root green --output green-public
//   node tests/browser/init-screenshots.mjs def-public default docs/screenshots/init
//   node tests/browser/init-screenshots.mjs green-public rebranded docs/screenshots/init
import path from 'node:path';
import { launch, goto } from './lib.mjs';
import { startServer } from './server.mjs';

const [dir, name, out] = process.argv.slice(2);
if (!dir || !name || !out) throw new Error('usage: init-screenshots.mjs SITE_DIR NAME OUT_DIR');
const s = await startServer({ root: dir });
const { browser, close } = await launch();
try {
  for (const width of [375, 1280]) {
    const ctx = await browser.newContext({ viewport: { width, height: 800 } });
    const page = await ctx.newPage();
    const r = await goto(page, s.origin + '/');
    if (!r || r.status() !== 200) throw new Error(`/: HTTP ${r && r.status()}`);
    const f = path.join(out, `home-${name}-${width}.png`);
    await page.screenshot({ path: f });
    console.log(f);
    await ctx.close();
  }
} finally {
  await close();
  await s.close();
}
