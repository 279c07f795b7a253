/*
 * Turns text into search terms exactly as the index builder does
 * (Sources/PraxisKit/Index/SearchTokenizer.swift and TextFolder.swift): a query only
 * finds what the index holds if both sides agree character for character. The shared
 * vectors in Tests/fixtures/search/text-vectors.json are run against both.
 *
 * - Folding, one code point at a time: NFKD, combining marks dropped, lowercase, and
 *   the letters that do not decompose spelled out (ß → ss, ø → o). São Tomé → sao tome.
 * - Words are runs of letters and digits; apostrophes inside a word are dropped
 *   (don't → dont); each ideographic or kana character is a word of its own; words
 *   longer than 48 characters are ignored.
 * - Stop words and stemming come from the index manifest, never from this file.
 *
 * Every word keeps its place in the original text (UTF-16 offsets) so the page can
 * highlight matches in stored excerpts.
 */
(function (root, factory) {
  if (typeof module === 'object' && module.exports) module.exports = factory(require('./stemmer.js'));
  else root.PraxisText = factory(root.PraxisStemmer);
})(typeof self !== 'undefined' ? self : this, function (Stemmer) {
  'use strict';

  var MAXIMUM_LENGTH = 48;
  // Keep in step with TextFolder.spelledOut.
  var SPELLED_OUT = new Map([
    ['ß', 'ss'], ['æ', 'ae'], ['œ', 'oe'], ['ø', 'o'], ['đ', 'd'], ['ð', 'd'], ['ł', 'l'], ['þ', 'th'], ['ı', 'i'],
    ['ħ', 'h'], ['ς', 'σ']
  ]);
  var WORD = /[\p{L}\p{N}]/u;
  var MARK = /\p{M}/u;
  var ASCII_LETTERS = /^[a-z]+$/;
  var folded = new Map();

  function foldCharacter(character) {
    var code = character.codePointAt(0);
    if (code < 0x80) return code >= 0x41 && code <= 0x5a ? String.fromCharCode(code + 0x20) : character;
    var known = folded.get(character);
    if (known !== undefined) return known;
    var result = '';
    for (var part of character.normalize('NFKD')) {
      if (MARK.test(part)) continue;
      for (var lower of part.toLowerCase()) result += SPELLED_OUT.get(lower) || lower;
    }
    folded.set(character, result);
    return result;
  }

  function isIdeographic(character) {
    var c = character.codePointAt(0);
    return (c >= 0x3040 && c <= 0x30ff) || (c >= 0x31f0 && c <= 0x31ff) || (c >= 0x3400 && c <= 0x4dbf) ||
      (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0x20000 && c <= 0x2fa1f);
  }

  // [{word, start, end, ideographic}] with start/end as UTF-16 offsets into `text`.
  function words(text) {
    var out = [];
    var word = '', length = 0, start = 0, end = 0;
    function flush() {
      if (length > 0 && length <= MAXIMUM_LENGTH) out.push({ word: word, start: start, end: end, ideographic: false });
      word = '';
      length = 0;
    }
    for (var i = 0; i < text.length;) {
      var character = String.fromCodePoint(text.codePointAt(i));
      var next = i + character.length;
      if (character !== "'" && character !== '\u2019') {
        for (var f of foldCharacter(character)) {
          if (isIdeographic(f)) {
            flush();
            out.push({ word: f, start: i, end: next, ideographic: true });
          } else if (WORD.test(f)) {
            if (length === 0) start = i;
            word += f;
            length++;
            end = next;
          } else if (!MARK.test(f)) {
            flush();
          }
        }
      }
      i = next;
    }
    flush();
    return out;
  }

  // settings: {stopWords: [...], stem: bool}, as the manifest gives them.
  function analyzer(settings) {
    var stopWords = new Set(settings.stopWords || []);
    var stem = !!settings.stem;
    return {
      // The term a folded word is indexed under, or null for a stop word.
      term: function (word) {
        if (stopWords.has(word)) return null;
        return stem && ASCII_LETTERS.test(word) ? Stemmer.stem(word) : word;
      },
      terms: function (text) {
        var result = [];
        for (var w of words(text)) {
          var t = this.term(w.word);
          if (t !== null) result.push(t);
        }
        return result;
      }
    };
  }

  return { words: words, fold: foldCharacter, analyzer: analyzer, MAXIMUM_LENGTH: MAXIMUM_LENGTH };
});
