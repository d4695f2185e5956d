// Focus as a keyboard user sees it (issue 19), on one page of every page type
// (body.tpl-*) in both languages:
// - every focusable element, in its focused state, keeps readable text: the
//   contrast of each of its text runs against the background it really sits on
//   (after the focus style is applied) is at least 4.5:1 (3:1 for large text),
//   in the light and the dark colour scheme;
// - no focused element is hidden, even partly, under a sticky or fixed element
//   (the glossary's A–Z bar) when moving with Tab and Shift+Tab, at 1280×800
//   and 320×640 (WCAG 2.4.11).
import { describe, before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { getSite, launch, lockedContext, htmlPages, formatOffOrigin, formatCsp } from './lib.mjs';

/** One page per template and language (the first in path order), plus a 404 page. */
function pageTypes(dir) {
  const seen = new Map();
  for (const p of htmlPages(dir)) {
    const m = fs.readFileSync(p.file, 'utf8').match(/<body[^>]*class="[^"]*\btpl-([a-z_]*)/);
    const key = `${m ? m[1] || '404' : '?'}:${p.lang}`;
    if (!seen.has(key)) seen.set(key, { ...p, tpl: key });
  }
  return [...seen.values()];
}

/**
 * In the page: focus every focusable element in turn and measure the contrast of
 * each of its visible text runs. Returns {focusables, states, failures:[...]}.
 */
function measureFocusContrast() {
  const parse = (c) => {
    const m = c.match(/rgba?\(([^)]+)\)/);
    if (!m) return null;
    const p = m[1].split(/[\s,/]+/).filter(Boolean).map(Number);
    return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
  };
  const over = (top, under) => ({
    r: top.r * top.a + under.r * (1 - top.a), g: top.g * top.a + under.g * (1 - top.a), b: top.b * top.a + under.b * (1 - top.a), a: 1,
  });
  const lum = (c) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
  };
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  // The background an element's text is painted on: its own and its ancestors'
  // background colours, composited from the canvas up.
  const backgroundOf = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c.a > 0) { layers.push(c); if (c.a >= 1) break; }
    }
    const dark = matchMedia('(prefers-color-scheme: dark)').matches;
    let bg = dark ? { r: 18, g: 19, b: 20, a: 1 } : { r: 255, g: 255, b: 255, a: 1 };
    for (const l of layers.reverse()) bg = over(l, bg);
    return bg;
  };
  const hiddenText = (node, root) => {
    for (let e = node.parentElement; e && e !== root.parentElement; e = e.parentElement) {
      const cs = getComputedStyle(e);
      if (cs.visibility === 'hidden' || cs.display === 'none' || cs.opacity === '0') return true;
      if (cs.clipPath === 'inset(50%)' || (cs.position === 'absolute' && cs.clip !== 'auto')) return true;
    }
    const r = document.createRange();
    r.selectNodeContents(node);
    const rect = r.getBoundingClientRect();
    return rect.width < 1 || rect.height < 1;
  };
  const describe = (el) => {
    const t = (el.textContent || el.getAttribute('aria-label') || el.value || '').trim().replace(/\s+/g, ' ').slice(0, 40);
    const cls = typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().split(/\s+/).join('.') : '';
    const ctx = el.closest('header, nav, main, footer, aside');
    const where = ctx ? `${ctx.tagName.toLowerCase()}${ctx.className ? '.' + String(ctx.className).split(/\s+/)[0] : ''} ` : '';
    return `${where}<${el.tagName.toLowerCase()}${cls}> "${t}"`;
  };
  const sel = 'a[href], button, input:not([type="hidden"]), select, textarea, summary, [tabindex]:not([tabindex="-1"])';
  const els = [...document.querySelectorAll(sel)].filter((e) => !e.disabled && e.getClientRects().length > 0
    && getComputedStyle(e).visibility !== 'hidden' && !e.closest('[hidden], [inert]'));
  const out = { focusables: els.length, states: 0, failures: [], notVisible: [] };
  for (const el of els) {
    el.focus({ preventScroll: false });
    if (document.activeElement !== el) continue;
    out.states++;
    if (!el.matches(':focus-visible')) out.notVisible.push(describe(el));
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    const runs = [];
    for (let n = walker.nextNode(); n; n = walker.nextNode()) if (n.textContent.trim() && !hiddenText(n, el)) runs.push(n);
    const checked = new Set();
    let worst = null;
    for (const n of runs) {
      const p = n.parentElement;
      if (checked.has(p)) continue;
      checked.add(p);
      const cs = getComputedStyle(p);
      const fg = parse(cs.color);
      if (!fg) continue;
      const bg = backgroundOf(p);
      const px = parseFloat(cs.fontSize);
      const large = px >= 24 || (px >= 18.66 && Number(cs.fontWeight) >= 700);
      const need = large ? 3 : 4.5;
      const r = ratio(over(fg, bg), bg);
      if (r < need && (!worst || r / need < worst.r / worst.need)) worst = { r, need, p, color: cs.color, bg };
    }
    if (worst) {
      const { r, need, p, color, bg } = worst;
      out.failures.push(`${describe(el)}${p !== el ? ` (text in <${p.tagName.toLowerCase()}${p.className ? '.' + String(p.className).split(/\s+/).join('.') : ''}>)` : ''}: ${r.toFixed(2)}:1 < ${need}:1 — ${color} on rgb(${Math.round(bg.r)}, ${Math.round(bg.g)}, ${Math.round(bg.b)})`);
    }
  }
  document.activeElement?.blur?.();
  return out;
}

