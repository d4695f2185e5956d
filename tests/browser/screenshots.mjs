// Screenshots for docs/screenshots/: home, the sprint list, a sprint, the
// glossary, an annex chapter, the indicators and a search, in both languages,
// at 375 px and 1280 px (issues 4 and 19). The first screen (800 px tall) of
// each; the full height of each page is written to heights.txt beside them.
// Not a test: a tool, rerun after a visible theme change.
//
//   SITE_DIR=public node tests/browser/screenshots.mjs [OUT_DIR]
//
// SITE_DIR is a built site (`cargo run --release -- build`); OUT_DIR
// defaults to docs/screenshots. Pages are the first of each kind found in
// the build, so the set follows the content.
import fs from 'node:fs';
import path from 'node:path';
import { getSite, launch, goto, HERE } from './lib.mjs';

const out = process.argv[2] || path.join(HERE, '..', '..', 'docs', 'screenshots');
const site = await getSite();
// Section folders inside sprinti/ and vadlinijas/ (site.yaml `sections`).
const NOT_RECORDS = new Set(['gadi', 'temas', 'rezultati', 'statuss', 'lapa', 'drukai']);
const first = (rel) => {
  const d = path.join(site.dir, rel);
  return fs.readdirSync(d, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !NOT_RECORDS.has(e.name))
    .map((e) => e.name).sort()[0];
};
const sprint = process.env.SPRINT || first('sprinti');
const chapter = process.env.CHAPTER || 'inovacijas-sprinta-norise';
const shots = {
  'home-lv': '/', 'home-en': '/en/',
  'sprint-lv': `/sprinti/${sprint}/`, 'sprint-en': `/en/sprints/${sprint}/`,
  'glossary-lv': '/terminu-vardnica/', 'glossary-en': '/en/glossary/',
  'chapter-lv': `/vadlinijas/${chapter}/`, 'chapter-en': `/en/guidelines/${chapter}/`,
  'sprints-lv': '/sprinti/', 'sprints-en': '/en/sprints/',
  'indicators-lv': '/raditaji/', 'indicators-en': '/en/indicators/',
  'search-lv': '/meklet/?q=dizains', 'search-en': '/en/search/?q=design',
};
const { browser, close } = await launch();
fs.mkdirSync(out, { recursive: true });
const heights = [];
try {
  for (const width of [375, 1280]) {
    const ctx = await browser.newContext({ viewport: { width, height: 800 } });
    const page = await ctx.newPage();
    for (const [name, url] of Object.entries(shots)) {
      const res = await goto(page, site.origin + url);
      if (!res || res.status() !== 200) throw new Error(`${url}: HTTP ${res && res.status()}`);
      if (url.includes('?q=')) await page.waitForSelector('#search-results > li', { timeout: 5000 }).catch(() => {});
      const file = path.join(out, `${name}-${width}.png`);
      await page.screenshot({ path: file });
      heights.push(`${name}-${width}\t${await page.evaluate(() => document.documentElement.scrollHeight)} px\t${url}`);
      console.log(`${file}  ${url}`);
    }
    await ctx.close();
  }
  fs.writeFileSync(path.join(out, 'heights.txt'), heights.join('\n') + '\n');
} finally {
  await close();
  await site.close();
}
