// Shared helpers for the browser suite: site location, browser launch,
// origin lock (every request leaving the site origin is blocked and recorded),
// HTML page discovery and readable axe reports.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from './server.mjs';

export const HERE = path.dirname(fileURLToPath(import.meta.url));
export const FIXTURES = path.join(HERE, 'fixtures');
export const AXE_PATH = path.join(HERE, 'node_modules', 'axe-core', 'axe.min.js');
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** The built site: SITE_DIR (required) and SITE_ORIGIN (optional; a server is started if absent). */
export async function getSite() {
  const dir = process.env.SITE_DIR;
  if (!dir || !fs.existsSync(dir)) {
    throw new Error('SITE_DIR is not set or does not exist; run tests/browser/run.sh');
  }
  if (process.env.SITE_ORIGIN) {
    return { dir, origin: process.env.SITE_ORIGIN.replace(/\/$/, ''), close: async () => {} };
  }
  const s = await startServer({ root: dir, fixtures: FIXTURES });
  return { dir, origin: s.origin, close: s.close };
}

export async function launch() {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'inolab-chromium-'));
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--disable-dev-shm-usage', `--user-data-dir=${userDataDir}`,
    ],
  }).catch(async (e) => {
    // Some Chromium builds refuse --user-data-dir on launch(); fall back to the default temp profile.
    if (!/user-data-dir/.test(String(e))) throw e;
    return chromium.launch({
      executablePath: CHROMIUM, headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
    });
  });
  const close = async () => {
    await browser.close().catch(() => {});
    fs.rmSync(userDataDir, { recursive: true, force: true });
  };
  return { browser, close };
}

/**
 * A browser context locked to `origin`: every request to anything else is aborted
 * and recorded in `ctx.offOrigin` as {from, url}. Content-Security-Policy violations
 * the browser reports (the server sends the build's own `_headers`) are recorded in
 * `ctx.cspViolations` as {from, text}.
 */
export async function lockedContext(browser, origin, options = {}) {
  const ctx = await browser.newContext({ locale: 'lv-LV', ...options });
  ctx.offOrigin = [];
  ctx.cspViolations = [];
  ctx.on('console', (m) => {
    const text = m.text();
    if (!/Content Security Policy/i.test(text)) return;
    let from = '?';
    try { from = m.page()?.url() || '?'; } catch {}
    ctx.cspViolations.push({ from, text: text.slice(0, 240) });
  });
  await ctx.route('**/*', (route) => {
    const req = route.request();
    const url = req.url();
    let ok = false;
    try {
      const u = new URL(url);
      ok = u.origin === origin || u.protocol === 'data:' || u.protocol === 'blob:';
    } catch { ok = false; }
    if (ok) return route.continue();
    let from = '?';
    try { from = req.frame().url(); } catch {}
    ctx.offOrigin.push({ from, url });
    return route.abort('blockedbyclient');
  });
  return ctx;
}

export function formatOffOrigin(list) {
  return list.map((r) => `  ${r.from} requested ${r.url}`).join('\n');
}

/** CSP violations grouped by message, with the pages they happened on (first 3) and a count. */
export function formatCsp(list) {
  const by = new Map();
  for (const v of list) {
    const e = by.get(v.text) || { n: 0, pages: new Set() };
    e.n++; e.pages.add(v.from);
    by.set(v.text, e);
  }
  return [...by].map(([t, e]) => `  ${e.n}× ${t}\n    on ${[...e.pages].slice(0, 3).join(', ')}${e.pages.size > 3 ? ` and ${e.pages.size - 3} more page(s)` : ''}`).join('\n');
}

/** All *.html files under the build, as site paths ('/x/y/' for index.html, '/404.html' otherwise). */
export function htmlPages(dir) {
  const out = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && e.name.endsWith('.html')) out.push(p);
    }
  };
  walk(dir);
  return out.sort().map((file) => {
    let rel = '/' + path.relative(dir, file).split(path.sep).join('/');
    if (rel.endsWith('/index.html')) rel = rel.slice(0, -'index.html'.length);
    return { file, path: rel, lang: rel.startsWith('/en/') ? 'en' : 'lv' };
  });
}

