/* inolab: combined sprint filters (topic × year × institution × status ×
 * result) on the sprint list and facet pages. Progressive enhancement: the
 * facet links are static pages, one per value, and stay as they are; with
 * this script each linked value also gets a checkbox, and checked values
 * narrow the list at once (OR within a facet, AND across facets), the counts
 * follow, the URL keeps the selection (?topics=…&years=…, shareable; the back
 * button restores it) and the number of sprints is announced.
 *
 * Data: the search index of the page's language (manifest in
 * data-filters): its facets file (src/search/facets.rs: per facet, per facet
 * page URL, the sprints' doc ids) and the fragments of the sprints shown
 * (title, URL, date, text). The manifest and the facets file are fetched
 * when the browser is idle (to know whether to offer checkboxes), fragments
 * only for the sprints shown; if the index has no facets file the page
 * stays as it is. On a facet page its own value starts checked. Plain
 * ES2020, no dependencies.
 *
 * Page contract (partials/sprint_listing.html):
 *   <div data-filters="/…/manifest-….json" data-strings='{…}'> containing
 *   nav.facets (links to the facet pages), #sprint-cards, #result-count,
 *   #filter-status (role=status) and the pagination nav.
 * data-strings: zero/one/other ("{n} sprinti"), none, more, clear, error.
 */
