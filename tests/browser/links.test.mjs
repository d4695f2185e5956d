// Every internal link and asset in the output resolves (issue 19): each href,
// src, srcset, form action and data-manifest of every HTML page, each url() of
// every stylesheet and each link of the sitemap and feeds must name a file of
// the build (a folder with index.html for "…/"), and a #fragment must name an
// id on the target page. Absolute URLs on the site's own origin (canonical,
// hreflang alternates, og:url, feeds) count as internal. Checked on the root
// build (SITE_DIR) and on a build published under a sub-path (SITE_SUB_DIR,
// built by run.sh with --base-url …/lab/), where every link must stay under
// the base path. No browser: the files are read from disk.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

function walk(dir) {
  const out = [];
  const rec = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) rec(p); else if (e.isFile()) out.push(p);
    }
  };
  rec(dir);
  return out.sort();
}

const decode = (s) => s.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>');

/** URLs a file refers to: [{url, what}] (raw attribute values). */
function refsOf(file, text) {
  const out = [];
  if (file.endsWith('.html')) {
    // Skip JSON-LD and inline scripts' text; attributes only.
    const html = text.replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, (m) => m.slice(0, m.indexOf('>') + 1));
    const re = /<([a-z][a-z0-9-]*)\b([^>]*)>/gi;
    for (let m; (m = re.exec(html));) {
      const tag = m[1].toLowerCase();
      const attrs = m[2];
      const ar = /\s([a-z:-]+)\s*=\s*("([^"]*)"|'([^']*)')/gi;
      for (let a; (a = ar.exec(attrs));) {
        const name = a[1].toLowerCase();
        const v = decode(a[3] ?? a[4] ?? '');
        if (['href', 'src', 'action', 'poster', 'data-manifest'].includes(name)) out.push({ url: v, what: `<${tag} ${name}>` });
        else if (name === 'srcset') for (const part of v.split(',')) out.push({ url: part.trim().split(/\s+/)[0], what: `<${tag} srcset>` });
        else if (tag === 'meta' && name === 'content' && /property="og:url"/.test(attrs)) out.push({ url: v, what: '<meta og:url>' });
      }
    }
  } else if (file.endsWith('.css')) {
    for (const m of text.matchAll(/url\(\s*(['"]?)([^'")]+)\1\s*\)/g)) out.push({ url: m[2], what: 'css url()' });
  } else if (file.endsWith('.xml')) {
    for (const m of text.matchAll(/<loc>([^<]+)<\/loc>/g)) out.push({ url: decode(m[1]), what: '<loc>' });
    for (const m of text.matchAll(/<link\b[^>]*\bhref="([^"]+)"/g)) out.push({ url: decode(m[1]), what: '<link href>' });
  }
  return out.filter((r) => r.url && !/^(mailto|tel|javascript|data|blob):/i.test(r.url));
}

/** Crawl one build. Returns {files, refs, internal, problems:[...]} */
function crawl(dir) {
  const home = fs.readFileSync(path.join(dir, 'index.html'), 'utf8');
  const canonical = home.match(/<link rel="canonical" href="([^"]+)"/);
  assert.ok(canonical, `${dir}/index.html has no canonical link (needed to know the base URL)`);
  const base = new URL(canonical[1]);
  const basePath = base.pathname.endsWith('/') ? base.pathname : base.pathname + '/';
  const files = walk(dir).filter((f) => /\.(html|css|xml)$/.test(f));
  const idCache = new Map();
  const idsOf = (file) => {
    if (!idCache.has(file)) {
      const t = fs.readFileSync(file, 'utf8');
      idCache.set(file, new Set([...t.matchAll(/\s(?:id|name)="([^"]+)"/g)].map((m) => decode(m[1]))));
    }
    return idCache.get(file);
  };
  const problems = [];
  let refs = 0;
  let internal = 0;
  for (const file of files) {
    const rel = path.relative(dir, file).split(path.sep).join('/');
    let pagePath = basePath + rel;
    if (pagePath.endsWith('/index.html')) pagePath = pagePath.slice(0, -'index.html'.length);
    const pageUrl = new URL(pagePath, base.origin);
    for (const r of refsOf(file, fs.readFileSync(file, 'utf8'))) {
      refs++;
      let u;
      try { u = new URL(r.url, pageUrl); } catch { problems.push(`  ${pagePath}: ${r.what} "${r.url}" is not a URL`); continue; }
      if (u.origin !== base.origin) continue; // another site: not fetched (no third-party requests)
      internal++;
      if (!u.pathname.startsWith(basePath)) {
        problems.push(`  ${pagePath}: ${r.what} "${r.url}" is outside the site's base path ${basePath}`);
        continue;
      }
      let target = path.join(dir, decodeURIComponent(u.pathname.slice(basePath.length)));
      let st = fs.statSync(target, { throwIfNoEntry: false });
      if (st && st.isDirectory()) { target = path.join(target, 'index.html'); st = fs.statSync(target, { throwIfNoEntry: false }); }
      if (!st || !st.isFile()) {
        problems.push(`  ${pagePath}: ${r.what} "${r.url}" → no such file in the build`);
        continue;
      }
      if (u.hash && u.hash.length > 1 && target.endsWith('.html') && !/^#:~:/.test(u.hash)) {
        const id = decodeURIComponent(u.hash.slice(1));
        if (!idsOf(target).has(id)) problems.push(`  ${pagePath}: ${r.what} "${r.url}" → no element with id "${id}" on ${u.pathname}`);
      }
    }
  }
  return { files: files.length, refs, internal, basePath, problems };
}

describe('links and assets resolve in the output', () => {
  const builds = [['root build', process.env.SITE_DIR], ['sub-path build', process.env.SITE_SUB_DIR]];
  for (const [label, dir] of builds) {
    test(`every internal link, asset and fragment resolves (${label})`, () => {
      assert.ok(dir && fs.existsSync(dir), `${label}: ${label === 'root build' ? 'SITE_DIR' : 'SITE_SUB_DIR'} is not set or missing (tests/browser/run.sh builds both)`);
      const r = crawl(dir);
      console.log(`links (${label}, base ${r.basePath}): ${r.files} files, ${r.refs} references, ${r.internal} internal, ${r.problems.length} broken`);
      if (label === 'sub-path build') assert.notEqual(r.basePath, '/', `${dir} is not a sub-path build (base path /)`);
      const uniq = [...new Set(r.problems)];
      assert.equal(uniq.length, 0, `${uniq.length} broken internal reference(s) in the ${label}:\n${uniq.slice(0, 60).join('\n')}${uniq.length > 60 ? `\n  … and ${uniq.length - 60} more` : ''}`);
    });
  }
});
