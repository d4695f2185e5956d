/* inolab site search: analyser, index reader, ranking and results UI.
 * Plain ES2020, no build step, no dependencies. The index is written by
 * src/search (Rust); the analyser below must give the same keys as that
 * code (tests/search/parity.mjs checks it against golden vectors).
 * Credits (Latvian stemmer after Lucene/Krēsliņš, stop words by J. Savoy
 * and Lucene, Snowball English): docs/search-notices.md.
 *
 * Page contract (written by the theme):
 *   <div id="search-app" data-manifest="/…/manifest-….json" data-lang="lv"
 *        data-strings='{…}'>  with inside or near it
 *   <form role="search" method="get"> <input type="search" name="q" id="search-q">
 *     optional type filters <input type="checkbox|radio" name="type" value="sprint">
 *     (a radio with value "" means all types)
 *   <p id="search-status" role="status" aria-live="polite"></p>
 *   <p id="search-alert" role="alert"></p>
 *   <ol id="search-results"></ol>
 *
 * data-strings keys ({n}, {k}, {q}, {s} are filled in; all optional, English
 * fallbacks below):
 *   results_zero, results_one, results_other  count ("{n} rezultātu" …),
 *       chosen with Intl.PluralRules(data-lang): CLDR lv has zero/one/other
 *   none        no results, announced assertively ("Nav rezultātu vaicājumam „{q}”.")
 *   tips        advice shown with none ("Pārbaudiet rakstību vai lietojiet mazāk vārdu.")
 *   all_types   link to repeat the search without the type filter
 *   partial     k-of-n fallback ("Rezultāti atbilst {k} no {n} vārdiem.")
 *   corrected   typo correction ("Rādīti rezultāti vaicājumam „{s}”.")
 *   more        button to show 10 more results
 *   loading     while the first files load
 *   error       when the index cannot be loaded
 *   kinds       object: kind → label ({"sprint":"Sprints",…})
 *   langs       object: lang → label ({"lv":"latviešu","en":"angļu"})
 */
