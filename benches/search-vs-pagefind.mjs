// Search head-to-head, browser half: inolab's search (search.js + its index)
// against Pagefind's JS API on the same built pages, both queried in headless
// Chromium through one local static server that gzips text files as a static
// host would and counts every body byte it sends.
//
//   node benches/search-vs-pagefind.mjs --site OUT --pagefind BUNDLE --out RESULT.json
//        [--recall FILE.tsv]... [--inflection --content SITE/content] [--results 5]
//
// OUT is an `inolab build` output; BUNDLE is the Pagefind bundle built from
// the same pages (benches/search-vs-pagefind.py does both). Measured per
// engine:
//   cold   for each query of COLD_QUERIES, in a fresh browser context (empty
//          cache): the bytes of every file fetched from the first script to
//          the data of the top `--results` hits (JS, manifest/meta, shards/
//          chunks, WebAssembly, fragments), gzipped as served; and the time
//          for that in the page (performance.now()).
//   warm   the same query again in the same page (time only).
//   recall for each `query<TAB>expected URL` line of each --recall file,
//          whether the expected page is among the top 3 / top 5 hits
//          (warm page, all queries in a row).
//   inflection (synthetic sites): for every case form of some nouns of the
//          generator's vocabulary, typed with and without diacritics: the
//          share of the Latvian record pages whose source file (content/…)
//          holds any form of the noun that the query returns (all hits, not
//          just the top), and the share of the hits that hold one.
//
// Needs Node >= 20, Debian's chromium (CHROMIUM_PATH to override) and
// playwright-core from tests/browser (cd tests/browser && npm ci).
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..');
const require = createRequire(path.join(REPO, 'tests/browser/package.json'));
const { chromium } = require('playwright-core');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

// ---------- arguments ----------
const args = { recall: [], results: 5, inflection: false };
for (let i = 2; i < process.argv.length; i++) {
  const a = process.argv[i];
  const next = () => process.argv[++i];
  if (a === '--site') args.site = path.resolve(next());
  else if (a === '--pagefind') args.pagefind = path.resolve(next());
  else if (a === '--out') args.out = next();
  else if (a === '--recall') args.recall.push(next());
  else if (a === '--results') args.results = Number(next());
  else if (a === '--inflection') args.inflection = true;
  else if (a === '--content') args.content = path.resolve(next());
  else throw new Error(`unknown argument ${a}`);
}
if (!args.site || !args.pagefind || !args.out || (args.inflection && !args.content)) {
  console.error('usage: search-vs-pagefind.mjs --site OUT --pagefind BUNDLE --out RESULT.json [--recall TSV]... [--inflection --content SITE/content]');
  process.exit(2);
}
const log = (...a) => console.error(...a);

/** The same queries on every site: words of the generator's vocabulary
 *  that also occur in the bundled content. */
const COLD_QUERIES = [
  'pašvaldība',
  'pasvaldibam',
  'projektiem',
  'prototipus',
  'iestādēm',
  'digitālie pakalpojumi iedzīvotājiem',
  'pašvaldību sadarbības platforma',
];

// ---------- the site ----------
/** inolab's Latvian search page: its manifest URL and search script. */
function inolabEntry(site) {
  for (const d of fs.readdirSync(site)) {
    const f = path.join(site, d, 'index.html');
    if (!fs.existsSync(f)) continue;
    const html = fs.readFileSync(f, 'utf8');
    const m = html.match(/data-manifest="([^"]+)"/);
    if (!m || !/<html[^>]*\blang="lv"/.test(html)) continue;
    const s = html.match(/<script src="([^"]*search[^"]*\.js)"/);
    if (!s) throw new Error(`${f}: no search script`);
    return { manifest: m[1], script: s[1], page: `/${d}/` };
  }
  throw new Error(`no Latvian search page (data-manifest) under ${site}`);
}

const gunzip = (b) => (b[0] === 0x1f && b[1] === 0x8b ? zlib.gunzipSync(b) : b);

/** doc number → URL for inolab's Latvian index (from its fragments). */
function inolabDocs(site, manifestUrl) {
  const mf = path.join(site, decodeURIComponent(manifestUrl));
  const m = JSON.parse(gunzip(fs.readFileSync(mf)).toString('utf8'));
  // Fragment packs (src/search/index.rs): a u32 offset table, then gzips.
  const urls = [];
  for (let n = 0; n * m.fk < m.docs; n++) {
    const b = fs.readFileSync(path.join(path.dirname(mf), `${m.frag}${n}.bin`));
    const count = b.readUInt32LE(0) / 4 - 1;
    for (let j = 0; j < count; j++) {
      urls.push(JSON.parse(gunzip(b.subarray(b.readUInt32LE(4 * j), b.readUInt32LE(4 * j + 4))).toString('utf8')).url);
    }
  }
  return urls;
}

