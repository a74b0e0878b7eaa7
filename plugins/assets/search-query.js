/* Playbook's query pipeline (issue 26), loaded by search-worker.js with importScripts: turns what a
   rep typed into Pagefind searches and ranks the pages they find. It reads the word list the build
   writes in words/ (plugins/search_words.py): index.json (the team's vocabulary, filler and task
   words, the page count) and shards words/<first two letters>.json ({word: pages holding it}),
   fetched only for the words typed, so a query's cost stays flat as the playbook grows.
   - Each word is resolved against the playbook's own words: found as typed, by a shared stem, as a
     prefix (the last word only, the one being typed), or with one typo from 4 letters and two from 8
     (Algolia's rule); a word found nowhere is left out instead of matching pages by prefix.
   - Filler words ("how", "what to say when") are left out when other words remain; task words
     ("checklist", "print", "script") favour the kind of page they name.
   - The team's vocabulary expands a word: two-way groups and one-way expansions (index.json).
   - No dead ends: each word (with its alternatives) is searched on its own. When all of them
     together find fewer than MIN_PAGES pages, the query is relaxed: every page holding any of them
     comes, ranked by the words it holds, each counting by Pagefind's score for it on that page and a
     little more the rarer it is (so the least informative words count least); pages holding the
     query as typed, as a phrase, rank first (told from where Pagefind found each word on a page),
     and for a query of bare words ("agree meets"), pages holding them near each other a little higher. */
