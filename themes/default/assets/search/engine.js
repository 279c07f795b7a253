/*
 * The search client: answers a query from the prebuilt index under search/, loading
 * only the files the query needs. No DOM here: the page (ui.js) and the tests give it a
 * `load(name)` function that returns the parsed content of search/NAME.json, however
 * they get it (a <script> tag on file://, a file read in node).
 *
 * A query, in order:
 *  1. manifest: settings, shard directories, facet files;
 *  2. the words list around the last word, which is typed as a prefix (results while typing);
 *  3. the term shards of every term; all terms are required; each document's score is the
 *     sum of its terms' impacts (BM25 with field weights, computed at build time);
 *  4. for "quoted phrases", the word-pair directory and shards: a phrase matches where each
 *     pair of its terms is adjacent;
 *  5. if nothing matched, one edit of every unknown word of 5+ letters (typo fallback);
 *  6. facet files for filters and live counts (small ones at once, others when asked);
 *  7. the document shards of the results on the current page, for titles and snippets.
 */
(function (root, factory) {
  if (typeof module === 'object' && module.exports) {
    module.exports = factory(require('./text.js'), require('./codec.js'), require('./query.js'), require('./facets.js'), require('./snippets.js'));
  } else {
    root.PraxisSearchEngine = factory(root.PraxisText, root.PraxisCodec, root.PraxisQuery, root.PraxisFacets, root.PraxisSnippets);
  }
})(typeof self !== 'undefined' ? self : this, function (Text, Codec, Query, Facets, Snippets) {
  'use strict';

  var FORMAT_VERSION = 1;
  var PAGE_SIZE = 10;
  var MAX_EXPANSIONS = 24;      // terms a typed prefix may stand for
  var MAX_PREFIX_SHARDS = 2;    // term shards a prefix may add to the exact term's
  var MAX_WORD_SHARDS = 3;      // word-list shards read for a prefix
  var MAX_TYPO_SHARDS = 6;      // word-list shards read for a typo
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
    this.facets = new Map(); // field → decoded facet file
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

  // request: {q, filters: {field: [value slugs]}, page, pageSize, facets: [fields to load]}
  Engine.prototype.search = async function (request) {
    var manifest = await this.manifest();
    var query = Query.parse(request.q || '', this.analyzer);
    var filters = request.filters || {};
    var hasFilters = Object.keys(filters).some(function (f) { return filters[f] && filters[f].length; });
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
    } else if (hasFilters) {
      match = { ids: Array.from({ length: manifest.documents }, function (_, i) { return i; }), scores: null, terms: new Set() };
    } else {
      match = { ids: [], scores: null, terms: new Set() };
    }
    var faceted = await this.filter(manifest, match.ids, filters, request.facets || []);
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
      q: request.q || '', terms: query.groups.map(function (g) { return g.term; }),
      corrections: corrections, total: ids.length, page: page, pages: pages, pageSize: pageSize,
      results: results, facets: faceted.facets
    };
  };

  // Documents that have every term (and every phrase), with their summed impacts.
  Engine.prototype.match = async function (manifest, query) {
    var n = manifest.documents;
    var expansions = await Promise.all(query.groups.map((g) => this.expand(manifest, g)));
    var shardNames = new Set();
    expansions.forEach(function (list) {
      list.forEach(function (e) { shardNames.add('terms-' + shardOf(e.term, manifest.shards.terms)); });
    });
    var shards = await this.loadAll(shardNames);
    var scores = new Float64Array(n), hits = new Uint16Array(n), terms = new Set(), found = [];
    for (var list of expansions) {
      var best = new Float64Array(n), any = false;
      for (var e of list) {
        var entry = own(shards.get('terms-' + shardOf(e.term, manifest.shards.terms)).terms, e.term);
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
      for (var doc = 0; doc < n; doc++) {
        if (best[doc] > 0) { hits[doc]++; scores[doc] += best[doc]; }
      }
    }
    var ids = [];
    for (var id = 0; id < n; id++) if (hits[id] === expansions.length) ids.push(id);
    for (var phrase of query.phrases) ids = await this.adjacent(manifest, phrase, ids);
    return { ids: ids, scores: scores, terms: terms, found: found };
  };

  // The exact term, and for a prefix the terms of the words that start with it, most common first.
  Engine.prototype.expand = async function (manifest, group) {
    var exact = [{ term: group.term, factor: 1 }];
    if (!group.prefix) return exact;
    var boundaries = manifest.shards.words;
    var first = shardOf(group.word, boundaries);
    var last = Math.min(shardOf(group.word + '\uffff', boundaries), first + MAX_WORD_SHARDS - 1);
    var names = new Set();
    for (var s = first; s <= last; s++) names.add('words-' + s);
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
    var termShards = new Set([shardOf(group.term, manifest.shards.terms)]);
    for (var term of ordered.slice(0, MAX_EXPANSIONS)) {
      var shard = shardOf(term, manifest.shards.terms);
      if (!termShards.has(shard)) {
        if (termShards.size > MAX_PREFIX_SHARDS) continue;
        termShards.add(shard);
      }
      exact.push({ term: term, factor: PREFIX_FACTOR });
    }
    return exact;
  };

  // Keeps the documents where every two neighbouring terms of the phrase are adjacent.
  Engine.prototype.adjacent = async function (manifest, phrase, ids) {
    var keys = [];
    for (var i = 0; i + 1 < phrase.length; i++) keys.push(phrase[i] + ' ' + phrase[i + 1]);
    var directory = (await this.file('pairs')).shards;
    var names = new Set(keys.map(function (k) { return 'pairs-' + shardOf(k, directory); }));
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
    for (var index = 0; index < query.groups.length; index++) {
      var group = query.groups[index];
      if (found[index] || Query.codePoints(group.word).length < TYPO_MINIMUM) { groups.push(group); continue; }
      var suggestion = await this.suggest(manifest, group.word);
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

  Engine.prototype.suggest = async function (manifest, word) {
    var initial = String.fromCodePoint(word.codePointAt(0));
    var boundaries = manifest.shards.words;
    var first = shardOf(initial, boundaries);
    var last = Math.min(shardOf(initial + '\uffff', boundaries), first + MAX_TYPO_SHARDS - 1);
    var names = new Set();
    for (var s = first; s <= last; s++) names.add('words-' + s);
    var best = null;
    (await this.loadAll(names)).forEach(function (shard) {
      for (var candidate of Object.keys(shard.words)) {
        if (candidate === word || !Query.withinOneEdit(word, candidate)) continue;
        var entry = shard.words[candidate];
        if (!best || entry[1] > best.documents || (entry[1] === best.documents && candidate < best.word)) {
          best = { word: candidate, term: entry[0], documents: entry[1] };
        }
      }
    });
    return best;
  };

  // Loads the facets the query needs (filters, small ones, those asked for) and applies them.
  Engine.prototype.filter = async function (manifest, ids, filters, requested) {
    var infos = Facets.wanted(manifest, filters, requested);
    var loaded = await Promise.all(infos.map(async (info) => {
      if (!this.facets.has(info.field)) this.facets.set(info.field, Facets.decode(await this.file(info.file)));
      return this.facets.get(info.field);
    }));
    return Facets.apply(manifest, ids, filters, new Map(loaded.map(function (f) { return [f.field, f]; })));
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

  Engine.prototype.loadAll = async function (names) {
    var list = Array.from(names);
    var files = await Promise.all(list.map((name) => this.file(name)));
    return new Map(list.map(function (name, i) { return [name, files[i]]; }));
  };

  return { Engine: Engine, parse: Query.parse, shardOf: shardOf, PAGE_SIZE: PAGE_SIZE };
});
