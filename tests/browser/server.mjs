// Tiny static file server for the built site (and the suite's own fixtures).
// - content types by extension
// - index.html for directories (redirect /dir -> /dir/ like a real host)
// - /__fixtures__/… serves tests/browser/fixtures
// - 404.html (language-aware: /en/404.html for /en/… if present) with status 404
// - a single byte range (`Range: bytes=a-b` / `a-`) with 206, as static hosts do
// - the build's own `_headers` file (Netlify/Cloudflare Pages format), so every page is
//   served with the site's Content-Security-Policy and the browser enforces it
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.pdf': 'application/pdf',
  '.csv': 'text/csv; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.bin': 'application/octet-stream',
  '.wasm': 'application/wasm',
};

function typeOf(file) {
  return TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream';
}

function safeJoin(root, urlPath) {
  const p = path.normalize(path.join(root, urlPath));
  if (p !== root && !p.startsWith(root + path.sep)) return null;
  return p;
}

/**
 * Rules of a `_headers` file: a path pattern on its own line (`*` matches anything,
 * `:name` one segment), then indented `Name: value` lines. Returns [{re, headers}].
 */
export function parseHeaders(text) {
  const rules = [];
  let cur = null;
  for (const raw of text.split(/\r?\n/)) {
    if (!raw.trim() || raw.trim().startsWith('#')) continue;
    if (!/^\s/.test(raw)) {
      const pat = raw.trim();
      const re = new RegExp('^' + pat.split('*').map((x) => x.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/:[a-z]+/gi, '[^/]+')).join('.*') + '$');
      cur = { pattern: pat, re, headers: [] };
      rules.push(cur);
      continue;
    }
    const m = raw.trim().match(/^([A-Za-z0-9-]+):\s*(.*)$/);
    if (cur && m) cur.headers.push([m[1], m[2]]);
  }
  return rules;
}

export function startServer({ root, fixtures, port = 0, host = '127.0.0.1' }) {
  root = path.resolve(root);
  fixtures = fixtures ? path.resolve(fixtures) : null;
  const hf = path.join(root, '_headers');
  const rules = fs.existsSync(hf) ? parseHeaders(fs.readFileSync(hf, 'utf8')) : [];
  // Headers for a site path; the suite's own fixtures are served without them.
  const siteHeaders = (urlPath) => {
    const out = {};
    for (const r of rules) if (r.re.test(urlPath)) for (const [k, v] of r.headers) out[k] = v;
    return out;
  };
  const server = http.createServer((req, res) => {
    let urlPath;
    try {
      urlPath = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    } catch {
      res.writeHead(400).end('bad request');
      return;
    }
    let base = root;
    let rel = urlPath;
    if (fixtures && urlPath.startsWith('/__fixtures__/')) {
      base = fixtures;
      rel = urlPath.slice('/__fixtures__'.length);
    }
    let file = safeJoin(base, rel);
    if (!file) {
      res.writeHead(403).end('forbidden');
      return;
    }
    let st = fs.statSync(file, { throwIfNoEntry: false });
    if (st && st.isDirectory()) {
      if (!urlPath.endsWith('/')) {
        res.writeHead(301, { Location: urlPath + '/' }).end();
        return;
      }
      file = path.join(file, 'index.html');
      st = fs.statSync(file, { throwIfNoEntry: false });
    }
    const extra = base === root ? siteHeaders(urlPath) : {};
    if (st && st.isFile()) {
      // One byte range, as static hosts answer it (search fragment packs).
      const r = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range || '');
      const start = r ? +r[1] : 0, end = r && r[2] ? Math.min(+r[2], st.size - 1) : st.size - 1;
      if (r && start <= end) {
        res.writeHead(206, { ...extra, 'Content-Type': typeOf(file), 'Content-Length': end - start + 1,
          'Content-Range': `bytes ${start}-${end}/${st.size}`, 'Cache-Control': 'no-store' });
        if (req.method === 'HEAD') return res.end();
        fs.createReadStream(file, { start, end }).pipe(res);
        return;
      }
      res.writeHead(200, { ...extra, 'Content-Type': typeOf(file), 'Content-Length': st.size, 'Cache-Control': 'no-store' });
      if (req.method === 'HEAD') return res.end();
      fs.createReadStream(file).pipe(res);
      return;
    }
    // 404: prefer the language's own 404 page.
    const candidates = [];
    const m = urlPath.match(/^\/([a-z]{2})\//);
    if (m) candidates.push(path.join(root, m[1], '404.html'));
    candidates.push(path.join(root, '404.html'));
    const nf = candidates.find((c) => fs.existsSync(c));
    res.writeHead(404, { ...extra, 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
    if (req.method === 'HEAD') return res.end();
    res.end(nf ? fs.readFileSync(nf) : '<!DOCTYPE html><html lang="en"><title>404</title><h1>Not found</h1></html>');
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const { port: p } = server.address();
      resolve({ server, origin: `http://${host}:${p}`, headerRules: rules.length, close: () => new Promise((r) => server.close(r)) });
    });
  });
}

// CLI: node server.mjs <root> [port]
if (import.meta.url === `file://${process.argv[1]}`) {
  const [root, port] = process.argv.slice(2);
  const s = await startServer({ root, fixtures: new URL('./fixtures', import.meta.url).pathname, port: Number(port || 0) });
  console.log(`# ${s.headerRules} rule(s) from ${root}/_headers applied`);
  console.log(`serving ${root} at ${s.origin}`);
}
