// Briefing's search over a sharded Pagefind index (made by briefing/search.py).
//
// The articles are indexed in shards, each a Pagefind index of its own (pagefind/s/<name>/,
// listed in pagefind/shards.json), so that an edit re-indexes one shard instead of the whole site.
// This script stands where Pagefind's pagefind.js stands and has its API (options, init,
// mergeIndex, search, debouncedSearch, preload, filters, destroy): Pagefind's UI and the theme's
// search.js use it unchanged. It searches every shard with Pagefind's own code (pagefind-core.js)
// and merges the replies so that they are what one index of all the articles would give:
//
// - results: the union (each article is in one shard);
// - filters: the counts added up, shard by shard (organization, country, tag, year);
// - ranking: Pagefind ranks a page with BM25, whose inputs include statistics of the index it is
//   in: the number of pages, their average length, and for each search term the number of pages
//   holding it (its rarity, "idf"). A shard's statistics are not the site's, so the shards' own
//   scores cannot be compared. Each shard is therefore searched in Pagefind's "playground" mode,
//   which returns every input of every score; the statistics of the whole site are the sums over
//   the shards (page and word counts from shards.json, the pages holding each term from each
//   shard's reply), and every result's score is computed again with them: the score one index
//   gives. Before that, the same computation is checked against each shard's own scores with its
//   own statistics; if any differs (another Pagefind version, a ranking option set), the results
//   are merged by Pagefind's scores instead, as Pagefind's mergeIndex does, and a warning is
//   logged to the console.
import { PagefindInstance } from "./pagefind-core.js";

const bundle = new URL(".", import.meta.url);
// BM25 as Pagefind 1.5 computes it (defaults of its `ranking` option).
const K1 = 1.4, B = 0.75;
const TOLERANCE = 1e-4;

let settings = {};
let state = null; // promise of { shards: [{ inst, pages, words }], groups: [{ language, shards }], extra: [instance], language, byLanguage }
let searchID = 0;

function pageLanguage() {
  if (typeof document !== "undefined" && document.querySelector) {
    const lang = document.querySelector("html")?.getAttribute("lang");
    if (lang) return lang.toLocaleLowerCase();
  }
  return "unknown";
}

function instanceOptions(opts) {
  const { basePath, language, primary, ...rest } = opts;
  return rest;
}

// Shards are per language (shards.json gives each one's). The page's language is searched first;
// `mergeIndex` of this bundle with another `language` adds that language's shards, ranked among
// themselves as one index of that language, and merged with the rest by score (as Pagefind merges
// one index per language).
function shardsOf(list, language) {
  return list.map((s) => ({
    inst: new PagefindInstance({ ...instanceOptions(settings), basePath: new URL(s.path, bundle).href, primary: false }),
    pages: s.pages,
    words: s.words,
    language,
  }));
}

async function ready(shards, language) {
  await Promise.all(shards.map((s) => s.inst.init(language, { load_wasm: false })));
  await Promise.all(shards.map((s) => s.inst.enterPlaygroundMode()));
}

async function load() {
  if (state) return state;
  state = (async () => {
    const manifest = await (await fetch(new URL(`shards.json?ts=${Date.now()}`, bundle))).json();
    const byLanguage = {};
    for (const s of manifest.shards) (byLanguage[s.language || manifest.language] ||= []).push(s);
    const wanted = settings.language || pageLanguage();
    // The page's language, else the site's, else the language with the most pages.
    const count = (l) => byLanguage[l].reduce((n, s) => n + s.pages, 0);
    const language = byLanguage[wanted] ? wanted : byLanguage[manifest.language] ? manifest.language
      : Object.keys(byLanguage).sort((a, b) => count(b) - count(a))[0] || wanted;
    const shards = shardsOf(byLanguage[language] || [], language);
    if (!shards.length) return { shards, groups: [], extra: [], language, byLanguage };
    // One WebAssembly module serves every shard; it is loaded from the top of the bundle.
    await shards[0].inst.loadEntry();
    const wasm = shards[0].inst.findIndex(language).wasm || "unknown";
    const loader = new PagefindInstance({ basePath: bundle.href, primary: true });
    await loader.loadWasm(wasm);
    await ready(shards, language);
    return { shards, groups: [], extra: [], language, byLanguage };
  })();
  return state;
}

function instances(st) {
  return [...st.shards, ...st.groups.flatMap((g) => g.shards)].map((s) => s.inst).concat(st.extra);
}

export async function options(opts) {
  settings = { ...settings, ...opts };
  if (state) {
    const st = await state;
    await Promise.all(instances(st).map((i) => i.options(instanceOptions(opts))));
  }
}

export async function init() {
  await load();
}

export async function destroy() {
  state = null;
  settings = {};
}

