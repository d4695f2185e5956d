/* inolab theme: small progressive enhancements. Loaded in <head> so the
   "js" class is set before first paint; everything else waits for the DOM.
   The site works fully without this file. */
(function () {
  'use strict';
  var root = document.documentElement;
  root.classList.remove('no-js');
  root.classList.add('js');

  function fold(s) {
    return s.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  }

  // The primary navigation is written once (partials/header.html). On narrow
  // screens CSS hides its list behind this "Menu" button (aria-expanded);
  // on wide screens the button is not shown and the list always is.
  function navToggle() {
    var nav = document.querySelector('.site-nav[data-menu]');
    var list = nav && nav.querySelector('ul');
    if (!list) return;
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'nav-toggle';
    button.textContent = nav.getAttribute('data-menu');
    list.id = list.id || 'site-nav-list';
    button.setAttribute('aria-controls', list.id);
    button.setAttribute('aria-expanded', 'false');
    button.addEventListener('click', function () {
      button.setAttribute('aria-expanded', String(button.getAttribute('aria-expanded') !== 'true'));
    });
    nav.addEventListener('keydown', function (e) {
      if (e.key !== 'Escape' || button.getAttribute('aria-expanded') !== 'true' || !button.offsetParent) return;
      button.setAttribute('aria-expanded', 'false');
      button.focus();
    });
    nav.insertBefore(button, list);
  }

  // Quick filter on sprint list and facet pages: narrows the cards shown on
  // this page; the facet links remain the real, server-side filters.
  function quickFilter() {
    var box = document.querySelector('.quick-filter');
    var list = document.getElementById('sprint-cards');
    var status = document.getElementById('filter-status');
    if (!box || !list) return;
    var input = box.querySelector('input');
    var cards = Array.prototype.slice.call(list.children);
    // A card's own text, and what it does not show (partners, topics).
    var texts = cards.map(function (li) { return fold(li.textContent + ' ' + (li.getAttribute('data-filter') || '')); });
    var rules = window.Intl && Intl.PluralRules ? new Intl.PluralRules(root.lang) : null;
    var timer;
    box.hidden = false;
    input.addEventListener('input', function () {
      var words = fold(input.value).split(/\s+/).filter(Boolean);
      var n = 0;
      cards.forEach(function (li, i) {
        var ok = words.every(function (w) { return texts[i].indexOf(w) !== -1; });
        li.hidden = !ok;
        if (ok) n++;
      });
      clearTimeout(timer);
      timer = setTimeout(function () {
        if (!status) return;
        if (!words.length) { status.textContent = ''; return; }
        if (n === 0) { status.textContent = input.getAttribute('data-none'); return; }
        var cat = rules ? rules.select(n) : (n === 1 ? 'one' : 'other');
        var form = input.getAttribute('data-' + cat) || input.getAttribute('data-other') || '{n}';
        status.textContent = form.replace('{n}', n);
      }, 600);
    });
  }

  // Print: paper needs whole addresses. The print stylesheet shows each link's
  // data-print-href after it; without this script it falls back to the
  // site-relative href, and the page's own address is printed at the top.
  function printAddresses() {
    var canonical = document.querySelector('link[rel="canonical"]');
    var base = canonical ? canonical.href : location.href;
    var links = document.querySelectorAll('main a[href]');
    for (var i = 0; i < links.length; i++) {
      var href = links[i].getAttribute('href');
      if (!href || href.charAt(0) === '#') continue;
      try { links[i].setAttribute('data-print-href', new URL(href, base).href); } catch (e) { /* leave the relative address */ }
    }
  }

  function ready() { navToggle(); quickFilter(); printAddresses(); }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', ready);
  else ready();
})();