(() => {
  'use strict';

  // ---------- analysis (mirror of src/search/analysis.rs) ----------
  const WORDS = /[\p{Alphabetic}\p{N}\p{M}]+(?:[-\u2010\u2011][\p{Alphabetic}\p{N}\p{M}]+)*/gu;
  const nfc = (s) => s.normalize('NFC');
  const lower = (s) => nfc(s.toLowerCase());
  const clen = (s) => [...s].length;
  const keep = (w) => { const n = clen(w); return n > 1 && n < 41; };
  const fold = (s) => /^[\0-\x7f]*$/.test(s) ? s : s.normalize('NFD').replace(/\p{M}/gu, '').normalize('NFC');
  const hasDia = (s) => fold(s) !== s;

  /** Words of a text: {word, parts, start, end}, offsets into nfc(text). */
  function tokens(text) {
    const out = [];
    for (const m of nfc(text).matchAll(WORDS)) {
      const parts = m[0].split(/[-\u2010\u2011]/).map(lower);
      const word = parts.join('');
      const p = parts.length > 1 ? parts.filter(keep) : [];
      if (keep(word) || p.length) out.push({ word, parts: p, start: m.index, end: m.index + m[0].length });
    }
    return out;
  }
  const tokenize = (text) => tokens(text).flatMap((t) => (keep(t.word) ? [t.word] : []).concat(t.parts));

  // Latvian light stemmer (docs/search-design.md §3.2): suffix, vowels in
  // it, p = may expose a palatalised consonant. Order matters.
  const LV = ('ajiem3 ajai3 ajam2 ajām2 ajos2 ajās2 iem2p ajā2 ais2 ai2 ei2 ām1 am1 ēm1 īm1 im1 um1 us1p ' +
    'as1 ās1 es1 os1p ij1 īs1 ēs1 is1 ie1 u1p a1p i1p e1 ā1 ē1 ī1 ū1 o1 s0 š0').split(' ')
    .map((x) => [x.replace(/\d.*/, ''), +x.match(/\d/)[0], x.endsWith('p')]);
  const LVF = LV.map(([s, v, p]) => [fold(s), v, p]).filter(([s], i, a) => a.findIndex((r) => r[0] === s) === i);
  const PAL = { 'šņ': 'sn', 'žņ': 'zn', 'šļ': 'sl', 'žļ': 'zl', 'ļņ': 'ln', 'ļļ': 'll', 'č': 'c', 'ļ': 'l', 'ņ': 'n' };

  /** Long vowel or diphthong at the end of chars `c` (any vowel when folded). */
  function longBefore(c, folded) {
    const n = c.length, l = c[n - 1];
    if (!n) return false;
    if (folded) return 'aeiou'.includes(l);
    if ('āēīū'.includes(l)) return true;
    return n >= 2 && ((l === 'i' && 'aeu'.includes(c[n - 2])) || (l === 'u' && c[n - 2] === 'a') || (l === 'e' && c[n - 2] === 'i'));
  }
  /** The other stem for a consonant alternation (latvian.rs `alternate`), or null. */
  function alternate(r, pal, folded) {
    const n = r.length, last = r[n - 1];
    if (n < 3) return null;
    const head = (k, t) => r.slice(0, n - k).join('') + t;
    if (pal && n >= 4 && last === (folded ? 'z' : 'ž') && r[n - 2] !== 'd') return head(1, 'd');
    if (pal && last === (folded ? 's' : 'š')) return head(1, 't');
    if (n >= 4 && last === 't' && (r[n - 2] === 'k' || r[n - 2] === 'g') && longBefore(r.slice(0, n - 2), folded)) return head(1, '');
    if (last === 'c' && longBefore(r.slice(0, n - 1), folded)) return head(1, 'k');
    if (n >= 4 && last === 'z' && r[n - 2] === 'd' && longBefore(r.slice(0, n - 2), folded)) return head(2, 'g');
    return null;
  }
  /** [stem, other stem or null] (latvian.rs `stems` / `stems_folded`). */
  function lvStems(w, folded) {
    const c = [...w];
    const V = c.filter((x) => (folded ? 'aeiou' : 'aeiouāēīū').includes(x)).length;
    const out = (r, pal) => [r, alternate([...r], pal, folded)];
    for (const [s, vc, pal] of folded ? LVF : LV) {
      if (c.length < s.length + 3 || V <= vc || !w.endsWith(s)) continue;
      let r = c.slice(0, c.length - s.length).join('');
      if (!pal) return out(r, false);
      if (/[pbmv]j$/.test(r)) return out(r.slice(0, -1), true);
      if (folded) return out(r, true);
      if (s[0] === 'u') {
        if (r.endsWith('kš')) return [r.slice(0, -1) + 'st', r.slice(0, -1) + 't'];
        if (r.endsWith('ņņ')) return out(r.slice(0, -2) + 'nn', true);
      }
      const m = /(šņ|žņ|šļ|žļ|ļņ|ļļ|č|ļ|ņ)$/.exec(r);
      return out(m ? r.slice(0, m.index) + PAL[m[1]] : r, true);
    }
    return [w, alternate(c, false, folded)];
  }
  const lvStem = (w) => lvStems(w, false)[0];
  const lvStemFolded = (w) => lvStems(w, true)[0];

  // Snowball English (Porter2), as in rust-stemmers (english.sbl).
  const EX1 = new Map(Object.entries({ skis: 'ski', skies: 'sky', dying: 'die', lying: 'lie', tying: 'tie',
    idly: 'idl', gently: 'gentl', ugly: 'ugli', early: 'earli', only: 'onli', singly: 'singl', sky: 'sky',
    news: 'news', howe: 'howe', atlas: 'atlas', cosmos: 'cosmos', bias: 'bias', andes: 'andes' }));
  const EX2 = /^(inning|outing|canning|herring|earring|proceed|exceed|succeed)$/;
  const S2 = { tional: 'tion', enci: 'ence', anci: 'ance', abli: 'able', entli: 'ent', izer: 'ize', ization: 'ize',
    ational: 'ate', ation: 'ate', ator: 'ate', alism: 'al', aliti: 'al', alli: 'al', fulness: 'ful', ousli: 'ous',
    ousness: 'ous', iveness: 'ive', iviti: 'ive', biliti: 'ble', bli: 'ble', ogi: 'og', fulli: 'ful', lessli: 'less', li: '' };
  const S3 = { tional: 'tion', ational: 'ate', alize: 'al', icate: 'ic', iciti: 'ic', ical: 'ic', ful: '', ness: '', ative: '' };
  const S4 = 'al ance ence er ic able ible ant ement ment ent ism ate iti ous ive ize ion'.split(' ');
  const isV = (c) => c !== undefined && 'aeiouy'.includes(c);

  function enStem(w) {
    if (w.length < 3) return w;
    if (EX1.has(w)) return EX1.get(w);
    let s = w.replace(/^y/, 'Y').replace(/([aeiouy])y/g, '$1Y');
    const region = (i) => {
      while (i < s.length && !isV(s[i])) i++;
      i++;
      while (i < s.length && isV(s[i])) i++;
      return Math.min(i + 1, s.length);
    };
    const pre = /^(gener|commun|arsen)/.exec(s);
    const p1 = pre ? pre[0].length : region(0);
    const p2 = region(p1);
    const longest = (list) => list.reduce((b, x) => (x.length > b.length && s.endsWith(x) ? x : b), '');
    const shortv = (i) => (i > 2 && !isV(s[i - 1]) && !'wxY'.includes(s[i - 1]) && isV(s[i - 2]) && !isV(s[i - 3])) ||
      (i === 2 && isV(s[0]) && !isV(s[1]));
    const cut = (t) => s.slice(0, s.length - t.length);
    // Step 1a
    let t = longest(['sses', 'ied', 'ies', 's', 'us', 'ss']);
    let b = s.length - t.length;
    if (t === 'sses') s = cut(t) + 'ss';
    else if (t === 'ied' || t === 'ies') s = cut(t) + (b > 1 ? 'i' : 'ie');
    else if (t === 's' && /[aeiouy]/.test(s.slice(0, b - 1))) s = cut(t);
    if (!EX2.test(s)) {
      // Step 1b
      t = longest(['eed', 'eedly', 'ed', 'edly', 'ing', 'ingly']);
      b = s.length - t.length;
      if (t[0] === 'e' && t[1] === 'e') { if (b >= p1) s = cut(t) + 'ee'; } else if (t && /[aeiouy]/.test(s.slice(0, b))) {
        s = cut(t);
        const u = longest(['at', 'bl', 'iz', 'bb', 'dd', 'ff', 'gg', 'mm', 'nn', 'pp', 'rr', 'tt']);
        if (u === 'at' || u === 'bl' || u === 'iz') s += 'e';
        else if (u) s = s.slice(0, -1);
        else if (s.length === p1 && shortv(s.length)) s += 'e';
      }
      // Step 1c
      if (s.length > 2 && /[yY]$/.test(s) && !isV(s[s.length - 2])) s = s.slice(0, -1) + 'i';
      // Step 2
      t = longest(Object.keys(S2));
      b = s.length - t.length;
      if (t && b >= p1) {
        if (t === 'ogi') { if (s[b - 1] === 'l') s = cut(t) + 'og'; } else if (t === 'li') { if ('cdeghkmnrt'.includes(s[b - 1] || '_')) s = cut(t); } else s = cut(t) + S2[t];
      }
      // Step 3
      t = longest(Object.keys(S3));
      b = s.length - t.length;
      if (t && b >= p1 && (t !== 'ative' || b >= p2)) s = cut(t) + S3[t];
      // Step 4
      t = longest(S4);
      b = s.length - t.length;
      if (t && b >= p2 && (t !== 'ion' || 'st'.includes(s[b - 1] || '_'))) s = cut(t);
      // Step 5
      b = s.length - 1;
      if (s.endsWith('e') && (b >= p2 || (b >= p1 && !shortv(b)))) s = s.slice(0, b);
      else if (s.endsWith('ll') && b >= p2) s = s.slice(0, b);
    }
    return s.replace(/Y/g, 'y');
  }

  // Stop words: Latvian by J. Savoy (BSD) via Lucene, 161 words; English:
  // Lucene EnglishAnalyzer, 33 words. Same lists as src/search/stopwords.rs.
  const STOP = {
    lv: new Set(('aiz ap ar apakš ārpus augšpus bez caur dēļ gar iekš iz kopš labad lejpus līdz no otrpus pa par pār ' +
      'pēc pie pirms pret priekš starp šaipus uz viņpus virs virspus zem apakšpus un bet jo ja ka lai tomēr tikko ' +
      'turpretī arī kaut gan tādēļ tā ne tikvien vien kā ir te vai kamēr diezin droši diemžēl nebūt ik it taču nu ' +
      'pat tiklab iekšpus nedz tik nevis turpretim jeb iekam iekām iekāms kolīdz līdzko tiklīdz jebšu tālab tāpēc ' +
      'nekā itin jā jau jel nē nezin tad tikai vis tak iekams būt biju biji bija bijām bijāt esmu esi esam esat ' +
      'būšu būsi būs būsim būsiet tikt tiku tiki tika tikām tikāt tieku tiec tiek tiekam tiekat tikšu tiks tiksim ' +
      'tiksiet tapt tapi tapāt topat tapšu tapsi taps tapsim tapsiet kļūt kļuvu kļuvi kļuva kļuvām kļuvāt kļūstu ' +
      'kļūsti kļūst kļūstam kļūstat kļūšu kļūsi kļūs kļūsim kļūsiet varēt varēju varējām varēšu varēsim var ' +
      'varēji varējāt varēsi varēsiet varat varēja varēs').split(' ')),
    en: new Set('a an and are as at be but by for if in into is it no not of on or such that the their then there these they this to was will with'.split(' ')),
  };
  const FSTOP = {};
  for (const l in STOP) FSTOP[l] = new Set([...STOP[l]].map(fold));
  const isStop = (lang, w) => !!STOP[lang] && STOP[lang].has(w);
  const isStopQuery = (lang, w) => isStop(lang, w) || (!!STOP[lang] && !hasDia(w) && FSTOP[lang].has(w));

  const key = (lang, w) => fold(lang === 'lv' ? lvStem(w) : lang === 'en' ? enStem(w) : w);
  const exactKey = (w) => fold(w) + '!';
  /** Keys a word is indexed under: its key and, for lv, the other stem's (analysis.rs `keys`). */
  function keys(lang, w) {
    if (lang !== 'lv') return [key(lang, w)];
    const [s, a] = lvStems(w, false), k = fold(s);
    return a !== null && fold(a) !== k ? [k, fold(a)] : [k];
  }
  function queryKeys(lang, w) {
    const k = [];
    const add = (x) => { if (x !== null && !k.includes(x)) k.push(x); };
    if (lang === 'lv' && !hasDia(w)) lvStems(w, true).forEach(add);
    keys(lang, w).forEach(add);
    return k;
  }
  const analyze = (lang, text, keepStop) => tokenize(text).filter((w) => keepStop || !isStop(lang, w)).map((w) => key(lang, w));

  // ---------- index reader and ranking (mirror of src/search/query.rs) ----------
  const PREFIX_MIN = 3, PREFIX_CAP = 50, PREFIX_SHARDS = 4, TYPO_MIN = 5, TYPO_CAP = 5;
  const PREFIX_F = 0.7, TYPO_F = 0.5, EXACT_BONUS = 0.5, PART_F = 0.6;

  function bytes(b) {
    let i = 0;
    const td = new TextDecoder();
    return {
      v() { let x = 0, m = 1, c; do { c = b[i++]; x += (c & 127) * m; m *= 128; } while (c > 127); return x; },
      k(prev) { const n = this.v(), l = this.v(); const s = prev.slice(0, n) + td.decode(b.subarray(i, i + l)); i += l; return s; },
    };
  }
  function decodeShard(b) {
    const r = bytes(b), out = new Map();
    let prev = '';
    for (let n = r.v(); n > 0; n--) {
      const k = r.k(prev), p = [];
      let doc = 0;
      for (let i = 0, df = r.v(); i < df; i++) {
        const v = r.v(), gap = Math.floor(v / 16);
        doc = i ? doc + gap : gap;
        p.push([doc, v % 16]);
      }
      out.set(k, p);
      prev = k;
    }
    return out;
  }
  function decodeLexicon(b) {
    const r = bytes(b), out = [];
    let prev = '';
    for (let n = r.v(); n > 0; n--) { prev = r.k(prev); out.push([prev, r.v()]); }
    return out;
  }
  async function gunzip(buf) {
    const b = new Uint8Array(buf);
    if (b[0] !== 0x1f || b[1] !== 0x8b) return b; // already decoded by the server
    const s = new Blob([b]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Uint8Array(await new Response(s).arrayBuffer());
  }

  /** Damerau-Levenshtein (optimal string alignment), capped at max + 1. */
  function editDistance(a, b, max) {
    a = [...a]; b = [...b];
    if (Math.abs(a.length - b.length) > max) return max + 1;
    const w = b.length + 1, d = [];
    for (let j = 0; j < w; j++) d[j] = j;
    for (let i = 1; i <= a.length; i++) {
      d[i * w] = i;
      let min = i;
      for (let j = 1; j <= b.length; j++) {
        let v = Math.min(d[(i - 1) * w + j] + 1, d[i * w + j - 1] + 1, d[(i - 1) * w + j - 1] + (a[i - 1] !== b[j - 1] ? 1 : 0));
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[(i - 2) * w + j - 2] + 1);
        d[i * w + j] = v;
        min = Math.min(min, v);
      }
      if (min > max) return max + 1;
    }
    return Math.min(d[a.length * w + b.length], max + 1);
  }

  /** An index; `load(path)` resolves to the raw bytes of a file (gzip or
   *  not); `load(path, [a, b])` asks for its bytes a .. b - 1 only and
   *  resolves to `{ part: bytes }` if it got just those, or to the whole
   *  file if the server sends all of it (no range support). */
  class Index {
    constructor(manifest, load) {
      this.m = manifest; this.load = load; this.cache = new Map();
      // Fragment packs: per pack, its first request (while it is not known
      // whether the server honours ranges) and its whole bytes once a
      // server sent them; `ranges` is false once one did.
      this.packs = new Map(); this.ranges = undefined;
    }
    static async open(url, fetchFn = fetch) {
      const get = async (u, range) => {
        const r = await fetchFn(u, range ? { headers: { Range: `bytes=${range[0]}-${range[1] - 1}` } } : undefined);
        if (!r.ok) throw new Error(r.status + ' ' + u);
        const body = await r.arrayBuffer();
        if (!range || r.status !== 206) return body;
        const cr = /^bytes (\d+)-(\d+)\//.exec(r.headers.get('Content-Range') || '');
        if (!cr || +cr[1] !== range[0] || body.byteLength !== +cr[2] - +cr[1] + 1) throw new Error('bad range ' + u);
        return { part: body };
      };
      const m = JSON.parse(new TextDecoder().decode(await gunzip(await get(url))));
      return new Index(m, (p, range) => get(new URL(p, new URL(url, location.href)).href, range));
    }
    /** Bytes a .. b - 1 of fragment pack n: a range request, or a slice of
     *  the whole pack when the server sent it (kept for the pack's other
     *  fragments). Requests for a pack wait for its first one while range
     *  support is unknown, so a server without ranges sends each pack once. */
    async packRange(n, a, b) {
      const path = this.m.frag + n + '.bin';
      let p = this.packs.get(n);
      if (!p) { p = { first: null, whole: null }; this.packs.set(n, p); }
      if (p.first && this.ranges === undefined) await p.first.catch(() => {});
      if (!p.whole && this.ranges === false) {
        p.whole = this.load(path).then((w) => new Uint8Array(w));
        p.whole.catch(() => { p.whole = null; });
      }
      if (p.whole) return (await p.whole).subarray(a, b);
      const req = this.load(path, [a, b]).then((r) => {
        if (r && r.part) { if (this.ranges === undefined) this.ranges = true; return new Uint8Array(r.part); }
        this.ranges = false;
        const w = new Uint8Array(r);
        p.whole = Promise.resolve(w);
        return w.subarray(a, b);
      });
      if (!p.first) p.first = req;
      return req;
    }
    file(path, decode) {
      if (!this.cache.has(path)) {
        const p = this.load(path).then(gunzip).then(decode);
        p.catch(() => this.cache.delete(path));
        this.cache.set(path, p);
      }
      return this.cache.get(path);
    }
    shardFor(k) {
      const s = this.m.shards;
      let lo = 0, hi = s.length;
      while (lo < hi) { const mid = (lo + hi) >> 1; if (s[mid][0] <= k) lo = mid + 1; else hi = mid; }
      return Math.max(lo - 1, 0);
    }
    shardsForPrefix(p) {
      const s = this.m.shards, out = [this.shardFor(p)];
      for (let j = out[0] + 1; j < s.length && s[j][0].startsWith(p); j++) out.push(j);
      return out;
    }
    shard(i) { return this.file(this.m.shards[i][1], decodeShard); }
    /** Doc `doc`'s fragment: entry doc % fk of pack doc / fk (format in
     *  src/search/index.rs): 8 bytes of the pack's offset table, then the
     *  fragment's gzip between the two offsets. */
    fragment(doc) {
      const key = 'd' + doc;
      if (!this.cache.has(key)) {
        const k = this.m.fk, n = Math.floor(doc / k), j = doc % k;
        const p = this.packRange(n, 4 * j, 4 * j + 8).then((t) => {
          const v = new DataView(t.buffer, t.byteOffset, 8);
          return this.packRange(n, v.getUint32(0, true), v.getUint32(4, true));
        }).then(gunzip).then((b) => JSON.parse(new TextDecoder().decode(b)));
        p.catch(() => this.cache.delete(key));
        this.cache.set(key, p);
      }
      return this.cache.get(key);
    }
    kindOf(doc) { const k = this.m.kinds.find(([, a, b]) => a <= doc && doc < b); return k ? k[0] : ''; }
    idf(df) { const n = this.m.docs; return Math.log(1 + (n - df + 0.5) / (df + 0.5)); }
    async postings(k) { return (await this.shard(this.shardFor(k))).get(k); }
    async scoreKey(k, f, best) {
      const p = await this.postings(k);
      if (!p) return;
      const idf = this.idf(p.length);
      for (const [doc, imp] of p) { const s = idf * imp * f; if (!(best.get(doc) >= s)) best.set(doc, s); }
    }
    /** Compounds with `k` as a part (key `k#`, src/search/compound.rs), scored
     *  with the idf of k and k# together, below k itself. True if any. */
    async scorePart(k, best) {
      const p = await this.postings(k + '#');
      if (!p) return false;
      const own = await this.postings(k);
      const idf = this.idf((own ? own.length : 0) + p.length);
      for (const [doc, imp] of p) { const s = idf * imp * PART_F; if (!(best.get(doc) >= s)) best.set(doc, s); }
      return true;
    }
    async expand(prefixes, skip) {
      const found = new Map();
      for (const p of prefixes) {
        const ids = this.shardsForPrefix(p);
        if (ids.length > PREFIX_SHARDS) continue;
        for (const sh of await Promise.all(ids.map((i) => this.shard(i)))) {
          for (const [k, post] of sh) if (k.startsWith(p) && !/[!#]$/.test(k) && !skip.includes(k)) found.set(k, post.length);
        }
      }
      return [...found].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, PREFIX_CAP).map((x) => x[0]);
    }
    async corrections(t) {
      const k = t.keys[0], first = k && [...k][0];
      const part = first && this.m.lex.find((x) => x[0] === first);
      if (!part) return [];
      const max = clen(t.word) >= 9 ? 2 : 1;
      const c = (await this.file(part[1], decodeLexicon)).filter(([x]) => !t.keys.includes(x))
        .map(([x, df]) => [editDistance(k, x, max), df, x]).filter((x) => x[0] <= max);
      const near = Math.min(...c.map((x) => x[0]));
      return c.filter((x) => x[0] === near).sort((a, b) => b[1] - a[1] || (a[2] < b[2] ? -1 : 1)).slice(0, TYPO_CAP).map((x) => x[2]);
    }
    terms(q, prefixLast) {
      const toks = tokens(q), words = toks.map((t) => t.word), langs = this.m.langs;
      const typing = prefixLast && !/\s$/.test(q);
      const stop = (w) => langs.some((l) => isStopQuery(l, w));
      const allStop = words.every(stop), last = words.length - 1;
      const out = [];
      words.forEach((w, i) => {
        if (!allStop && stop(w) && !(typing && i === last)) return;
        const keys = [];
        for (const l of langs) for (const k of queryKeys(l, w)) if (!keys.includes(k)) keys.push(k);
        const parts = [];
        for (const p of toks[i].parts) if (!stop(p)) for (const l of langs) for (const k of queryKeys(l, p)) if (!keys.includes(k) && !parts.includes(k)) parts.push(k);
        const prefixes = [];
        if (typing && i === last && clen(w) >= PREFIX_MIN) for (const p of [fold(w), ...keys]) if (!prefixes.includes(p)) prefixes.push(p);
        out.push({ word: w, keys, parts, prefixes });
      });
      return out;
    }
    /** Runs a query: {hits: [{doc, score}], terms, matched, corrections, keys}. */
    async search(q, prefixLast = true, kinds = []) {
      const terms = this.terms(q, prefixLast);
      const keepDoc = (d) => !kinds.length || kinds.includes(this.kindOf(d));
      const matchedKeys = new Set(), parts = [];
      // fetch every shard the exact keys need at once
      await Promise.all(terms.flatMap((t) => t.keys.concat(t.parts, t.keys.map((k) => k + '#')).map((k) => this.postings(k))));
      const scores = [], corr = terms.map(() => []);
      for (const t of terms) {
        const best = new Map();
        for (const k of t.keys) { await this.scoreKey(k, 1, best); if (await this.scorePart(k, best)) parts.push(k); }
        for (const k of t.parts) { await this.scoreKey(k, PREFIX_F, best); matchedKeys.add(k); }
        for (const k of await this.expand(t.prefixes, t.keys)) { await this.scoreKey(k, PREFIX_F, best); matchedKeys.add(k); }
        for (const d of [...best.keys()]) if (!keepDoc(d)) best.delete(d);
        t.keys.forEach((k) => matchedKeys.add(k));
        scores.push(best);
      }
      const correct = async (i) => {
        corr[i] = await this.corrections(terms[i]);
        for (const k of corr[i]) { await this.scoreKey(k, TYPO_F, scores[i]); matchedKeys.add(k); }
        for (const d of [...scores[i].keys()]) if (!keepDoc(d)) scores[i].delete(d);
        return corr[i].length > 0;
      };
      for (let i = 0; i < terms.length; i++) if (!scores[i].size && clen(terms[i].word) >= TYPO_MIN) await correct(i);
      let [hits, matched] = combine(scores);
      if (matched < terms.length && terms.length > 1) {
        let more = false;
        for (let i = 0; i < terms.length; i++) if (!corr[i].length && clen(terms[i].word) >= TYPO_MIN) more = (await correct(i)) || more;
        if (more) [hits, matched] = combine(scores);
      }
      for (const t of terms) {
        const ex = new Map();
        await this.scoreKey(exactKey(t.word), 1, ex);
        for (const h of hits) if (ex.has(h.doc)) h.score += EXACT_BONUS * ex.get(h.doc);
      }
      hits.sort((a, b) => b.score - a.score || a.doc - b.doc);
      return { hits, terms: terms.length, matched, corrections: corr, words: terms.map((t) => t.word), keys: matchedKeys, parts };
    }
  }
  function combine(scores) {
    const count = new Map();
    for (const s of scores) for (const [d, v] of s) { const c = count.get(d) || [0, 0]; c[0]++; c[1] += v; count.set(d, c); }
    let k = 0;
    for (const c of count.values()) k = Math.max(k, c[0]);
    const hits = [];
    for (const [doc, c] of count) if (c[0] === k) hits.push({ doc, score: c[1] });
    return [hits, k];
  }

  const api = { tokens, tokenize, fold, lvStem, lvStemFolded, lvStems, enStem, key, keys, exactKey, queryKeys, analyze, isStop,
    isStopQuery, STOP, editDistance, decodeShard, decodeLexicon, gunzip, Index };
  if (typeof module !== 'undefined' && module.exports) module.exports = api;
  else globalThis.inolabSearch = api;
  if (typeof document === 'undefined') return;

  // ---------- UI ----------
  const $ = (id) => document.getElementById(id);
  const app = $('search-app'), input = $('search-q'), list = $('search-results');
  if (!app || !input || !list || !app.dataset.manifest) return;
  const status = $('search-status'), alertBox = $('search-alert');
  const form = input.form;
  const pageLang = app.dataset.lang || document.documentElement.lang || 'lv';
  let S = {};
  try { S = JSON.parse(app.dataset.strings || '{}'); } catch (e) { /* keep the fallbacks */ }
  const EN = { results_zero: '{n} results', results_one: '{n} result', results_other: '{n} results',
    none: 'No results for “{q}”.', tips: '', all_types: 'Search all types', partial: 'Showing results that match {k} of {n} words.',
    corrected: 'Showing results for “{s}”.', more: 'Show more results', loading: '…', error: 'Search is unavailable.' };
  const str = (k, v = {}) => String(S[k] ?? EN[k] ?? '').replace(/\{(\w)\}/g, (_, x) => v[x] ?? '');
  const plural = new Intl.PluralRules(pageLang);
  const el = (tag, attrs, ...kids) => {
    const e = document.createElement(tag);
    for (const a in attrs || {}) e.setAttribute(a, attrs[a]);
    e.append(...kids);
    return e;
  };
  const PAGE = 10;
  let index, seq = 0, announceTimer, typeTimer, state;

  const kinds = () => form ? [...form.querySelectorAll('[name=type]:checked')].map((e) => e.value).filter((v) => v && v !== 'all') : [];
  const setStatus = (t) => { if (status) status.textContent = t; };
  const setAlert = (t) => { if (alertBox) alertBox.textContent = t; };

  function updateURL(q) {
    const u = new URL(location.href);
    u.searchParams.delete('q'); u.searchParams.delete('type');
    if (q) u.searchParams.set('q', q);
    for (const k of kinds()) u.searchParams.append('type', k);
    history.replaceState(history.state, '', u);
  }

  /** The snippet: the ~30-word window of the fragment's text (summary and
   *  body; never a term's alias list) with most matched words, marked. A word
   *  matches by any of its keys, or as a compound with a matched part. */
  function snippet(f, r) {
    const text = nfc(f.text || ''), toks = tokens(text), matched = r.keys;
    const hitWord = (w) => matched.has(fold(w)) || keys(f.lang, w).some((k) => matched.has(k) ||
      r.parts.some((p) => k.length > p.length && k.includes(p)));
    const hit = toks.map((t) => [t.word, ...t.parts].some(hitWord));
    const W = 30;
    let best = 0, bestN = -1;
    for (let i = 0; i < Math.max(1, toks.length - W + 1); i++) {
      let n = 0;
      for (let j = i; j < i + W && j < toks.length; j++) n += hit[j];
      if (n > bestN) { bestN = n; best = i; }
    }
    const p = el('p');
    if (!toks.length) { p.textContent = text.slice(0, 240); return text ? p : ''; }
    const end = Math.min(toks.length, best + W);
    let pos = best ? toks[best].start : 0;
    if (best) p.append('… ');
    for (let j = best; j < end; j++) {
      const t = toks[j];
      p.append(text.slice(pos, t.start));
      const w = text.slice(t.start, t.end);
      p.append(hit[j] ? el('mark', null, w) : w);
      pos = t.end;
    }
    p.append(end < toks.length ? text.slice(pos, toks[end].start).trimEnd() + ' …' : text.slice(pos));
    return p;
  }

  function label(group, v) { return (S[group] && S[group][v]) || v; }

  async function render(from) {
    const { r, my } = state;
    const shown = r.hits.slice(from, from + PAGE);
    const frags = await Promise.all(shown.map((h) => index.fragment(h.doc)));
    if (my !== seq) return [];
    for (const f of frags) {
      // A result in another language is marked up in that language and says so;
      // its kind/language line stays in the page's language.
      const other = f.lang !== pageLang;
      const li = el('li', other ? { lang: f.lang } : null,
        el('h3', null, el('a', { href: f.url }, f.title)),
        el('p', other ? { lang: pageLang } : null,
          [label('kinds', f.kind), other && label('langs', f.lang), f.date].filter(Boolean).join(' · ')),
        snippet(f, r));
      list.append(li);
    }
    const old = $('search-more');
    if (old) old.remove();
    if (r.hits.length > from + PAGE) {
      const b = el('button', { type: 'button', id: 'search-more' }, str('more'));
      b.addEventListener('click', () => {
        const first = list.children.length;
        render(first).then(() => { const a = list.children[first] && list.children[first].querySelector('a'); if (a) a.focus(); });
      });
      list.after(b);
    }
    return frags;
  }

  /** The query with corrected words replaced by a word found in the results. */
  function correctedQuery(r, frags) {
    if (!r.corrections.some((c) => c.length)) return '';
    const words = r.words.slice();
    r.corrections.forEach((c, i) => {
      if (!c.length) return;
      for (const f of frags) {
        const t = tokenize(f.title + ' ' + f.text).find((w) => c.includes(key(f.lang, w)));
        if (t) { words[i] = t; return; }
      }
    });
    return words.join(' ');
  }

  async function run(q, prefix = true) {
    const my = ++seq;
    clearTimeout(announceTimer);
    q = q.trim() ? q : '';
    updateURL(q.trim());
    const more = $('search-more');
    if (!q.trim()) { list.textContent = ''; if (more) more.remove(); setStatus(''); setAlert(''); return; }
    try {
      if (!index) { setStatus(str('loading')); index = await Index.open(app.dataset.manifest); }
      const r = await index.search(q, prefix, kinds());
      if (my !== seq) return;
      state = { r, my };
      list.textContent = '';
      const frags = await render(0);
      if (my !== seq) return;
      if (!r.hits.length) {
        let msg = str('none', { q: q.trim() });
        if (S.tips) msg += ' ' + str('tips');
        if (kinds().length) {
          const a = el('a', { href: '?q=' + encodeURIComponent(q.trim()) }, str('all_types'));
          a.addEventListener('click', (e) => {
            e.preventDefault();
            form.querySelectorAll('[name=type]').forEach((x) => { x.checked = !x.value || x.value === 'all'; });
            run(input.value);
          });
          list.append(el('li', null, a));
        }
        // Said once typing has paused, like the count (else every keystroke interrupts).
        setStatus('');
        announceTimer = setTimeout(() => setAlert(msg), 1000);
        return;
      }
      setAlert('');
      const cat = 'results_' + plural.select(r.hits.length);
      let msg = str(S[cat] || !S.results_other ? cat : 'results_other', { n: r.hits.length, q: q.trim() });
      const c = correctedQuery(r, frags);
      const add = (t) => { msg = (/[.!?…]$/.test(msg) ? msg : msg + '.') + ' ' + t; };
      if (c) add(str('corrected', { s: c }));
      if (r.matched < r.terms) add(str('partial', { k: r.matched, n: r.terms }));
      // The count is announced once typing has paused for a second.
      announceTimer = setTimeout(() => setStatus(msg), 1000);
    } catch (e) {
      if (my === seq) { setStatus(''); setAlert(str('error')); }
      index = undefined;
    }
  }

  input.addEventListener('input', () => { clearTimeout(typeTimer); typeTimer = setTimeout(() => run(input.value), 150); });
  if (form) {
    form.addEventListener('submit', (e) => { e.preventDefault(); clearTimeout(typeTimer); run(input.value); });
    form.addEventListener('change', (e) => { if (e.target.name === 'type') run(input.value); });
  }
  const params = new URLSearchParams(location.search);
  const types = params.getAll('type');
  if (form && types.length) form.querySelectorAll('[name=type]').forEach((x) => { x.checked = types.includes(x.value); });
  if (params.get('q')) { input.value = params.get('q'); run(input.value); }
})();
