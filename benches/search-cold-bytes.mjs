// Bytes of a cold query, counted with the browser's own code: search.js's
// Index reads a built site's index from disk and every file it asks for is
// counted (as served: gzip files as they are, the JSON manifest gzipped),
// plus the fragments of the top 5 results, plus search.js itself gzipped.
// No browser, no timing: bytes only (the in-browser figures with timings are
// benches/search-vs-pagefind.sh's).
//
//   node benches/search-cold-bytes.mjs SITE_DIR [--lang lv] [--js path/to/search.js] [--results 5] [--no-ranges] [--json OUT] QUERY...
//
// Fragments are read from their packs with range requests (8 bytes of
// table, then the fragment); --no-ranges counts a server without them
// (whole packs, each once).
//
// SITE_DIR is an `inolab build` output; --js picks another search.js (to
// measure an older one against its own index).
import { createRequire } from 'node:module';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf(name); if (i < 0) return dflt; const v = args[i + 1]; args.splice(i, 2); return v; };
const lang = opt('--lang', 'lv');
const jsPath = resolve(opt('--js', join(here, '../themes/default/static/js/search.js')));
const results = +opt('--results', '5');
const jsonOut = opt('--json', null);
const noRanges = args.indexOf('--no-ranges');
if (noRanges >= 0) args.splice(noRanges, 1);
const ranges = noRanges < 0;
const [site, ...queries] = args;
if (!site || !queries.length) { console.error('usage: search-cold-bytes.mjs SITE_DIR [--lang lv] [--js FILE] [--results 5] [--json OUT] QUERY...'); process.exit(2); }

const S = createRequire(import.meta.url)(jsPath);
const root = join(site, 'search-index', lang);
const manifestName = readdirSync(root).find((f) => /^manifest-.*\.json$/.test(f));
const served = (p, b) => (b[0] === 0x1f && b[1] === 0x8b ? b.length : gzipSync(b, { level: 9 }).length);
const js = gzipSync(readFileSync(jsPath), { level: 9 }).length;
const rows = [];
for (const q of queries) {
  const fetched = new Map();
  // A range (fragment packs) costs its own bytes, as a 206 response; with
  // --no-ranges the server sends whole files, each once, as Python's
  // http.server does.
  const read = (p, range) => {
    const b = readFileSync(join(root, p));
    if (range && ranges) {
      const part = b.subarray(range[0], range[1]);
      fetched.set(p + '#' + range, part.length);
      return { part };
    }
    fetched.set(p, served(p, b));
    return b;
  };
  const m = JSON.parse(readFileSync(join(root, manifestName), 'utf8'));
  fetched.set(manifestName, served(manifestName, readFileSync(join(root, manifestName))));
  const idx = new S.Index(m, async (p, range) => read(p, range));
  const r = await idx.search(q, true, []);
  for (const h of r.hits.slice(0, results)) await idx.fragment(h.doc);
  let manifest = 0, shards = 0, lexicon = 0, fragments = 0;
  for (const [p, n] of fetched) {
    if (p === manifestName) manifest += n;
    else if (p.startsWith('p/')) shards += n;
    else if (p.startsWith('l/')) lexicon += n;
    else fragments += n;
  }
  const index = manifest + shards + lexicon + fragments;
  rows.push({ query: q, hits: r.hits.length, js, manifest, shards, lexicon, fragments, index, total: js + index });
}
const med = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[s.length >> 1]; };
console.log(`${site} (${lang}), search.js ${jsPath}: ${js} B gzipped${ranges ? '' : ', server without ranges'}`);
console.log('query | hits | index B (manifest + shards + lexicon + fragments) | total B with JS');
for (const r of rows) console.log(`${r.query} | ${r.hits} | ${r.index} (${r.manifest} + ${r.shards} + ${r.lexicon} + ${r.fragments}) | ${r.total}`);
console.log(`median | | ${med(rows.map((r) => r.index))} | ${med(rows.map((r) => r.total))}`);
if (jsonOut) writeFileSync(jsonOut, JSON.stringify({ site, lang, js, rows }, null, 1));