/** Pagefind fragment id → URL, Latvian index. */
function pagefindDocs(bundle) {
  const map = {};
  const dir = path.join(bundle, 'fragment');
  for (const f of fs.readdirSync(dir)) {
    if (!f.startsWith('lv_')) continue;
    const raw = gunzip(fs.readFileSync(path.join(dir, f))).toString('utf8');
    const json = JSON.parse(raw.slice(raw.indexOf('{')));
    const id = f.replace(/\.pf_fragment$/, '');
    map[id] = json.url;
  }
  return map;
}

// ---------- the server ----------
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8', '.json': 'application/json; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.wasm': 'application/wasm', '.svg': 'image/svg+xml',
};
const COMPRESS = new Set(['.html', '.js', '.mjs', '.json', '.css', '.svg', '.txt', '.xml']);
const entry = inolabEntry(args.site);
const HARNESS = {
  '/__bench__/inolab.html': `<!doctype html><html lang="lv"><meta charset="utf-8"><title>inolab</title>
<script>
const RESULTS = ${args.results};
function load() {
  if (window.inolabSearch) return Promise.resolve();
  return new Promise((ok, no) => { const s = document.createElement('script'); s.src = ${JSON.stringify(entry.script)};
    s.onload = ok; s.onerror = no; document.head.append(s); });
}
let index;
async function run(q, all) {
  const t = performance.now();
  await load();
  if (!index) index = await inolabSearch.Index.open(${JSON.stringify(entry.manifest)});
  const r = await index.search(q, true);
  const top = await Promise.all(r.hits.slice(0, RESULTS).map((h) => index.fragment(h.doc)));
  const ms = performance.now() - t;
  return { ms, n: r.hits.length, top: top.map((f) => f.url), all: all ? r.hits.map((h) => h.doc) : null };
}
</script>`,
  '/__bench__/pagefind.html': `<!doctype html><html lang="lv"><meta charset="utf-8"><title>pagefind</title>
<script>
const RESULTS = ${args.results};
let pf;
async function run(q, all) {
  const t = performance.now();
  if (!pf) { pf = await import('/pagefind/pagefind.js'); await pf.init(); }
  const r = await pf.search(q);
  const top = await Promise.all(r.results.slice(0, RESULTS).map((x) => x.data()));
  const ms = performance.now() - t;
  return { ms, n: r.results.length, top: top.map((d) => d.url), all: all ? r.results.map((x) => x.id) : null };
}
</script>`,
};

let sent = [];
function serve(req, res) {
  let p;
  try { p = decodeURIComponent(new URL(req.url, 'http://x').pathname); } catch { res.writeHead(400).end(); return; }
  if (HARNESS[p]) { res.writeHead(200, { 'content-type': TYPES['.html'], 'cache-control': 'no-store' }).end(HARNESS[p]); return; }
  if (p === '/favicon.ico') { res.writeHead(204).end(); return; }
  let base = args.site, rel = p;
  if (p.startsWith('/pagefind/')) { base = args.pagefind; rel = p.slice('/pagefind'.length); }
  let file = path.normalize(path.join(base, rel));
  if (!file.startsWith(base)) { res.writeHead(403).end(); return; }
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
  if (!fs.existsSync(file)) { sent.push({ path: p, bytes: 0, status: 404 }); res.writeHead(404).end(); return; }
  let body = fs.readFileSync(file);
  const ext = path.extname(file).toLowerCase();
  const headers = { 'content-type': TYPES[ext] || 'application/octet-stream', 'cache-control': 'public, max-age=3600' };
  const alreadyGzip = body[0] === 0x1f && body[1] === 0x8b;
  if (COMPRESS.has(ext) && !alreadyGzip && /\bgzip\b/.test(req.headers['accept-encoding'] || '')) {
    body = zlib.gzipSync(body, { level: 6 });
    headers['content-encoding'] = 'gzip';
  }
  // One byte range, as static hosts answer it (the fragment packs are read
  // so); its bytes are what is transferred.
  let status = 200;
  const range = !headers['content-encoding'] && /^bytes=(\d+)-(\d+)$/.exec(req.headers.range || '');
  if (range && +range[1] <= +range[2] && +range[1] < body.length) {
    const end = Math.min(+range[2], body.length - 1);
    headers['content-range'] = `bytes ${range[1]}-${end}/${body.length}`;
    body = body.subarray(+range[1], end + 1);
    status = 206;
  }
  headers['content-length'] = body.length;
  sent.push({ path: p, bytes: body.length, raw: fs.statSync(file).size });
  res.writeHead(status, headers).end(req.method === 'HEAD' ? undefined : body);
}
const server = http.createServer(serve);
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const origin = `http://127.0.0.1:${server.address().port}`;