(() => {
  'use strict';

  /** Reads the facets file: Map facet → Map(page URL → sorted doc ids). */
  function decodeFacets(b) {
    let i = 0;
    const td = new TextDecoder();
    const v = () => { let x = 0, m = 1, c; do { c = b[i++]; x += (c & 127) * m; m *= 128; } while (c > 127); return x; };
    const s = () => { const n = v(), t = td.decode(b.subarray(i, i + n)); i += n; return t; };
    const out = new Map();
    for (let f = v(); f > 0; f--) {
      const name = s(), values = new Map();
      for (let n = v(); n > 0; n--) {
        const id = s(), docs = new Uint32Array(v());
        for (let k = 0, d = 0; k < docs.length; k++) { d = k ? d + v() : v(); docs[k] = d; }
        values.set(id, docs);
      }
      out.set(name, values);
    }
    return out;
  }

  /** Sprints in every facet's selection: the union of its values' ids, intersected across facets. */
  function select(facets, chosen, skip) {
    let acc = null;
    for (const [facet, urls] of chosen) {
      if (facet === skip || !urls.size) continue;
      const u = new Set();
      for (const url of urls) for (const d of facets.get(facet).get(url) || []) u.add(d);
      acc = acc ? new Set([...acc].filter((d) => u.has(d))) : u;
    }
    return acc; // null: no selection (all sprints)
  }

  const api = { decodeFacets, select };
  if (typeof module !== 'undefined' && module.exports) { module.exports = api; return; }
  if (typeof document === 'undefined') return;

  const root = document.querySelector('[data-filters]');
  const nav = root && root.querySelector('nav.facets');
  const list = document.getElementById('sprint-cards');
  if (!root || !nav || !list || !root.dataset.filters || !window.DecompressionStream) return;
  let S = {};
  try { S = JSON.parse(root.dataset.strings || '{}'); } catch (e) { /* English fallbacks */ }
  const str = (k, n) => String(S[k] || { one: '{n} sprint', other: '{n} sprints', none: 'No sprint matches.', more: 'Show more', error: 'Filters are unavailable.' }[k] || '').replace('{n}', n);
  const plural = new Intl.PluralRules(document.documentElement.lang || 'lv');
  const status = document.getElementById('filter-status'), count = document.getElementById('result-count');
  const pager = root.querySelector('nav.pagination');
  const staticCards = [...list.children], staticCount = count ? count.textContent : '';
  const PAGE = 30;
  const base = new URL(root.dataset.filters, location.href);
  const path = (href) => new URL(href, location.href).pathname;
  const idOf = (url) => url.split('/').filter(Boolean).pop();

  async function inflate(b) {
    if (b[0] !== 0x1f || b[1] !== 0x8b) return b;
    return new Uint8Array(await new Response(new Blob([b]).stream().pipeThrough(new DecompressionStream('gzip'))).arrayBuffer());
  }
  async function get(url) {
    const r = await fetch(url);
    if (!r.ok) throw new Error(r.status + ' ' + url);
    return inflate(new Uint8Array(await r.arrayBuffer()));
  }
  /* Fragment packs (src/search/index.rs): sprint d is entry d % fk of pack
   * frag + floor(d / fk) + '.bin', read with two byte ranges (8 bytes of
   * offset table, then its gzip). A server without ranges sends the whole
   * pack, kept for the pack's other sprints; a pack's requests wait for its
   * first, so such a server sends each pack once. */
  const packs = new Map();
  async function packRange(url, a, b) {
    let p = packs.get(url);
    if (!p) { p = {}; packs.set(url, p); }
    if (p.first) await p.first.catch(() => {});
    if (p.whole) return p.whole.subarray(a, b);
    const req = fetch(url, { headers: { Range: `bytes=${a}-${b - 1}` } }).then(async (r) => {
      if (!r.ok) throw new Error(r.status + ' ' + url);
      const buf = new Uint8Array(await r.arrayBuffer());
      if (r.status === 206) return buf;
      p.whole = buf;
      return buf.subarray(a, b);
    });
    if (!p.first) p.first = req;
    return req;
  }
  let data; // {m, facets, frag: Map}
  function load() {
    if (!data) {
      data = (async () => {
        const m = JSON.parse(new TextDecoder().decode(await get(base.href)));
        if (!m.facets) return null;
        return { m, facets: decodeFacets(await get(new URL(m.facets, base).href)), frags: new Map() };
      })();
      data.catch(() => { data = undefined; });
    }
    return data;
  }
  const fragment = (d, id) => {
    if (!d.frags.has(id)) {
      const k = d.m.fk, j = id % k, url = new URL(d.m.frag + Math.floor(id / k) + '.bin', base).href;
      d.frags.set(id, packRange(url, 4 * j, 4 * j + 8)
        .then((t) => { const v = new DataView(t.buffer, t.byteOffset, 8); return packRange(url, v.getUint32(0, true), v.getUint32(4, true)); })
        .then(inflate).then((b) => JSON.parse(new TextDecoder().decode(b))));
    }
    return d.frags.get(id);
  };

  // A checkbox before every facet link; its facet and value come from the facets file.
  const boxes = [];
  let staticSel = new Map(); // what the page as built shows (a facet page: its value)
  async function enhance() {
    const d = await load();
    if (!d) return false;
    const byUrl = new Map();
    for (const [facet, values] of d.facets) for (const url of values.keys()) byUrl.set(url, facet);
    nav.querySelectorAll('li > a[href]').forEach((a) => {
      const url = path(a.href), facet = byUrl.get(url);
      if (!facet) return;
      const label = (a.firstChild && a.firstChild.textContent || a.textContent).trim();
      const box = document.createElement('input');
      Object.assign(box, { type: 'checkbox', className: 'facet-check', value: url });
      box.dataset.facet = facet;
      box.setAttribute('aria-label', label);
      box.checked = a.getAttribute('aria-current') === 'page';
      a.before(box);
      boxes.push({ box, a, facet, url });
    });
    staticSel = chosenFromBoxes();
    nav.classList.add('facets-combined');
    return true;
  }

  function chosenFromURL() {
    const q = new URLSearchParams(location.search), chosen = new Map();
    if (!boxes.some((b) => q.has(b.facet))) return staticSel;
    for (const { facet, url } of boxes) {
      if (q.getAll(facet).includes(idOf(url))) {
        if (!chosen.has(facet)) chosen.set(facet, new Set());
        chosen.get(facet).add(url);
      }
    }
    return chosen;
  }
  function chosenFromBoxes() {
    const chosen = new Map();
    for (const { box, facet, url } of boxes) if (box.checked) {
      if (!chosen.has(facet)) chosen.set(facet, new Set());
      chosen.get(facet).add(url);
    }
    return chosen;
  }

  let seq = 0, announce;
  async function render(chosen) {
    const my = ++seq, d = await load();
    if (!d || my !== seq) return;
    for (const b of boxes) b.box.checked = !!(chosen.get(b.facet) && chosen.get(b.facet).has(b.url));
    // Counts: each value's sprints within the other facets' selection.
    for (const { a, facet, url } of boxes) {
      const within = select(d.facets, chosen, facet), docs = d.facets.get(facet).get(url) || [];
      const n = within ? docs.filter((x) => within.has(x)).length : docs.length;
      const c = a.querySelector('span'); // the count, "(12)"
      if (c) c.textContent = '(' + n + ')';
    }
    const key = (c) => JSON.stringify([...c].map(([k, v]) => [k, [...v].sort()]).filter((x) => x[1].length).sort());
    let all = select(d.facets, chosen, null);
    if (key(chosen) === key(staticSel)) { // the page as built
      list.replaceChildren(...staticCards);
      const more = document.getElementById('filter-more');
      if (more) more.remove();
      if (pager) pager.hidden = false;
      if (count) count.textContent = staticCount;
      if (status) status.textContent = '';
      root.dispatchEvent(new CustomEvent('filters-updated'));
      return;
    }
    if (!all) { // nothing chosen on a facet page: every sprint
      const k = d.m.kinds.find((x) => x[0] === 'sprint') || ['', 0, 0];
      all = new Set(Array.from({ length: k[2] - k[1] }, (_, i) => k[1] + i));
    }
    const ids = [...all].sort((x, y) => x - y);
    if (pager) pager.hidden = true;
    const show = async (from) => {
      const frags = await Promise.all(ids.slice(from, from + PAGE).map((id) => fragment(d, id)));
      if (my !== seq) return;
      if (!from) list.replaceChildren();
      for (const f of frags) {
        const li = document.createElement('li'), h = document.createElement('h2'), a = document.createElement('a');
        a.href = f.url; a.textContent = f.title;
        h.append(a); li.append(h);
        if (f.date) { const p = document.createElement('p'); p.className = 'card-meta'; const t = document.createElement('time'); t.dateTime = f.date; t.textContent = f.date; p.append(t); li.append(p); }
        if (f.text) { const p = document.createElement('p'); p.className = 'card-text'; p.textContent = f.text.length > 240 ? f.text.slice(0, 240).replace(/\s\S*$/, '') + ' …' : f.text; li.append(p); }
        list.append(li);
      }
      let more = document.getElementById('filter-more');
      if (more) more.remove();
      if (ids.length > from + PAGE) {
        more = document.createElement('button');
        Object.assign(more, { type: 'button', id: 'filter-more', textContent: str('more') });
        more.addEventListener('click', () => show(from + PAGE).then(() => { const x = list.children[from + PAGE]; if (x) x.querySelector('a').focus(); }));
        list.after(more);
      }
    };
    await show(0);
    if (my !== seq) return;
    const msg = ids.length ? str(S[plural.select(ids.length)] ? plural.select(ids.length) : 'other', ids.length) : str('none');
    if (count) count.textContent = msg;
    root.dispatchEvent(new CustomEvent('filters-updated')); // the list is shown (benches time it)
    clearTimeout(announce);
    announce = setTimeout(() => { if (status) status.textContent = msg; }, 500);
  }

  function pushURL(chosen) {
    const u = new URL(location.href);
    for (const f of new Set(boxes.map((b) => b.facet))) u.searchParams.delete(f);
    for (const [f, urls] of chosen) for (const url of urls) u.searchParams.append(f, idOf(url));
    if (u.href !== location.href) history.pushState({ filters: true }, '', u);
  }

  nav.addEventListener('change', (e) => {
    if (!e.target.classList.contains('facet-check')) return;
    const chosen = chosenFromBoxes();
    pushURL(chosen);
    render(chosen).catch(() => { if (status) status.textContent = str('error'); });
  });
  window.addEventListener('popstate', () => { if (boxes.length) render(chosenFromURL()); });

  // Checkboxes appear once the facets file is known to exist; a shared URL
  // with a selection is applied at once.
  const start = () => enhance().then((ok) => {
    if (ok && boxes.some((b) => new URLSearchParams(location.search).has(b.facet))) return render(chosenFromURL());
    return undefined;
  }).catch(() => {});
  if ('requestIdleCallback' in window) requestIdleCallback(start, { timeout: 1500 }); else setTimeout(start, 200);
})();
