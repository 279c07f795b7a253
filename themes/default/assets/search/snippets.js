/*
 * What a result shows: its title and the stored excerpt (or summary) that holds most of
 * the query's words (and a second one for words the first lacks), with the places of those
 * words for <mark>, and the section to link to.
 */
(function (root, factory) {
  if (typeof module === 'object' && module.exports) module.exports = factory(require('./text.js'));
  else root.PraxisSnippets = factory(root.PraxisText);
})(typeof self !== 'undefined' ? self : this, function (Text) {
  'use strict';

  // Where in `text` the words whose terms matched are: [[start, end], …] in UTF-16 offsets.
  function marks(text, terms, analyzer) {
    var found = [];
    if (!terms.size) return found;
    for (var w of Text.words(text)) {
      var term = analyzer.term(w.word);
      if (term !== null && terms.has(term)) found.push([w.start, w.end]);
    }
    return found;
  }

  // GitHub's id for an ASCII heading; the index stores the id itself when this would be wrong.
  function headingID(heading) {
    return heading.toLowerCase().replace(/ /g, '-').replace(/[^a-z0-9_-]/g, '');
  }

  // Whether every matched term of a section's heading and excerpt is also in `title`.
  function coveredBy(section, title, terms, analyzer) {
    var inTitle = new Set(analyzer.terms(title));
    return analyzer.terms(section[0] + ' ' + section[1]).every(function (t) { return !terms.has(t) || inTitle.has(t); });
  }

  // Terms of `terms` found in `text`.
  function found(text, terms, analyzer) {
    return new Set(analyzer.terms(text).filter(function (t) { return terms.has(t); }));
  }

  // A result from a document record (docs-N.json) and the matched terms. The snippet is the
  // stored excerpt (or the summary) with most of the words; when the title and that text still
  // miss some words the document has, the excerpt that shows most of them follows, after " … ".
  function describe(record, terms, analyzer, score) {
    var best = null, bestScore = 0;
    record.sections.forEach(function (section) {
      var value = 2 * marks(section[0], terms, analyzer).length + marks(section[1], terms, analyzer).length;
      if (value > bestScore) { best = section; bestScore = value; }
    });
    var titleMarks = marks(record.title, terms, analyzer);
    var summaryMarks = marks(record.summary, terms, analyzer);
    if (!best && !record.summary) best = record.sections.find(function (section) { return section[1]; }) || null;
    var snippet, section = null, shownText;
    if (best && (bestScore > summaryMarks.length || !record.summary)) {
      // A section found by its heading alone shows the summary, but still opens at the section.
      shownText = best[1] || record.summary;
      snippet = { text: shownText, marks: marks(shownText, terms, analyzer) };
      // Link to the section only when it says something the title does not: a document whose
      // title matches is about the query as a whole and opens at the top.
      if (best[0] && !coveredBy(best, record.title, terms, analyzer)) {
        section = { heading: best[0], id: best.length > 2 ? best[2] : headingID(best[0]) };
      }
    } else {
      shownText = record.summary;
      snippet = { text: record.summary, marks: summaryMarks };
    }
    var shown = found(record.title + ' ' + shownText, terms, analyzer);
    var missing = function (text) {
      var count = 0;
      found(text, terms, analyzer).forEach(function (t) { if (!shown.has(t)) count++; });
      return count;
    };
    var more = null, moreCount = 0;
    [record.summary].concat(record.sections.map(function (s) { return s[1]; })).forEach(function (text) {
      if (!text || text === shownText) return;
      var count = missing(text);
      if (count > moreCount) { more = text; moreCount = count; }
    });
    if (more) {
      var offset = snippet.text.length + 3;
      snippet = {
        text: snippet.text + ' … ' + more,
        marks: snippet.marks.concat(marks(more, terms, analyzer).map(function (m) { return [m[0] + offset, m[1] + offset]; }))
      };
    }
    return {
      id: record.id, url: record.url, title: record.title, titleMarks: titleMarks,
      kind: record.kind, date: record.date, summary: record.summary, facets: record.facets || {}, score: score,
      snippet: snippet, section: section, href: record.url + (section ? '#' + section.id : '')
    };
  }

  return { marks: marks, headingID: headingID, describe: describe };
});
