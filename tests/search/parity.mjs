// Checks the browser analyser and ranking (themes/default/static/js/search.js)
// against the Rust side, in Node (>= 18), without a browser:
//   1. golden-lv.json / golden-en.json (written by `cargo test --test search_golden`):
//      stop lists, tokenisation, and for every word its key, stem,
//      folded stem (lv) and query keys;
//   2. <target>/tmp/search-fixture/ (written by the same cargo test; another
//      place with INOLAB_SEARCH_FIXTURE=dir): an index and the Rust reader's
//      results for a list of queries, re-run with search.js;
//   3. the same indexes read over HTTP with Index.open and fetch, as the
//      page does: from a server that answers byte ranges (206) and from one
//      that ignores them (200, Python's http.server), every fragment equal
//      to the one read from disk, and each fragment pack sent whole at
//      most once by the second.
// Usage: node tests/search/parity.mjs   → prints "N passed, M failed", exits 1 on any failure.
import { createRequire } from 'node:module';
import { readFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:http';
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
  await overHttp(fx, [...new Set(cases.map((c) => c.lang))].map((l) => [l, cases.find((c) => c.lang === l).manifest]));
} else {
  console.log(`FAIL no ranking fixture at ${fx} (run \`cargo test --test search_golden\` first)`);
  failed++;
}

/** A static server of `root`; with `ranges`, single byte ranges get 206. */
async function serveDir(root, ranges, log) {
  const server = createServer((req, res) => {
    const p = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    let body;
    try { body = readFileSync(join(root, p)); } catch { res.writeHead(404).end(); return; }
    const m = /^bytes=(\d+)-(\d+)$/.exec(req.headers.range || '');
    if (ranges && m && +m[1] < body.length) {
      const end = Math.min(+m[2], body.length - 1);
      log.push({ p, status: 206, bytes: end + 1 - m[1] });
      res.writeHead(206, { 'content-range': `bytes ${m[1]}-${end}/${body.length}` }).end(body.subarray(+m[1], end + 1));
      return;
    }
    log.push({ p, status: 200, bytes: body.length, range: req.headers.range });
    res.writeHead(200).end(body);
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return server;
}

async function overHttp(fx, langs) {
  for (const [lang, manifestName] of langs) {
    const root = join(fx, lang);
    const m = JSON.parse(readFileSync(join(root, manifestName), 'utf8'));
    const disk = new S.Index(m, async (p) => readFileSync(join(root, p)));
    const want = [];
    for (let d = 0; d < m.docs; d++) want.push(await disk.fragment(d));
    const packNames = [];
    for (let n = 0; n * m.fk < m.docs; n++) packNames.push('/' + m.frag + n + '.bin');
    check(`${lang} fixture has several fragment packs`, packNames.length > 1, true);
    for (const ranges of [true, false]) {
      const log = [];
      const server = await serveDir(root, ranges, log);
      const origin = `http://127.0.0.1:${server.address().port}/`;
      globalThis.location = { href: origin };
      const idx = await S.Index.open(origin + manifestName);
      // All at once, as a results page asks for its ten.
      const got = await Promise.all(want.map((_, d) => idx.fragment(d)));
      server.close();
      const what = `${lang} fragments over HTTP ${ranges ? 'with' : 'without'} ranges`;
      check(what, got, want);
      const packs = log.filter((r) => r.p.includes('/d/'));
      if (ranges) {
        check(what + ': every pack read is a range', packs.every((r) => r.status === 206), true);
        // 8 bytes of table and the fragment, per document.
        const sizes = want.map((_, d) => {
          const b = readFileSync(join(root, m.frag + Math.floor(d / m.fk) + '.bin'));
          const j = d % m.fk;
          return 8 + b.readUInt32LE(4 * j + 4) - b.readUInt32LE(4 * j);
        });
        check(what + ': bytes', packs.reduce((s, r) => s + r.bytes, 0), sizes.reduce((a, b) => a + b, 0));
      } else {
        check(what + ': each pack sent once', packs.map((r) => r.p).sort(), packNames.sort());
      }
    }
  }
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