// ---------- the browser ----------
const browser = await chromium.launch({
  executablePath: CHROMIUM, headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
});
const ENGINES = { inolab: '/__bench__/inolab.html', pagefind: '/__bench__/pagefind.html' };

async function openPage(engine) {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await page.goto(origin + ENGINES[engine]);
  return { ctx, page };
}

function classify(p) {
  if (/\/pagefind\/pagefind(-worker)?\.js$|\/js\/.*\.js$/.test(p)) return 'js';
  if (/pagefind-entry\.json$|\.pf_meta$|manifest-[^/]*\.json$/.test(p)) return 'meta';
  if (/wasm\./.test(p)) return 'wasm';
  if (/\.pf_index$|\/p\/[^/]*\.bin$|\/l\/[^/]*\.bin$/.test(p)) return 'index';
  if (/\.pf_fragment$|\/d\/[^/]+\.bin$/.test(p)) return 'fragments';
  return 'other';
}

async function cold(engine, q) {
  const { ctx, page } = await openPage(engine);
  sent = [];
  const r = await page.evaluate(([q]) => run(q, false), [q]);
  const files = sent.slice();
  const warm = await page.evaluate(([q]) => run(q, false), [q]);
  await ctx.close();
  const by = {};
  for (const f of files) by[classify(f.path)] = (by[classify(f.path)] || 0) + f.bytes;
  const bytes = files.reduce((s, f) => s + f.bytes, 0);
  return { query: q, hits: r.n, top: r.top, ms: r.ms, warm_ms: warm.ms, bytes, files: files.length, by, fetched: files };
}

function readTsv(file) {
  return fs.readFileSync(file, 'utf8').split('\n')
    .filter((l) => l.trim() && !l.startsWith('#'))
    .map((l) => l.split('\t'));
}