export async function mergeIndex(indexPath, opts = {}) {
  const st = await load();
  const base = typeof document !== "undefined" && document.baseURI ? document.baseURI : bundle.href;
  if (new URL(indexPath, base).href === bundle.href) {
    // This bundle in another language: that language's shards.
    const language = opts.language;
    if (!language || language === st.language || st.groups.some((g) => g.language === language)) return;
    const shards = shardsOf(st.byLanguage[language] || [], language);
    await ready(shards, language);
    st.groups.push({ language, shards });
    return;
  }
  // Another site's index: searched too, its results merged by Pagefind's scores (as Pagefind does).
  const inst = new PagefindInstance({ ...instanceOptions(settings), ...instanceOptions(opts), basePath: indexPath, primary: false });
  await inst.init(opts.language || st.language, { load_wasm: false });
  st.extra.push(inst);
}

function mergeFilters(all) {
  const merged = {};
  for (const filters of all) {
    for (const [key, values] of Object.entries(filters || {})) {
      const into = (merged[key] = merged[key] || {});
      for (const [value, count] of Object.entries(values)) into[value] = (into[value] || 0) + count;
    }
  }
  return merged;
}

export async function filters() {
  const st = await load();
  return mergeFilters(await Promise.all(instances(st).map((i) => i.filters())));
}

export async function preload(term, opts = {}) {
  const st = await load();
  await Promise.all(instances(st).map((i) => i.preload(term, opts)));
}

export async function debouncedSearch(term, opts, ms = 300) {
  const id = ++searchID;
  preload(term, opts);
  await new Promise((resolve) => setTimeout(resolve, ms));
  if (id !== searchID) return null;
  const reply = await search(term, opts);
  return id !== searchID ? null : reply;
}

// One language's shards searched as one index of that language: their replies, and the results
// scored as that index would score them (null if a shard gave no reply).
async function searchShards(shards, term, opts) {
  let replies = await Promise.all(shards.map((s) => s.inst.search(term, opts)));
  if (replies.some((r) => r === null)) return null;
  const holding = await Promise.all(shards.map((s, i) => termHolding(s.inst, replies[i])));
  const known = exactTerms(holding);
  if (known) replies = replies.map((reply, i) => (known.some((t) => !holding[i][t]) ? empty(reply) : reply));
  let ranked = known ? rank(shards, replies, holding, term, opts) : null;
  if (ranked === null) {
    if (typeof console !== "undefined" && replies.some((r) => r.results.length)) {
      console.warn("Briefing search: the shards' results are merged by their own scores (the ranking could not be made as one index's)");
    }
    ranked = replies.flatMap((r) => r.results.map((x) => ({ result: x, score: x.score })));
  }
  return { replies, ranked };
}

export async function search(term, opts = {}) {
  const st = await load();
  const searched = await Promise.all([st.shards, ...st.groups.map((g) => g.shards)].map((shards) => searchShards(shards, term, opts)));
  const others = await Promise.all(st.extra.map((i) => i.search(term, opts)));
  if (searched.some((r) => r === null) || others.some((r) => r === null)) return null;
  const all = [...searched.flatMap((r) => r.replies), ...others];
  const ranked = searched.flatMap((r) => r.ranked);
  ranked.push(...others.flatMap((r) => r.results.map((x) => ({ result: x, score: x.score }))));
  // Equal scores in the order of the results' ids (a hash of the page): an order of the whole
  // index, whatever the shards.
  ranked.sort((a, b) => b.score - a.score || (a.result.id < b.result.id ? -1 : a.result.id > b.result.id ? 1 : 0));
  const results = ranked.map(({ result, score }) => ({ id: result.id, score, words: result.words, data: result.data }));
  return {
    results,
    unfilteredResultCount: all.reduce((n, r) => n + (r.unfilteredResultCount || 0), 0),
    filters: mergeFilters(all.map((r) => r.filters)),
    totalFilters: mergeFilters(all.map((r) => r.totalFilters)),
    timings: all.map((r) => r.timings),
  };
}

// Pagefind looks a search word up as a prefix: a page holds it if a word of the page starts with it.
// A word no page of its index holds is dropped from the query, or, if a shorter prefix of it is
// held, searched as that prefix: "12" is searched as "1" in a shard without a "12". One index does
// that only when no page of the site holds the word. So the pages holding each query term are
// counted in every shard, from the index chunks the search loaded: a shard without a page holding a
// term that the site holds has no page that matches the query, whatever it replied. (When the site
// holds no page with some term, how one index would shorten it is not known: the shards' replies are
// merged as they are, by their own scores.)
async function termHolding(inst, reply) {
  const terms = (reply.query_term_idfs || []).map((q) => q.term);
  const pages = Object.fromEntries(terms.map((t) => [t, new Set()]));
  for (const hash of Object.keys(inst.loaded_chunks || {})) {
    for (const [word, pageList] of await chunkWords(inst, hash)) {
      for (const t of terms) if (word.startsWith(t)) for (const p of pageList) pages[t].add(p);
    }
  }
  return Object.fromEntries(terms.map((t) => [t, pages[t].size]));
}

