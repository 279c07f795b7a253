/*
 * The search client: answers a query from the prebuilt index under search/, loading
 * only the files the query needs. No DOM here: the page (ui.js) and the tests give it a
 * `load(name)` function that returns the parsed content of search/NAME.json, however
 * they get it (a <script> tag on file://, a file read in node).
 *
 * A query, in order:
 *  1. manifest: settings, shard directories, facets;
 *  2. the facet shards of the values filtered on, and the small facets whole (live counts);
 *  3. the words list around the last word, which is typed as a prefix (results while typing);
 *  4. the term shards of the first MAX_TERMS distinct words (the rest are dropped, and the
 *     response says which); all are required; each document's score is the sum of its terms'
 *     impacts (BM25 with field weights, computed at build time);
 *  5. for "quoted phrases", the word-pair directory and at most MAX_PAIR_SHARDS pair shards:
 *     a phrase matches where its pairs of terms are adjacent;
 *  6. if nothing matched, one edit of every unknown word of 5+ letters, found in the typo
 *     index (typos-N) with at most MAX_TYPO_SHARDS shards;
 *  7. the document shards of the results on the current page, for titles and snippets.
 * README "Search index format" gives the sizes these caps keep a first query under.
 */
(function (root, factory) {
  if (typeof module === 'object' && module.exports) {
    module.exports = factory(require('./text.js'), require('./codec.js'), require('./query.js'), require('./facets.js'), require('./snippets.js'));
  } else {
    root.PraxisSearchEngine = factory(root.PraxisText, root.PraxisCodec, root.PraxisQuery, root.PraxisFacets, root.PraxisSnippets);
  }
})(typeof self !== 'undefined' ? self : this, function (Text, Codec, Query, Facets, Snippets) {
  'use strict';

  var FORMAT_VERSION = 2;
  var PAGE_SIZE = 10;
  var MAX_TERMS = 8;            // distinct words looked up; a pasted paragraph keeps its first 8
  var MAX_TERM_SHARDS = 8;      // term shards a query loads, a prefix's expansions included
  var MAX_EXPANSIONS = 24;      // terms a typed prefix may stand for
  var MAX_PREFIX_SHARDS = 2;    // term shards a prefix may add to the exact terms'
  var MAX_WORD_SHARDS = 2;      // word-list shards read for a prefix
  var MAX_PAIR_SHARDS = 2;      // pair shards read for the phrases of a query
  var MAX_TYPO_SHARDS = 6;      // typo-index shards read for the misspelt words of a query
  var MAX_CORRECTIONS = 2;      // misspelt words corrected in one query (each adds a term shard)
  var PREFIX_FACTOR = 0.9;      // a completed word ranks just below the word as typed
  var TYPO_MINIMUM = 5;         // letters a word needs before a typo is corrected

  var has = Object.prototype.hasOwnProperty;
  function own(object, key) { return object && has.call(object, key) ? object[key] : undefined; }

  // Shard directories list the first key of each shard; keys compare by UTF-16 code units.
  function shardOf(key, boundaries) {
    var low = 0, high = boundaries.length - 1;
    while (low < high) {
      var middle = (low + high + 1) >> 1;
      if (key < boundaries[middle]) high = middle - 1; else low = middle;
    }
    return low;
  }

  function Engine(load) {
    this.load = load;
    this.files = new Map();
    this.facetShards = new Map(); // facet shard name → its values, document sets decoded
  }

  Engine.prototype.file = function (name) {
    if (!this.files.has(name)) {
      var promise = Promise.resolve().then(() => this.load(name));
      promise.catch(() => this.files.delete(name));
      this.files.set(name, promise);
    }
    return this.files.get(name);
  };

  Engine.prototype.manifest = async function () {
    var manifest = await this.file('manifest');
    if (!manifest || manifest.version !== FORMAT_VERSION) {
      throw new Error('search index format ' + (manifest && manifest.version) + ' is not ' + FORMAT_VERSION);
    }
    if (!this.analyzer) this.analyzer = Text.analyzer({ stopWords: manifest.stopWords, stem: manifest.stemmer === 'english' });
    return manifest;
  };

  Engine.prototype.score = function (manifest, impact) {
    return manifest.impact.base * Math.exp(impact * manifest.impact.step);
  };

  // request: {q, filters: {field: [value slugs]}, page, pageSize, facets: [fields to load whole]}
  Engine.prototype.search = async function (request) {
    var manifest = await this.manifest();
    var limited = Query.limit(Query.parse(request.q || '', this.analyzer), MAX_TERMS);
    var query = limited.query;
    // An empty search (no words, no filter) shows nothing, so it needs no facet either.
    var asked = query.groups.length > 0 || Object.keys(request.filters || {}).length > 0;
    var loaded = asked ? await this.facetsFor(manifest, request.filters || {}, request.facets || []) : new Map();
    var filters = Facets.resolve(manifest, request.filters || {}, loaded);
    var corrections = [];
    var match;
    if (query.groups.length) {
      match = await this.match(manifest, query);
      if (match.ids.length === 0) {
        var corrected = await this.correct(manifest, query, match.found);
        if (corrected) {
          corrections = corrected.corrections;
          query = corrected.query;
          match = await this.match(manifest, query);
        }
      }
    } else if (Object.keys(filters.active).length) {
      match = { ids: Array.from({ length: manifest.documents }, function (_, i) { return i; }), scores: null, terms: new Set() };
    } else {
      match = { ids: [], scores: null, terms: new Set() };
    }
    var faceted = Facets.apply(manifest, match.ids, filters.active, loaded);
    var ids = faceted.ids;
    if (match.scores) {
      var scores = match.scores;
      ids.sort(function (a, b) { return scores[b] - scores[a] || a - b; });
    }
    var pageSize = request.pageSize || PAGE_SIZE;
    var pages = Math.max(1, Math.ceil(ids.length / pageSize));
    var page = Math.min(Math.max(1, request.page || 1), pages);
    var shown = ids.slice((page - 1) * pageSize, page * pageSize);
    var results = await this.results(manifest, shown, match);
    return {
      q: request.q || '', terms: query.groups.map(function (g) { return g.term; }).filter(function (t) { return t !== null; }),
      dropped: limited.dropped, corrections: corrections, filters: filters.active, unknownFilters: filters.unknown,
      total: ids.length, page: page, pages: pages, pageSize: pageSize, results: results, facets: faceted.facets
    };
  };

  // Documents that have every term (and every phrase), with their summed impacts. An optional
  // group (a stop word being typed) adds to the score but is required only when it is alone.
  Engine.prototype.match = async function (manifest, query) {
    var n = manifest.documents;
    var directory = manifest.shards.terms;
    var termShards = new Set();
    query.groups.forEach(function (g) { if (g.term !== null) termShards.add(shardOf(g.term, directory)); });
    var expansions = await Promise.all(query.groups.map((g) => this.expand(manifest, g, termShards)));
    var shards = await this.loadAll(Array.from(termShards, function (s) { return 'terms-' + s; }));
    var scores = new Float64Array(n), hits = new Uint16Array(n), terms = new Set(), found = [];
    var optional = query.groups.length > 1 ? query.groups.filter(function (g) { return g.optional; }).length : 0;
    for (var index = 0; index < expansions.length; index++) {
      var list = expansions[index];
      var best = new Float64Array(n), any = false;
      for (var e of list) {
        var entry = own(shards.get('terms-' + shardOf(e.term, directory)).terms, e.term);
        if (!entry) continue;
        any = true;
        terms.add(e.term);
        var docs = Codec.decodeSet(entry.docs);
        for (var i = 0; i < docs.length; i++) {
          var s = this.score(manifest, Codec.impactAt(entry.impacts, i)) * e.factor;
          if (s > best[docs[i]]) best[docs[i]] = s;
        }
        if (entry.more) {
          var shared = this.score(manifest, entry.moreImpact) * e.factor;
          for (var d of Codec.decodeSet(entry.more)) if (shared > best[d]) best[d] = shared;
        }
      }
      found.push(any);
      var counts = !(optional && query.groups[index].optional);
      for (var doc = 0; doc < n; doc++) {
        if (best[doc] > 0) { if (counts) hits[doc]++; scores[doc] += best[doc]; }
      }
    }
    var required = expansions.length - optional;
    var ids = [];
    for (var id = 0; id < n; id++) if (hits[id] === required) ids.push(id);
    if (query.phrases.length) ids = await this.adjacent(manifest, query.phrases, ids);
    return { ids: ids, scores: scores, terms: terms, found: found };
  };

  // The exact term, and for a prefix the terms of the words that start with it, most common
  // first, from term shards already in `termShards` or a few more while the query has room.
  Engine.prototype.expand = async function (manifest, group, termShards) {
    var exact = group.term === null ? [] : [{ term: group.term, factor: 1 }];
    if (!group.prefix) return exact;
    var boundaries = manifest.shards.words;
    var first = shardOf(group.word, boundaries);
    var last = Math.min(shardOf(group.word + '\uffff', boundaries), first + MAX_WORD_SHARDS - 1);
    var names = [];
    for (var s = first; s <= last; s++) names.push('words-' + s);
    var shards = await this.loadAll(names);
    var candidates = new Map();
    shards.forEach(function (shard) {
      for (var word of Object.keys(shard.words)) {
        if (!word.startsWith(group.word)) continue;
        var entry = shard.words[word];
        candidates.set(entry[0], entry[1]);
      }
    });
    var ordered = Array.from(candidates.keys()).filter(function (t) { return t !== group.term; });
    ordered.sort(function (a, b) { return candidates.get(b) - candidates.get(a) || (a < b ? -1 : a > b ? 1 : 0); });
    var added = 0;
    for (var term of ordered.slice(0, MAX_EXPANSIONS)) {
      var shard = shardOf(term, manifest.shards.terms);
      if (!termShards.has(shard)) {
        if (added >= MAX_PREFIX_SHARDS || termShards.size >= MAX_TERM_SHARDS) continue;
        termShards.add(shard);
        added++;
      }
      exact.push({ term: term, factor: PREFIX_FACTOR });
    }
    return exact;
  };

  // Keeps the documents where the neighbouring terms of each phrase are adjacent, checking the
  // pairs that fall in the first MAX_PAIR_SHARDS pair shards (the others are not checked).
  Engine.prototype.adjacent = async function (manifest, phrases, ids) {
    var directory = (await this.file('pairs')).shards;
    var keys = [], names = [];
    phrases.forEach(function (phrase) {
      for (var i = 0; i + 1 < phrase.length; i++) {
        var key = phrase[i] + ' ' + phrase[i + 1], name = 'pairs-' + shardOf(key, directory);
        if (names.indexOf(name) < 0) {
          if (names.length >= MAX_PAIR_SHARDS) continue;
          names.push(name);
        }
        if (keys.indexOf(key) < 0) keys.push(key);
      }
    });
    var shards = await this.loadAll(names);
    for (var key of keys) {
      var set = own(shards.get('pairs-' + shardOf(key, directory)).pairs, key);
      var keep = new Set(set ? Codec.decodeSet(set) : []);
      ids = ids.filter(function (id) { return keep.has(id); });
    }
    return ids;
  };

  // For each unknown word of 5+ letters, the most common indexed word one edit away.
  Engine.prototype.correct = async function (manifest, query, found) {
    var corrections = [];
    var groups = [];
    var typoShards = new Set();
    for (var index = 0; index < query.groups.length; index++) {
      var group = query.groups[index];
      if (found[index] || group.optional || Query.codePoints(group.word).length < TYPO_MINIMUM) { groups.push(group); continue; }
      if (corrections.length >= MAX_CORRECTIONS) return null;
      var suggestion = await this.suggest(manifest, group.word, typoShards);
      if (!suggestion) return null;
      corrections.push({ from: group.word, to: suggestion.word });
      groups.push({ word: suggestion.word, term: suggestion.term, prefix: false, original: group.term });
    }
    if (!corrections.length) return null;
    var renamed = function (term) {
      var g = groups.find(function (x) { return x.original === term; });
      return g ? g.term : term;
    };
    return { corrections: corrections, query: { groups: groups, phrases: query.phrases.map(function (p) { return p.map(renamed); }) } };
  };

  // The typo index files every word under itself and its one-letter deletions: a word one edit
  // away from `word` (insertion, deletion, substitution or swap, at any position) is filed under
  // `word` or one of its deletions. Keys are looked up in order (the word, then its deletions
  // from the first letter on) while the query's typo shards stay within MAX_TYPO_SHARDS.
  Engine.prototype.suggest = async function (manifest, word, typoShards) {
    var letters = Query.codePoints(word);
    var keys = [word];
    for (var i = 0; i < letters.length; i++) {
      var key = letters.slice(0, i).concat(letters.slice(i + 1)).join('');
      if (keys.indexOf(key) < 0) keys.push(key);
    }
    var boundaries = manifest.shards.typos;
    keys = keys.filter(function (k) {
      var shard = shardOf(k, boundaries);
      if (typoShards.has(shard)) return true;
      if (typoShards.size >= MAX_TYPO_SHARDS) return false;
      typoShards.add(shard);
      return true;
    });
    var shards = await this.loadAll(keys.map(function (k) { return 'typos-' + shardOf(k, boundaries); }));
    var best = null;
    keys.forEach(function (k) {
      (own(shards.get('typos-' + shardOf(k, boundaries)).typos, k) || []).forEach(function (entry) {
        var candidate = entry[0], documents = entry[1];
        if (candidate === word || !Query.withinOneEdit(word, candidate)) return;
        if (!best || documents > best.documents || (documents === best.documents && candidate < best.word)) {
          best = { word: candidate, documents: documents };
        }
      });
    });
    if (!best) return null;
    var term = this.analyzer.term(best.word);
    return term === null ? null : { word: best.word, term: term, documents: best.documents };
  };

  // Each facet, decoded from the shards this request needs: whole for the small ones and those
  // asked for, otherwise the shards that hold the values filtered on (or nothing).
  Engine.prototype.facetsFor = async function (manifest, filters, requested) {
    var whole = Facets.whole(manifest, requested);
    var loaded = new Map();
    await Promise.all(manifest.facets.map(async (info) => {
      var all = whole.has(info.field);
      var numbers = Facets.shardsFor(info, filters[info.field] || [], all, shardOf);
      if (!numbers.length) return;
      var names = numbers.map(function (n) { return info.file + '-' + n; });
      var shards = await this.loadAll(names);
      var values = names.map((name) => {
        if (!this.facetShards.has(name)) this.facetShards.set(name, Facets.decode(shards.get(name)));
        return this.facetShards.get(name);
      });
      loaded.set(info.field, Facets.facet(info, values, all));
    }));
    return loaded;
  };

  Engine.prototype.results = async function (manifest, ids, match) {
    var names = new Set(ids.map(function (id) { return 'docs-' + Math.floor(id / manifest.docsPerShard); }));
    var shards = await this.loadAll(names);
    var analyzer = this.analyzer;
    return ids.map(function (id) {
      var shard = shards.get('docs-' + Math.floor(id / manifest.docsPerShard));
      var record = shard.docs[id - shard.first];
      return Snippets.describe(record, match.terms, analyzer, match.scores ? match.scores[id] : 0);
    });
  };

  // name → content of each file of `names` (an array or a set), loaded at once.
  Engine.prototype.loadAll = async function (names) {
    var list = Array.from(new Set(names));
    var files = await Promise.all(list.map((name) => this.file(name)));
    return new Map(list.map(function (name, i) { return [name, files[i]]; }));
  };

  return { Engine: Engine, parse: Query.parse, shardOf: shardOf, PAGE_SIZE: PAGE_SIZE, MAX_TERMS: MAX_TERMS };
});
