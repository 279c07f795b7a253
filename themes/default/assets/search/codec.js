/*
 * Reads the compact encodings of the search index; the writer is
 * Sources/PraxisKit/Index/DocSetCoder.swift and README "Search index format" is the spec.
 *
 * - A number is a varint of base64url characters: 5 bits each, least significant first,
 *   32 added to every character but the last.
 * - A document set starts with `g` (gaps), `r` (runs) or `b` (bitmap).
 * - An impact is one character, 0-63, a quantised BM25 score: base * e^(impact * step).
 */
(function (root, factory) {
  if (typeof module === 'object' && module.exports) module.exports = factory();
  else root.PraxisCodec = factory();
})(typeof self !== 'undefined' ? self : this, function () {
  'use strict';

  var ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  var VALUES = new Int8Array(128).fill(-1);
  for (var i = 0; i < ALPHABET.length; i++) VALUES[ALPHABET.charCodeAt(i)] = i;

  function digit(text, position) {
    var code = text.charCodeAt(position);
    var value = code < 128 ? VALUES[code] : -1;
    if (value < 0) throw new Error('search index: unexpected character in ' + JSON.stringify(text.slice(0, 20)));
    return value;
  }

  // Ascending document ids of an encoded set.
  function decodeSet(text) {
    var ids = [];
    if (!text) return ids;
    var method = text[0], position = 1, previous = -1;
    function number() {
      var value = 0, shift = 0;
      for (;;) {
        var d = digit(text, position++);
        value += (d & 31) * Math.pow(2, shift);
        if (d < 32) return value;
        shift += 5;
      }
    }
    if (method === 'g') {
      while (position < text.length) {
        previous += number() + 1;
        ids.push(previous);
      }
    } else if (method === 'r') {
      while (position < text.length) {
        var start = previous + number() + 1;
        var length = number();
        for (var id = start; id <= start + length; id++) ids.push(id);
        previous = start + length;
      }
    } else if (method === 'b') {
      for (var k = 1; k < text.length; k++) {
        var bits = digit(text, k);
        for (var bit = 0; bit < 6; bit++) if (bits & (1 << bit)) ids.push((k - 1) * 6 + bit);
      }
    } else {
      throw new Error('search index: unknown document set encoding ' + JSON.stringify(method));
    }
    return ids;
  }

  function impactAt(text, position) { return digit(text, position); }

  return { decodeSet: decodeSet, impactAt: impactAt, ALPHABET: ALPHABET };
});