/** Inject axe-core into every document of a context (cheaper than addScriptTag after each navigation). */
export async function preloadAxe(ctx) {
  await ctx.addInitScript({ path: AXE_PATH });
}

/**
 * Run axe-core with the WCAG 2.x A/AA tags on the current document.
 * Only the first `keep` nodes per violation are serialised (the total is kept in nodeCount):
 * pages with thousands of failing nodes would otherwise dominate the run time.
 */
export async function runAxe(page, keep = 8) {
  const has = await page.evaluate(() => typeof window.axe !== 'undefined').catch(() => false);
  if (!has) await page.addScriptTag({ path: AXE_PATH });
  return page.evaluate(async ([tags, keep]) => {
    const r = await window.axe.run(document, {
      runOnly: { type: 'tag', values: tags },
      resultTypes: ['violations'],
      // No rule in these tags needs preloaded CSSOM/media (only the experimental css-orientation-lock does).
      preload: false,
    });
    return r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl, nodeCount: v.nodes.length,
      nodes: v.nodes.slice(0, keep).map((n) => ({ target: n.target.map(String).join(' '), summary: (n.failureSummary || '').split('\n').slice(0, 3).join(' | ') })),
    }));
  }, [AXE_TAGS, keep]);
}

/** Human-readable report: one block per violation, with page, rule, impact, help and targets. */
export function formatViolations(url, violations, label = '', maxNodes = 5) {
  const lines = [];
  for (const v of violations) {
    lines.push(`  ${url}${label ? ` [${label}]` : ''}\n    rule: ${v.id} (impact: ${v.impact}) — ${v.help}\n    help: ${v.helpUrl}`);
    for (const n of v.nodes.slice(0, maxNodes)) lines.push(`      target: ${n.target}${n.summary ? `\n        ${n.summary}` : ''}`);
    const total = v.nodeCount ?? v.nodes.length;
    if (total > Math.min(maxNodes, v.nodes.length)) lines.push(`      … and ${total - Math.min(maxNodes, v.nodes.length)} more element(s)`);
  }
  return lines.join('\n');
}

/** Simple concurrency pool. */
export async function pool(items, n, worker) {
  let i = 0;
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, async (_, w) => {
    while (i < items.length) {
      const idx = i++;
      await worker(items[idx], w, idx);
    }
  }));
}

export async function goto(page, url) {
  const resp = await page.goto(url, { waitUntil: 'load' });
  return resp;
}

/** Pages rendered with a given template (body class "tpl-<name>"), optionally one language. */
export function pagesByTemplate(dir, tpl, lang) {
  const re = new RegExp(`<body[^>]*class="[^"]*\\btpl-${tpl}\\b`);
  return htmlPages(dir).filter((p) => (!lang || p.lang === lang) && re.test(fs.readFileSync(p.file, 'utf8')));
}

/** Press Tab until document.activeElement matches `selector` (max `max` presses). Returns the number of presses or -1. */
export async function tabTo(page, selector, max = 60) {
  for (let i = 1; i <= max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => !!document.activeElement && document.activeElement.matches(s), selector)) return i;
  }
  return -1;
}

/** Describe the focused element for messages. */
export async function describeActive(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return '<body>';
    const id = el.id ? `#${el.id}` : '';
    const cls = el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : '';
    const txt = (el.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 40);
    return `<${el.tagName.toLowerCase()}${id}${cls}${el.getAttribute('href') ? ` href="${el.getAttribute('href')}"` : ''}> "${txt}"`;
  });
}

/** Focus `selector` by Tab, press Enter, wait for the navigation; returns the new URL. */
export async function keyboardFollow(page, selector, max = 80) {
  const n = await tabTo(page, selector, max);
  if (n < 0) throw new Error(`could not reach ${selector} with ${max} Tab presses (focus ended on ${await describeActive(page)})`);
  const href = await page.evaluate(() => document.activeElement.href);
  await Promise.all([page.waitForURL(href, { timeout: 10_000, waitUntil: 'load' }).catch(() => {}), page.keyboard.press('Enter')]);
  await page.waitForLoadState('load');
  return { href, url: page.url() };
}
