// The primary navigation is written once per page (partials/header.html): one
// labelled <nav>. Without JavaScript its list is simply there, at every width.
// With JavaScript, on a narrow screen site.js puts a "Menu" button before it
// (aria-expanded, aria-controls) that shows and hides the list, by mouse and
// by keyboard (Escape closes it and returns focus); on a wide screen there is
// no button and every section link shows. On narrow screens, where the header
// search form is hidden, the list also holds a link to the search page.
import { describe, before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { getSite, launch, lockedContext, htmlPages, formatOffOrigin, formatCsp, describeActive } from './lib.mjs';

const PAGES = ['/sprinti/', '/en/prototypes/'];
const NARROW = { width: 320, height: 640 };
const WIDE = { width: 1280, height: 800 };

describe('primary navigation: one <nav>, a menu button only where it helps', () => {
  let site; let br; const ctxs = [];
  before(async () => { site = await getSite(); br = await launch(); });
  after(async () => {
    for (const c of ctxs) await c.close().catch(() => {});
    await br?.close(); await site?.close();
  });
  async function open(path, options) {
    const ctx = await lockedContext(br.browser, site.origin, options);
    ctxs.push(ctx);
    const page = await ctx.newPage();
    await page.goto(site.origin + path);
    return page;
  }
  /** The nav's links: href, visible (has a box and is not display:none), aria-current. */
  const links = (page) => page.$$eval('header nav.site-nav a[href]', (as) => as.map((a) => {
    const r = a.getBoundingClientRect();
    return { href: a.getAttribute('href'), text: a.textContent.trim(), visible: r.width > 0 && r.height > 0 && getComputedStyle(a).visibility !== 'hidden', current: a.getAttribute('aria-current') };
  }));
  /** Hrefs focused by pressing Tab from the top of the page until focus leaves the header. */
  async function tabbedNav(page) {
    await page.evaluate(() => { document.activeElement?.blur(); window.scrollTo(0, 0); });
    const seen = [];
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      const s = await page.evaluate(() => {
        const el = document.activeElement;
        return { inHeader: !!el?.closest('header'), inNav: !!el?.closest('nav.site-nav'), href: el?.getAttribute('href'), tag: el?.tagName };
      });
      if (!s.inHeader && seen.length) break;
      if (s.inNav && s.href) seen.push(s.href);
    }
    return seen;
  }

  test('every page has exactly one primary navigation landmark, and no second copy of its links', () => {
    const bad = [];
    for (const p of htmlPages(site.dir)) {
      const html = fs.readFileSync(p.file, 'utf8');
      const header = (html.match(/<header class="site-header"[\s\S]*?<\/header>/) || [''])[0];
      if (!header) continue; // redirects, the print edition's own title page
      const navs = header.match(/<nav\b/g) || [];
      const menus = header.match(/<details class="menu"/g) || [];
      if (navs.length !== 1 || menus.length) bad.push(`${p.path}: ${navs.length} <nav> and ${menus.length} menu <details> in the header`);
    }
    assert.equal(bad.length, 0, bad.slice(0, 10).join('\n'));
  });

  for (const path of PAGES) {
    test(`${path} without JavaScript, 320 px: every nav link is shown and reachable by Tab; no button`, async () => {
      const page = await open(path, { javaScriptEnabled: false, viewport: NARROW });
      const all = await links(page);
      assert.ok(all.length >= 5, `only ${all.length} links in the nav`);
      assert.deepEqual(all.filter((l) => !l.visible).map((l) => l.href), [], 'nav links hidden without JavaScript');
      assert.equal(await page.locator('.site-nav button').count(), 0, 'a button without JavaScript');
      assert.ok(all.some((l) => l.current === 'page' || l.current === 'true'), 'no nav link marks the current section (aria-current)');
      const search = await page.$eval('header form[action]', (f) => f.getAttribute('action'));
      assert.ok(all.some((l) => l.href === search), 'the header search form is hidden at 320 px, and the nav has no link to the search page');
      assert.deepEqual(await tabbedNav(page), all.map((l) => l.href), 'Tab does not reach every nav link, in order');
    });

    test(`${path} without JavaScript, 1280 px: every section link shows (the search form stands in for the search link)`, async () => {
      const page = await open(path, { javaScriptEnabled: false, viewport: WIDE });
      const all = await links(page);
      const search = await page.$eval('header form[action]', (f) => f.getAttribute('action'));
      assert.ok(await page.locator('header form input[type=search]').isVisible(), 'the header search form is not shown at 1280 px');
      assert.deepEqual(all.filter((l) => !l.visible).map((l) => l.href), [search], 'only the search link may be hidden at 1280 px');
    });

    test(`${path} with JavaScript, 320 px: the menu button shows and hides the list (mouse, keyboard, Escape)`, async () => {
      const page = await open(path, { viewport: NARROW });
      const button = page.locator('nav.site-nav > button');
      assert.equal(await button.count(), 1, 'no menu button in the nav');
      assert.ok(await button.isVisible(), 'the menu button is not shown at 320 px');
      const name = (await button.textContent()).trim();
      assert.ok(name.length > 0, 'the menu button has no text');
      assert.equal(await button.getAttribute('type'), 'button');
      assert.equal(await button.getAttribute('aria-expanded'), 'false');
      const controls = await button.getAttribute('aria-controls');
      assert.ok(controls, 'the menu button has no aria-controls');
      assert.equal(await page.$eval(`#${controls}`, (el) => el.matches('nav.site-nav ul')), true, 'aria-controls does not name the nav list');
      assert.deepEqual((await links(page)).filter((l) => l.visible).map((l) => l.href), [], 'nav links shown while the menu is closed');
      assert.deepEqual(await tabbedNav(page), [], 'Tab reaches nav links while the menu is closed');

      await button.click();
      assert.equal(await button.getAttribute('aria-expanded'), 'true', 'clicking did not set aria-expanded="true"');
      const all = await links(page);
      assert.deepEqual(all.filter((l) => !l.visible).map((l) => l.href), [], 'nav links still hidden after opening the menu');
      await button.click();
      assert.equal(await button.getAttribute('aria-expanded'), 'false', 'a second click did not close the menu');
      assert.deepEqual((await links(page)).filter((l) => l.visible).map((l) => l.href), [], 'nav links still shown after closing the menu');

      // Keyboard: Tab to the button, Enter opens, Tab reaches the links, Escape closes and returns focus.
      await page.reload();
      let n = 0;
      while (n++ < 30 && !(await page.evaluate(() => document.activeElement?.matches('nav.site-nav > button')))) await page.keyboard.press('Tab');
      assert.ok(n < 30, `Tab never reached the menu button (focus on ${await describeActive(page)})`);
      await page.keyboard.press('Enter');
      assert.equal(await button.getAttribute('aria-expanded'), 'true', 'Enter did not open the menu');
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('href')), all[0].href, 'Tab after the open menu button does not reach its first link');
      await page.keyboard.press('Escape');
      assert.equal(await button.getAttribute('aria-expanded'), 'false', 'Escape did not close the menu');
      assert.ok(await page.evaluate(() => document.activeElement?.matches('nav.site-nav > button')), 'Escape did not return focus to the menu button');
      await page.keyboard.press('Space');
      assert.equal(await button.getAttribute('aria-expanded'), 'true', 'Space did not open the menu');
    });

    test(`${path} with JavaScript, 1280 px: no menu button, every section link shows`, async () => {
      const page = await open(path, { viewport: WIDE });
      assert.equal(await page.locator('nav.site-nav > button').isVisible(), false, 'a menu button is shown at 1280 px');
      const all = await links(page);
      const search = await page.$eval('header form[action]', (f) => f.getAttribute('action'));
      assert.deepEqual(all.filter((l) => !l.visible).map((l) => l.href), [search], 'only the search link may be hidden at 1280 px');
      const tabbed = await tabbedNav(page);
      assert.deepEqual(tabbed, all.filter((l) => l.href !== search).map((l) => l.href), 'Tab does not reach every section link at 1280 px');
    });
  }

  test('no request left the site origin; no CSP violation', () => {
    for (const ctx of ctxs) {
      assert.equal(ctx.offOrigin.length, 0, `off-origin requests were blocked:\n${formatOffOrigin(ctx.offOrigin)}`);
      assert.equal(ctx.cspViolations.length, 0, `CSP violations:\n${formatCsp(ctx.cspViolations)}`);
    }
  });
});