function exactTerms(holding) {
  const total = {};
  for (const h of holding) for (const [t, n] of Object.entries(h)) total[t] = (total[t] || 0) + n;
  const terms = Object.keys(total);
  return terms.every((t) => total[t] > 0) ? terms : null;
}

const chunks = new Map();

function chunkWords(inst, hash) {
  const key = `${inst.basePath}index/${hash}.pf_index`;
  if (!chunks.has(key)) {
    chunks.set(key, (async () => {
      const response = await fetch(key);
      const data = inst.decompress(new Uint8Array(await response.arrayBuffer()), key);
      const [words] = cbor(data);
      // A word's pages are numbered by their difference from the previous one.
      return words.map(([word, pageList]) => {
        let page = 0;
        return [word, pageList.map((entry) => (page += entry[0]))];
      });
    })());
  }
  return chunks.get(key);
}

// A CBOR decoder for Pagefind's index chunks: [[[word, [[page step, [positions], [meta positions]], ...], ...], ...]].
function cbor(bytes) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = new TextDecoder("utf-8");
  let at = 0;
  function length(info) {
    if (info < 24) return info;
    if (info === 24) return bytes[at++];
    if (info === 25) { const v = view.getUint16(at); at += 2; return v; }
    if (info === 26) { const v = view.getUint32(at); at += 4; return v; }
    if (info === 27) { const v = Number(view.getBigUint64(at)); at += 8; return v; }
    throw new Error(`CBOR: unsupported length ${info}`);
  }
  function item() {
    const head = bytes[at++];
    const type = head >> 5, info = head & 31;
    if (type === 7) {
      if (info === 20) return false;
      if (info === 21) return true;
      if (info === 22 || info === 23) return null;
      if (info === 26) { const v = view.getFloat32(at); at += 4; return v; }
      if (info === 27) { const v = view.getFloat64(at); at += 8; return v; }
      throw new Error(`CBOR: unsupported simple value ${info}`);
    }
    const n = length(info);
    if (type === 0) return n;
    if (type === 1) return -1 - n;
    if (type === 2) { const v = bytes.subarray(at, at + n); at += n; return v; }
    if (type === 3) { const v = text.decode(bytes.subarray(at, at + n)); at += n; return v; }
    if (type === 4) { const out = new Array(n); for (let i = 0; i < n; i++) out[i] = item(); return out; }
    if (type === 5) { const out = {}; for (let i = 0; i < n; i++) { const k = item(); out[k] = item(); } return out; }
    throw new Error(`CBOR: unsupported type ${type}`);
  }
  return item();
}

function zero(filters) {
  const out = {};
  for (const [key, values] of Object.entries(filters || {})) out[key] = Object.fromEntries(Object.keys(values).map((v) => [v, 0]));
  return out;
}

function empty(reply) {
  return { ...reply, results: [], unfilteredResultCount: 0, filters: zero(reply.filters), totalFilters: zero(reply.totalFilters) };
}

// --- one index's ranking -------------------------------------------------------------------------

function idf(pages, holding) {
  return Math.log((pages - holding + 0.5) / (holding + 0.5) + 1);
}

function bm25(frequency, lengthBonus, length, averageLength) {
  const x = frequency * lengthBonus;
  return ((K1 + 1) * x) / (K1 * (1 - B + B * (length / averageLength)) + x);
}

// Why the ranking could not be made as one index's (set globalThis.BRIEFING_SEARCH_DEBUG to see it).
function unknown(why) {
  if (globalThis.BRIEFING_SEARCH_DEBUG) console.error(`search_merge.js: not ranked as one index: ${why}`);
  return null;
}

function close(a, b) {
  return Math.abs(a - b) <= TOLERANCE * Math.max(1, Math.abs(a), Math.abs(b));
}

// The query term a matched word belongs to: the longest query term it starts with.
function queryTermOf(word, terms) {
  let best = null;
  for (const t of terms) if (word.startsWith(t) && (best === null || t.length > best.length)) best = t;
  return best;
}

// Pagefind weighs each matched word of a page by how close it is to what was typed (a factor of
// 1.8 or 1 in Pagefind 1.5), the same for the word in every page; it does not depend on the
// index's statistics. The factors are recovered from the shards' own scores: the assignment of a
// factor to each word that gives every score. If two assignments give every score but differ in
// the site's ranking, the ranking is not known exactly (null).
const FACTORS = [1.8, 1];
const MAX_WORDS = 12;