// recall: the expected URL is given as "/<section>/<slug>/" (content/ paths,
// as in tests/search/recall-lv.tsv) or as a site URL; resolve to a site URL.
function resolver(urls) {
  const yaml = fs.readFileSync(path.join(REPO, 'site.yaml'), 'utf8');
  const seg = {};
  for (const m of yaml.matchAll(/^\s+(\w+):\s*\{\s*lv:\s*([\w-]+)/gm)) seg[m[1]] = m[2];
  return (want) => {
    if (urls.includes(want)) return want;
    const [, section, slug] = want.split('/');
    const s = slug.replace(/^\d+-/, '');
    const c = urls.filter((u) => u.endsWith(`/${s}/`));
    if (c.length <= 1) return c[0] || null;
    return c.find((u) => u.startsWith(`/${seg[section] || section}/`)) || c[0];
  };
}

const fold = (s) => s.normalize('NFD').replace(/\p{M}/gu, '').normalize('NFC');

async function recall(engine, sets, docs) {
  const { ctx, page } = await openPage(engine);
  const out = [];
  for (const set of sets) {
    const rows = [];
    for (const { query, want, category } of set.queries) {
      const r = await page.evaluate(([q]) => run(q, false), [query]);
      const rank = r.top.indexOf(want);
      rows.push({ query, want, category, rank: rank < 0 ? null : rank + 1, top: r.top, hits: r.n, ms: r.ms });
    }
    out.push({ name: set.name, rows });
  }
  await ctx.close();
  return out;
}

// ---------- inflection recall (synthetic sites) ----------
// Nouns of tools/synth/src/lexicon.rs with their declension; forms as it writes them.
const NOUNS = [
  ['projekt', 'M1'], ['pakalpojum', 'M1'], ['risinājum', 'M1'], ['lietotāj', 'M1'],
  ['pašvaldīb', 'F4'], ['platform', 'F4'], ['sistēm', 'F4'],
  ['iestād', 'F5', 'iestāžu'], ['pieredz', 'F5', 'pieredžu'], ['metod', 'F5', 'metožu'],
];
const ENDINGS = {
  M1: ['s', 'a', 'am', 'u', 'ā', 'i', 'u', 'iem', 'us', 'os'],
  F4: ['a', 'as', 'ai', 'u', 'ā', 'as', 'u', 'ām', 'as', 'ās'],
  F5: ['e', 'es', 'ei', 'i', 'ē', 'es', null, 'ēm', 'es', 'ēs'],
};
function forms([stem, decl, genPl]) {
  return [...new Set(ENDINGS[decl].map((e) => (e === null ? genPl : stem + e)))];
}
/** A page's own text: its record's source file (front matter and body),
 *  so that words of templates (labels, navigation) and of other records
 *  shown on the page (cards, links) do not count. Pages without one source
 *  file (institutions, lists) are left out of the comparison. */
function sourceOf(content, url) {
  const yaml = fs.readFileSync(path.join(REPO, 'site.yaml'), 'utf8');
  const seg = {};
  for (const m of yaml.matchAll(/^\s+(\w+):\s*\{\s*lv:\s*([\w-]+)/gm)) seg[m[2]] = m[1];
  const parts = url.split('/').filter(Boolean);
  if (parts.length === 1) return path.join(content, 'pages', `${parts[0]}.md`);
  if (parts.length !== 2) return null;
  const section = seg[parts[0]];
  if (!['sprints', 'prototypes', 'glossary', 'news', 'guidelines'].includes(section)) return null;
  const dir = path.join(content, section);
  if (section !== 'guidelines') return path.join(dir, `${parts[1]}.md`);
  const f = fs.readdirSync(dir).find((f) => f.replace(/^\d+-/, '') === `${parts[1]}.md`);
  return f ? path.join(dir, f) : null;
}
function truthSets(content, urls) {
  const pages = [];
  for (const u of urls) {
    const f = sourceOf(content, u);
    if (!f || !fs.existsSync(f)) continue;
    pages.push({ url: u, words: new Set(fs.readFileSync(f, 'utf8').normalize('NFC').toLowerCase().match(/[\p{L}\p{N}]+/gu) || []) });
  }
  const universe = new Set(pages.map((p) => p.url));
  return NOUNS.map((n) => {
    const fs_ = forms(n);
    return { noun: n[0], forms: fs_, universe, pages: new Set(pages.filter((p) => fs_.some((f) => p.words.has(f))).map((p) => p.url)) };
  });
}
async function inflection(engine, truth, idToUrl) {
  const { ctx, page } = await openPage(engine);
  const out = [];
  for (const t of truth) {
    for (const f of t.forms) {
      for (const typed of fold(f) === f ? [f] : [f, fold(f)]) {
        const r = await page.evaluate(([q]) => run(q, true), [typed]);
        const got = new Set(r.all.map((id) => idToUrl[id]).filter((u) => u && t.universe.has(u)));
        let hit = 0;
        for (const u of got) if (t.pages.has(u)) hit++;
        out.push({ noun: t.noun, form: f, typed, folded: typed !== f, truth: t.pages.size, hits: got.size, relevant: hit });
      }
    }
  }
  await ctx.close();
  return out;
}

// ---------- run ----------
const result = { origin, inolab_entry: entry, cold: {}, recall: {}, inflection: {} };
const lvDocs = inolabDocs(args.site, entry.manifest);
const idToUrl = { inolab: Object.fromEntries(lvDocs.map((u, i) => [i, u])), pagefind: pagefindDocs(args.pagefind) };
log(`inolab lv docs: ${lvDocs.length}; pagefind lv fragments: ${Object.keys(idToUrl.pagefind).length}`);

for (const engine of Object.keys(ENGINES)) {
  result.cold[engine] = [];
  for (const q of COLD_QUERIES) {
    const r = await cold(engine, q);
    log(`${engine} cold ${JSON.stringify(q)}: ${r.hits} hits, ${r.files} files, ${r.bytes} B, ${r.ms.toFixed(1)} ms (warm ${r.warm_ms.toFixed(1)} ms)`);
    result.cold[engine].push(r);
  }
}

if (args.recall.length) {
  const resolve = resolver(lvDocs);
  const sets = [];
  for (const file of args.recall) {
    const queries = [];
    for (const [q, want, category] of readTsv(file)) {
      const url = resolve(want);
      if (!url) { log(`${file}: ${want} is not in the index; ${JSON.stringify(q)} skipped`); continue; }
      queries.push({ query: q, want: url, category: category || 'as written' });
      // a file with a category column lists forms with diacritics; add each typed without them
      if (category && fold(q) !== q) queries.push({ query: fold(q), want: url, category: `${category}, no diacritics` });
    }
    sets.push({ name: path.basename(file), queries });
  }
  for (const engine of Object.keys(ENGINES)) {
    result.recall[engine] = await recall(engine, sets);
    for (const s of result.recall[engine]) {
      const n = s.rows.length, at3 = s.rows.filter((r) => r.rank && r.rank <= 3).length;
      log(`${engine} recall ${s.name}: ${at3}/${n} in the top 3`);
    }
  }
}

if (args.inflection) {
  const truth = truthSets(args.content, lvDocs);
  for (const engine of Object.keys(ENGINES)) {
    result.inflection[engine] = await inflection(engine, truth, idToUrl[engine]);
    const rows = result.inflection[engine];
    for (const folded of [false, true]) {
      const r = rows.filter((x) => x.folded === folded);
      const rec = r.reduce((s, x) => s + x.relevant / Math.max(1, x.truth), 0) / r.length;
      log(`${engine} inflection recall${folded ? ' (no diacritics)' : ''}: ${(rec * 100).toFixed(1)} % over ${r.length} queries`);
    }
  }
}

await browser.close();
server.close();
fs.writeFileSync(args.out, JSON.stringify(result, null, 1));
