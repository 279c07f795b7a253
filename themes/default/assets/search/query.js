/*
 * Reads what a reader typed into the search box (README "Search index format", Queries):
 * every word is a required term; the last word, unless a space follows it, is also a
 * prefix (even a stop word, which then only adds to the score of documents found by the
 * other words); "quoted words" and runs of ideographs are phrases. Also the cap on the
 * number of words looked up, and the one-edit test the typo fallback uses.
 */
(function (root, factory) {
  if (typeof module === 'object' && module.exports) module.exports = factory(require('./text.js'));
  else root.PraxisQuery = factory(root.PraxisText);
})(typeof self !== 'undefined' ? self : this, function (Text) {
  'use strict';

  function codePoints(text) { return Array.from(text); }

  // {groups: [{word, term, prefix}], phrases: [[term, term, …]]}; `analyzer` from text.js.
  function parse(q, analyzer) {
    var groups = [], phrases = [];
    var parts = q.split('"');
    var endsOpen = q.length > 0 && !/[\s"]$/.test(q);
    function add(word, term, prefix) {
      for (var g of groups) {
        if (g.term === term) { g.prefix = g.prefix && prefix; return; }
      }
      groups.push({ word: word, term: term, prefix: prefix });
    }
    parts.forEach(function (part, index) {
      var quoted = index % 2 === 1;
      var words = Text.words(part);
      var run = [];
      function endRun() {
        if (run.length > 1) phrases.push(run);
        run = [];
      }
      words.forEach(function (w, position) {
        var last = !quoted && index === parts.length - 1 && position === words.length - 1;
        var prefix = last && endsOpen && !w.ideographic && codePoints(w.word).length > 1;
        var term = analyzer.term(w.word);
        if (term === null) {
          // A stop word is not in the index, but the word being typed may be the start of one
          // (`in` → `innovation`): it expands, and is optional beside other words.
          if (prefix) groups.push({ word: w.word, term: null, prefix: true, optional: true });
          return;
        }
        add(w.word, term, prefix);
        // Quoted words form one phrase; unquoted ideographs form one phrase per run.
        if (quoted || w.ideographic) run.push(term); else endRun();
      });
      endRun();
    });
    return { groups: groups, phrases: phrases };
  }

  // The query with only its first `maximum` distinct words (groups), and the words left out.
  // Phrases keep their runs of remaining terms.
  function limit(query, maximum) {
    if (query.groups.length <= maximum) return { query: query, dropped: [] };
    var groups = query.groups.slice(0, maximum);
    var kept = new Set(groups.map(function (g) { return g.term; }));
    var phrases = [];
    query.phrases.forEach(function (phrase) {
      var run = [];
      phrase.concat([null]).forEach(function (term) {
        if (term !== null && kept.has(term)) { run.push(term); return; }
        if (run.length > 1) phrases.push(run);
        run = [];
      });
    });
    return {
      query: { groups: groups, phrases: phrases },
      dropped: query.groups.slice(maximum).map(function (g) { return g.word; })
    };
  }

  // Damerau-Levenshtein distance of at most one: one insertion, deletion, substitution or swap.
  function withinOneEdit(a, b) {
    var x = codePoints(a), y = codePoints(b);
    if (Math.abs(x.length - y.length) > 1) return false;
    var i = 0;
    while (i < x.length && i < y.length && x[i] === y[i]) i++;
    if (i === x.length && i === y.length) return true;
    var rest = function (p, q) { return x.slice(p).join('') === y.slice(q).join(''); };
    if (x.length === y.length) {
      return rest(i + 1, i + 1) || (x[i] === y[i + 1] && x[i + 1] === y[i] && rest(i + 2, i + 2));
    }
    return x.length > y.length ? rest(i + 1, i) : rest(i, i + 1);
  }

  return { parse: parse, limit: limit, withinOneEdit: withinOneEdit, codePoints: codePoints };
});