function solveFactors(rows, words) {
  if (words.length > MAX_WORDS) return unknown("too many words");
  let found = null;
  for (let mask = 0; mask < 1 << words.length; mask++) {
    const factor = {};
    words.forEach((w, k) => { factor[w] = FACTORS[(mask >> k) & 1]; });
    let fits = true;
    for (const r of rows) {
      let sum = 0;
      for (let k = 0; k < r.words.length; k++) sum += factor[r.words[k]] * r.parts[k];
      if (!close(sum, r.target)) { fits = false; break; }
    }
    if (!fits) continue;
    const scores = rows.map((r) => r.words.reduce((sum, w, k) => sum + factor[w] * r.globalParts[k], 0) + r.globalBoost);
    if (found === null) found = scores;
    else if (scores.some((v, k) => !close(v, found[k]))) return unknown("factors ambiguous");
  }
  return found;
}

function metaBoost(weight, matched, total) {
  return total > 0 ? (weight * matched * matched * matched) / (total * total) : 0;
}

// The results of every shard scored as one index would score them; null if that cannot be done
// exactly (the check against the shards' own scores failed).
function rank(shards, replies, holding, term, opts) {
  if (settings.ranking || opts.sort && Object.keys(opts.sort).length) return unknown("ranking or sort option");
  if (typeof term !== "string" || /^\s*".+"\s*$/.test(term)) return unknown("filter-only or exact search"); // filter-only and exact-phrase searches
  const terms = [];
  const total = {};
  let pages = 0, wordCount = 0;
  for (let i = 0; i < shards.length; i++) {
    pages += shards[i].pages;
    wordCount += shards[i].words;
    for (const [t, n] of Object.entries(holding[i])) {
      if (!(t in total)) { total[t] = 0; terms.push(t); }
      total[t] += n;
    }
  }
  if (!pages) return [];
  const averageLength = wordCount / pages;
  const globalIdf = {};
  for (const t of terms) globalIdf[t] = idf(pages, total[t]);
  const totalIdf = terms.reduce((sum, t) => sum + globalIdf[t], 0);
  const rows = [];
  for (let i = 0; i < shards.length; i++) {
    if (!replies[i].results.length) continue;
    // The shard's statistics as counted here are Pagefind's own (else something is not understood).
    const localIdf = {};
    for (const { term: t, idf: value } of replies[i].query_term_idfs || []) {
      if (!close(value, idf(shards[i].pages, holding[i][t]))) {
        if (globalThis.BRIEFING_SEARCH_DEBUG) console.error(shards[i].inst.basePath, t, holding[i][t], shards[i].pages, value, idf(shards[i].pages, holding[i][t]), Object.keys(shards[i].inst.loaded_chunks));
        return unknown("a term's pages differ from Pagefind's count");
      }
      localIdf[t] = value;
    }
    const localTotal = Object.values(localIdf).reduce((a, b) => a + b, 0);
    for (const x of replies[i].results) {
      if (!x.params || !x.scores) return unknown("no verbose scores");
      const { document_length: length, average_page_length: localAverage, total_pages: localPages } = x.params;
      if (localPages !== shards[i].pages || !close(localAverage, shards[i].words / shards[i].pages)) return unknown("page count or length differs");
      // The shard's own score, computed here with its own statistics: proves the formula.
      const parts = [];
      const globalParts = [];
      for (const s of x.scores) {
        const q = queryTermOf(s.search_term, terms);
        if (q === null || !close(s.idf, localIdf[q])) return unknown("a word of no query term");
        const p = s.params;
        if (!close(s.idf * bm25(p.weighted_term_frequency, p.length_bonus, length, localAverage), s.score)) return unknown("BM25 differs");
        parts.push(s.score);
        globalParts.push(globalIdf[q] * bm25(p.weighted_term_frequency, p.length_bonus, length, averageLength));
      }
      let localBoost = 0, globalBoost = 0;
      for (const m of x.verbose_meta_scores || []) {
        let matched = 0;
        for (const w of m.matched_terms) {
          const q = queryTermOf(w, terms);
          if (q === null) return unknown("a title word of no query term");
          matched += globalIdf[q];
        }
        if (!close(metaBoost(m.field_weight, m.matched_idf, m.query_total_idf), m.coverage_boost) || !close(m.query_total_idf, localTotal)) return unknown("title boost differs");
        localBoost += m.coverage_boost;
        globalBoost += metaBoost(m.field_weight, matched, totalIdf);
      }
      rows.push({ result: x, words: x.scores.map((s) => s.search_term), parts, globalParts, target: x.score - localBoost, globalBoost });
    }
  }
  const words = [...new Set(rows.flatMap((r) => r.words))];
  const scores = solveFactors(rows, words);
  return scores === null ? null : rows.map((r, k) => ({ result: r.result, score: scores[k] }));
}
