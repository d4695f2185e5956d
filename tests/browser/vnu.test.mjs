// Nu HTML Checker (vnu.jar, offline, no Java download) on every built HTML file: zero errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import fs from 'node:fs';
import { HERE, htmlPages } from './lib.mjs';

const JAR = path.join(HERE, 'node_modules', 'vnu-jar', 'build', 'dist', 'vnu.jar');

function runVnu(files) {
  return new Promise((resolve, reject) => {
    // vnu reads file names from arguments; pass the build dir so nothing is skipped.
    const p = spawn(process.env.JAVA || 'java', ['-Xss4m', '-jar', JAR, '--format', 'json', '--skip-non-html', ...files],
      { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = ''; let err = '';
    p.stdout.on('data', (d) => { out += d; });
    p.stderr.on('data', (d) => { err += d; });
    p.on('error', reject);
    p.on('close', (code) => resolve({ code, out, err }));
  });
}

test('Nu HTML Checker: zero errors on every HTML page', { timeout: 5 * 60_000 }, async () => {
  const dir = process.env.SITE_DIR;
  assert.ok(dir && fs.existsSync(dir), 'SITE_DIR is not set; run tests/browser/run.sh');
  assert.ok(fs.existsSync(JAR), `vnu.jar missing at ${JAR}; run npm ci`);
  const pages = htmlPages(dir);
  const t0 = Date.now();
  const { code, out, err } = await runVnu([dir]);
  // vnu --format json writes its report to stderr.
  const raw = err.trim() || out.trim();
  let report;
  try { report = JSON.parse(raw); } catch {
    assert.fail(`vnu did not produce JSON (exit ${code}):\n${raw.slice(0, 2000)}`);
  }
  const msgs = report.messages || [];
  const errors = msgs.filter((m) => m.type === 'error' || (m.type === 'non-document-error'));
  const warnings = msgs.filter((m) => m.type === 'info' && m.subType === 'warning');
  const checked = new Set(msgs.map((m) => m.url)).size;
  console.log(`vnu: ${pages.length} HTML files checked in ${Math.round((Date.now() - t0) / 1000)} s; ${errors.length} error(s), ${warnings.length} warning(s) on ${checked} file(s) with messages`);
  if (warnings.length) {
    const byMsg = countBy(warnings, (m) => m.message);
    console.log('vnu warnings (top):\n' + top(byMsg, 10).map(([m, n]) => `  ${n}× ${m}`).join('\n'));
  }
  if (errors.length) {
    const byMsg = countBy(errors, (m) => m.message);
    const rel = (u) => (u || '').replace(/^file:/, '').replace(path.resolve(dir), '');
    const detail = errors.slice(0, 60).map((m) => `  ${rel(m.url)}:${m.lastLine ?? '?'}:${m.firstColumn ?? '?'} ${m.message}` +
      (m.extract ? `\n      «${m.extract.replace(/\s+/g, ' ').slice(0, 160)}»` : '')).join('\n');
    assert.fail(`${errors.length} HTML error(s) in ${new Set(errors.map((m) => m.url)).size} file(s).\n` +
      `Top messages:\n${top(byMsg, 15).map(([m, n]) => `  ${n}× ${m}`).join('\n')}\nDetails:\n${detail}` +
      (errors.length > 60 ? `\n  … and ${errors.length - 60} more` : ''));
  }
});

function countBy(list, key) {
  const m = new Map();
  for (const x of list) m.set(key(x), (m.get(key(x)) || 0) + 1);
  return m;
}
function top(m, n) { return [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, n); }