self.PBQuery = (() => {
  const MIN_PAGES = 15;
  const MAX_PHRASE = 6; // a query of one word and filler words looked for as typed: at most this many
  const NEAR = 3; // a query of bare words: its words within this many more words than typed are near
  const NEAR_WEIGHT = 0.25; // what that adds, as a share of all the query's words' weights
  const here = new URL("words/", self.location.href);
  let index = null;
  const shards = new Map(); // shard key -> Promise<{word: pages}>
  const found = new Map(); // "words|filters" -> Promise<Pagefind results>

  const fold = (s) => s.toLowerCase().normalize("NFKD").replace(/\p{M}/gu, "");
  const APOSTROPHE = /(?<=[\p{L}\p{N}])['\u2019](?=[\p{L}\p{N}])/gu; // "don't" -> "dont", as playbook/words.py
  const terms = (s) => fold(s).replace(APOSTROPHE, "").match(/[\p{L}\p{N}]+/gu) || [];
  const safe = (c) => (/[a-z0-9]/.test(c) ? c : `_${c.codePointAt(0).toString(16)}`);
  const key = (w) => [...w].slice(0, 2).map(safe).join(""); // the shard, as search_words._shard
  // A light English stem, only to tell that two words of the vocabulary are one ("coming", "comes").
  const stem = (w) =>
    w.length < 5 ? w : w.replace(/(?:ies|es|s|ing|ed|ly|er)$/, "").replace(/(.)\1$/, "$1").replace(/e$/, "");

  const json = (url) => fetch(url).then((r) => (r.ok ? r.json() : {}));
  const load = () => (index ??= json(new URL("index.json", here)));
  const shard = async (w) => {
    const k = key(w);
    if (!(await load()).shards?.includes(k)) return {};
    if (!shards.has(k)) shards.set(k, json(new URL(`${encodeURIComponent(k)}.json`, here)));
    return shards.get(k);
  };

  // Damerau-Levenshtein distance, giving up above `max`.
  function distance(a, b, max) {
    if (Math.abs(a.length - b.length) > max) return max + 1;
    let prev2 = null, prev = [...Array(b.length + 1).keys()];
    for (let i = 1; i <= a.length; i++) {
      const row = [i];
      let low = i;
      for (let j = 1; j <= b.length; j++) {
        const cost = a[i - 1] === b[j - 1] ? 0 : 1;
        row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
        const swap = prev2 && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1];
        if (swap) row[j] = Math.min(row[j], prev2[j - 2] + 1);
        low = Math.min(low, row[j]);
      }
      if (low > max) return max + 1;
      [prev2, prev] = [prev, row];
    }
    return prev[b.length];
  }

  // The playbook's words a typed word stands for, best first: [[word, pages, factor]].
  async function resolve(w, last) {
    const words = await shard(w);
    if (words[w] !== undefined) return [[w, words[w], 1]];
    const all = Object.entries(words);
    const stemmed = all.filter(([v]) => v.length > 3 && stem(v) === stem(w));
    if (stemmed.length) return stemmed.map(([v, n]) => [v, n, 1]);
    if (last && w.length > 1) {
      const longer = all.filter(([v]) => v.startsWith(w));
      if (longer.length) return [[w, longer.reduce((sum, [, n]) => sum + n, 0), 1]];
    }
    if (w.length < 4) return [];
    const max = w.length >= 8 ? 2 : 1;
    const swapped = w.length > 1 && w[0] !== w[1] ? Object.entries(await shard(w[1] + w[0] + w.slice(2))) : [];
    // The word being typed may be the start of a word, with a typo: compare with starts of words too.
    const starts = (v) => (last ? [0, 1].map((k) => distance(w, v.slice(0, w.length + k), max) + 0.5) : []);
    const dist = (v) => Math.min(distance(w, v, max), ...starts(v));
    const near = [...all, ...swapped].map(([v, n]) => [v, n, dist(v)]).filter(([, , d]) => d <= max);
    const best = Math.min(...near.map(([, , d]) => d));
    return near.filter(([, , d]) => d === best).sort((a, b) => b[1] - a[1]).slice(0, 3).map(([v, n]) => [v, n, 0.8]);
  }

  // The query's concepts: [{alts: [[words, factor]], pages}], plus the page kinds its task words name.
  async function plan(value) {
    const idx = await load();
    const typed = terms(value);
    const ending = !/\s$/.test(value);
    const filler = new Set(idx.filler || []);
    const tasks = idx.tasks || {};
    const groups = idx.groups || {};
    // The query's runs of words: the longest that is an entry of the vocabulary ("no reply"), or one word.
    const spans = [];
    for (let i = 0; i < typed.length; i++) {
      let n = Math.min(4, typed.length - i);
      while (n > 1 && !groups[typed.slice(i, i + n).join(" ")]) n--;
      const last = ending && i + n === typed.length;
      spans.push({ entry: typed.slice(i, i + n).join(" "), phrase: n > 1, last, at: i, size: n });
      i += n - 1;
    }
    const kinds = new Set(spans.flatMap((s) => (s.phrase ? [] : tasks[s.entry] || [])));
    let wanted = spans.filter((s) => s.phrase || !filler.has(s.entry));
    if (!wanted.length && !kinds.size) wanted = spans;
    const concepts = [];
    for (const { entry, phrase, last, at, size } of wanted) {
      const alts = phrase ? [[entry, 0, 1]] : await resolve(entry, last);
      for (const [word] of [...alts, [entry]]) for (const also of groups[word] || []) alts.push([also, 0, 0.75]);
      const seen = new Set();
      const unique = alts.filter(([w]) => !seen.has(w) && seen.add(w));
      if (unique.length) concepts.push({ alts: unique, task: !phrase && !!tasks[entry], at, size });
    }
    // The filler words of a short query with one other word are searched too, only to tell where they
    // are on a page: a page holding the query as typed ("you're all the same") ranks first.
    const single = wanted.filter((s) => s.phrase || !tasks[s.entry]).length === 1;
    const marks = single && typed.length <= MAX_PHRASE ? spans.filter((s) => !wanted.includes(s)) : [];
    // A query of bare words ("agree meets") recalls the page's wording: words near each other count.
    // (Filler words between them, "ask for the sale", mark a sentence in the rep's own words.)
    const inside = spans.slice(spans.indexOf(wanted[0]), spans.indexOf(wanted[wanted.length - 1]) + 1);
    const terse = inside.every((s) => wanted.includes(s));
    return { concepts, marks, terse, kinds: [...kinds], pages: idx.pages || 100 };
  }

  const search = (pf, words, filters) => {
    const id = `${words}|${JSON.stringify(filters)}`;
    // Words of several terms are searched as a phrase ("went dark"), not as terms anywhere on a page.
    const asked = words && words.includes(" ") && !words.startsWith('"') ? `"${words}"` : words;
    // Pagefind scores every page holding a phrase alike: they get the scores of its terms. When the
    // phrase is nowhere ("decision maker" for "decision-maker"), its terms are searched instead.
    const get = (q) => pf.search(q, { filters }).then((r) => r?.results || []);
    const phrase = async () => {
      const [held, loose] = await Promise.all([get(asked), get(words.replace(/"/g, ""))]);
      if (!held.length) return loose;
      const score = new Map(loose.map((r) => [r.id, r.score]));
      return held.map((r) => ({ id: r.id, score: score.get(r.id) ?? r.score, words: r.words, data: () => r.data() }));
    };
    if (!found.has(id)) found.set(id, asked && asked.startsWith('"') ? phrase() : get(asked));
    return found.get(id);
  };

  // Whether a page holds the query as a phrase: these words (each {at, size, places}: where the query
  // has it, how many words it spans, page id -> where the page has it, as Pagefind found it) in the
  // order and at the distances typed; the filler words between them take their places. (Found so
  // rather than by a Pagefind phrase search: that scores every page holding all its words, and at
  // 3,000 pages costs more than all the words' own searches together.)
  function inOrder(words, id) {
    if (words.length < 2 || !words.every((w) => w.places.has(id))) return false;
    const [first, ...rest] = words;
    const sets = rest.map((w) => [new Set(w.places.get(id)), w.at - first.at, w.size]);
    const at = (start) => sets.every(([set, gap, size]) => [...Array(size).keys()].some((k) => set.has(start + gap + k)));
    return first.places.get(id).some(at);
  }

  // The fewest words of a page holding each of these words once (Infinity when one is missing).
  function stretch(words, id) {
    if (!words.every((w) => w.places.has(id))) return Infinity;
    const marks = words.flatMap((w, i) => w.places.get(id).map((p) => [p, i])).sort((a, b) => a[0] - b[0]);
    const count = new Array(words.length).fill(0);
    let missing = words.length, shortest = Infinity;
    for (let lo = 0, hi = 0; hi < marks.length; hi++) {
      if (count[marks[hi][1]]++ === 0) missing--;
      for (; !missing; lo++) {
        shortest = Math.min(shortest, marks[hi][0] - marks[lo][0] + 1);
        if (--count[marks[lo][1]] === 0) missing++;
      }
    }
    return shortest;
  }

  async function run(pf, value, filters, stale) {
    const { concepts, marks, terse, kinds, pages } = await plan(value);
    if (stale()) return null;
    const placing = Promise.all(marks.map(async ({ entry, at, size }) => {
      const places = new Map((await search(pf, entry, filters)).map((r) => [r.id, r.words || []]));
      return { places, at, size };
    }));
    const hits = await Promise.all(concepts.map(async (c) => {
      const scores = new Map();
      const places = new Map(); // page id -> where on it the word (or an alternative) is
      for (const [words, , factor] of c.alts) {
        const results = await search(pf, words, filters);
        const top = Math.max(1e-9, ...results.map((r) => r.score));
        for (const r of results) {
          const s = factor * (0.1 + 0.9 * r.score / top);
          if (!scores.has(r.id) || scores.get(r.id).s < s) scores.set(r.id, { r, s });
          places.set(r.id, places.has(r.id) ? [...places.get(r.id), ...r.words] : r.words || []);
        }
      }
      // A rarer word weighs a little more; a task word ("checklist") little: it names a kind of page.
      const weight = scores.size ? (1 + 0.5 * Math.log(1 + pages / scores.size)) * (c.task ? 0.25 : 1) : 0;
      return { weight, scores, places, at: c.at, size: c.size };
    }));
    const placed = [...(await placing), ...hits.filter((h) => h.weight > 0)].sort((a, b) => a.at - b.at);
    const held = hits.filter((h, i) => h.weight > 0 && !concepts[i].task);
    const reach = held.length > 1 && terse ? Math.max(...held.map((h) => h.at + h.size)) - Math.min(...held.map((h) => h.at)) + NEAR : 0;
    const pool = new Map(); // page id -> a Pagefind result for it
    const favoured = new Set();
    for (const kind of kinds) {
      for (const r of await search(pf, null, { ...filters, kind: [kind] })) favoured.add(r.id), pool.set(r.id, r);
    }
    if (stale()) return null;
    for (const h of hits) for (const [id, { r }] of h.scores) pool.set(id, r);
    // Pages holding every word, or when they are too few, any; task words are never required.
    const kept = hits.filter((h, i) => h.weight > 0 && !concepts[i].task).sort((a, b) => b.weight - a.weight);
    const every = (set) => [...set[0].scores.keys()].filter((id) => set.every((h) => h.scores.has(id)));
    let ids = kept.length ? every(kept) : [...new Set([...favoured, ...hits.flatMap((h) => [...h.scores.keys()])])];
    // Too few pages hold every word: any page holding one comes, those holding more rank higher.
    if (ids.length < MIN_PAGES) ids = [...new Set(kept.flatMap((h) => [...h.scores.keys()]))];
    if (!ids.length) ids = [...new Set(hits.flatMap((h) => [...h.scores.keys()]))]; // never a dead end
    // Pages of the kind a task word names come too, when they hold any word of the query.
    ids = [...new Set([...ids, ...hits.flatMap((h) => [...h.scores.keys()].filter((id) => favoured.has(id)))])];
    const all = hits.reduce((sum, h) => sum + h.weight, 0) || 1;
    const ranked = ids.map((id) => {
      let score = 0;
      for (const h of hits) if (h.scores.has(id)) score += h.weight * h.scores.get(id).s;
      if (favoured.has(id)) score += all;
      if (inOrder(placed, id)) score += all * 1.5;
      else if (reach && stretch(held, id) <= reach) score += all * NEAR_WEIGHT;
      return { r: pool.get(id), score };
    }).sort((a, b) => b.score - a.score);
    const words = concepts.flatMap((c) => c.alts.map(([w]) => w)).join(" ");
    return { results: ranked.map(({ r }) => r), terms: terms(words), total: ranked.length };
  }

  return { search: run, plan, terms, distance, load };
})();