describe('focus you can read and see', () => {
  let site; let br; let ctx; let page; let types;
  before(async () => {
    site = await getSite();
    types = pageTypes(site.dir);
    br = await launch();
    ctx = await lockedContext(br.browser, site.origin, { viewport: { width: 1280, height: 800 } });
    page = await ctx.newPage();
  });
  after(async () => {
    await ctx?.close().catch(() => {});
    await br?.close();
    await site?.close();
  });

  for (const scheme of ['light', 'dark']) {
    test(`focused text keeps its contrast (${scheme}; every focusable element on every page type, lv and en)`, async () => {
      // SITE_MIN_PAGE_TYPES: the floor for a smaller site (run.sh's init site, Latvian only).
      const min = Number(process.env.SITE_MIN_PAGE_TYPES || 20);
      assert.ok(types.length >= min, `expected at least ${min} page types × languages, found ${types.length}`);
      await page.setViewportSize({ width: 1280, height: 800 });
      await page.emulateMedia({ colorScheme: scheme, media: 'screen' });
      const fails = [];
      let states = 0;
      const notVisible = [];
      for (const p of types) {
        await page.goto(site.origin + p.path, { waitUntil: 'load' });
        // A key press first: from then on the browser treats script focus as keyboard focus (:focus-visible).
        await page.keyboard.press('Shift');
        const r = await page.evaluate(measureFocusContrast);
        states += r.states;
        for (const f of r.failures) fails.push(`  ${p.path} [${p.tpl}] ${f}`);
        for (const f of r.notVisible) notVisible.push(`  ${p.path} ${f}`);
      }
      console.log(`focus contrast (${scheme}): ${states} focus states on ${types.length} pages, ${fails.length} with text below the minimum`);
      assert.ok(states > 200, `only ${states} focus states measured`);
      assert.equal(notVisible.length, 0, `elements without :focus-visible styling when focused after a key press:\n${notVisible.slice(0, 20).join('\n')}`);
      assert.equal(fails.length, 0, `${fails.length} of ${states} focused elements have unreadable text (${scheme}):\n${fails.slice(0, 60).join('\n')}${fails.length > 60 ? `\n  … and ${fails.length - 60} more` : ''}`);
    });
  }

  for (const vp of [{ width: 1280, height: 800 }, { width: 320, height: 640 }]) {
    test(`no focused element is hidden under a sticky or fixed element, Tab and Shift+Tab (${vp.width}×${vp.height})`, async () => {
      await page.setViewportSize(vp);
      await page.emulateMedia({ colorScheme: 'light', media: 'screen' });
      const problems = [];
      let stepsChecked = 0;
      let pagesWithSticky = 0;
      for (const p of types) {
        await page.goto(site.origin + p.path, { waitUntil: 'load' });
        const stickies = await page.evaluate(() => {
          window.__sticky = [...document.querySelectorAll('body *')].filter((e) => {
            const pos = getComputedStyle(e).position;
            return (pos === 'sticky' || pos === 'fixed') && e.getClientRects().length > 0;
          });
          return window.__sticky.length;
        });
        if (!stickies) continue; // nothing can cover the focus on this page
        pagesWithSticky++;
        const total = await page.evaluate(() => document.querySelectorAll('a[href], button, input:not([type="hidden"]), summary, [tabindex="0"]').length);
        const steps = Math.min(total + 5, 250);
        for (const key of ['Tab', 'Shift+Tab']) {
          if (key === 'Shift+Tab') await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
          else await page.evaluate(() => window.scrollTo(0, 0));
          await page.evaluate(() => document.activeElement?.blur?.());
          for (let i = 0; i < steps; i++) {
            await page.keyboard.press(key);
            const r = await page.evaluate(() => {
              const el = document.activeElement;
              if (!el || el === document.body) return null;
              const a = el.getBoundingClientRect();
              if (a.width < 1 || a.height < 1) return { ok: true };
              const covering = [];
              for (const s of window.__sticky) {
                if (s.contains(el) || el.contains(s)) continue;
                const b = s.getBoundingClientRect();
                const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
                const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
                if (w > 1 && h > 1) covering.push({ what: `<${s.tagName.toLowerCase()}${s.className ? '.' + String(s.className).split(/\s+/)[0] : ''}>`, hidden: Math.round((w * h) / (a.width * a.height) * 100) });
              }
              const txt = (el.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 40);
              return { ok: covering.length === 0, who: `<${el.tagName.toLowerCase()}> "${txt}"`, covering };
            });
            if (!r) continue;
            stepsChecked++;
            if (!r.ok) problems.push(`  ${p.path} ${key}: ${r.who} — ${r.covering.map((c) => `${c.hidden}% under ${c.what}`).join(', ')}`);
          }
        }
      }
      console.log(`sticky (${vp.width}px): ${pagesWithSticky} page(s) with sticky/fixed elements, ${stepsChecked} focus steps checked`);
      const uniq = [...new Set(problems)];
      assert.equal(uniq.length, 0, `focused elements hidden under sticky/fixed elements at ${vp.width}×${vp.height}:\n${uniq.slice(0, 40).join('\n')}`);
    });
  }

  test('no request left the site origin; no CSP violation', () => {
    assert.equal(ctx.offOrigin.length, 0, `off-origin requests were blocked:\n${formatOffOrigin(ctx.offOrigin)}`);
    assert.equal(ctx.cspViolations.length, 0, `CSP violations:\n${formatCsp(ctx.cspViolations)}`);
  });
});
