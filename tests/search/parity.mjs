// Checks the browser analyser and ranking (themes/default/static/js/search.js)
// against the Rust side, in Node (>= 18), without a browser:
//   1. golden-lv.json / golden-en.json (written by `cargo test --test search_golden`):
//      stop lists, tokenisation, and for every word its key, stem,
//      folded stem (lv) and query keys;
//   2. <target>/tmp/search-fixture/ (written by the same cargo test; another
//      place with INOLAB_SEARCH_FIXTURE=dir): an index and the Rust reader's
//      results for a list of queries, re-run with search.js.
// Usage: node tests/search/parity.mjs   → prints "N passed, M failed", exits 1 on any failure.
import { createRequire } from 'node:module';
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const S = require(join(here, '../../themes/default/static/js/search.js'));

let passed = 0, failed = 0;
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
function check(what, got, want) {
  if (same(got, want)) { passed++; return; }
  failed++;
  if (failed <= 40) console.log(`FAIL ${what}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
}

for (const lang of ['lv', 'en']) {
  const g = JSON.parse(readFileSync(join(here, `golden-${lang}.json`), 'utf8'));
  check(`${lang} stop list`, [...S.STOP[lang]].sort(), [...g.stop].sort());
  for (const [text, toks] of g.tokenize) check(`tokenize ${JSON.stringify(text)}`, S.tokenize(text), toks);
  for (const [w, v] of Object.entries(g.words)) {
    if (lang === 'lv') {
      check(`lv ${w}`, [S.key('lv', w), S.lvStem(w), S.lvStemFolded(w), S.queryKeys('lv', w), S.keys('lv', w)], v);
    } else {
      check(`en ${w}`, [S.key('en', w), S.enStem(w), S.queryKeys('en', w)], v);
    }
  }
}

const fx = process.env.INOLAB_SEARCH_FIXTURE ||
  join(process.env.CARGO_TARGET_DIR || join(here, '../../target'), 'tmp/search-fixture');
if (existsSync(join(fx, 'expected.json'))) {
  const cases = JSON.parse(readFileSync(join(fx, 'expected.json'), 'utf8'));
  const indexes = {};
  for (const c of cases) {
    if (!indexes[c.lang]) {
      const root = join(fx, c.lang);
      const manifest = JSON.parse(readFileSync(join(root, c.manifest), 'utf8'));
      indexes[c.lang] = new S.Index(manifest, async (p) => readFileSync(join(root, p)));
    }
    const idx = indexes[c.lang];
    const r = await idx.search(c.q, c.prefix, c.kinds);
    const top = [];
    for (const h of r.hits.slice(0, 20)) top.push((await idx.fragment(h.doc)).url);
    const what = `search ${c.lang} ${JSON.stringify(c.q)}${c.kinds.length ? ' ' + c.kinds : ''}`;
    check(what + ' hits', r.hits.length, c.hits);
    check(what + ' k of n', [r.matched, r.terms], [c.matched, c.terms]);
    check(what + ' corrections', r.corrections, c.corrections);
    check(what + ' order', top, c.top);
    const close = r.hits.slice(0, 20).every((h, i) => Math.abs(h.score - c.scores[i]) < 1e-9 * Math.max(1, c.scores[i]));
    check(what + ' scores', close, true);
  }
} else {
  console.log(`FAIL no ranking fixture at ${fx} (run \`cargo test --test search_golden\` first)`);
  failed++;
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
