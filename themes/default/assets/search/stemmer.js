/*
 * Snowball English stemmer ("Porter2"), current 3.x revision, for the search page.
 *
 * The site index is built with Sources/PraxisKit/Index/EnglishStemmer.swift; a
 * query only finds what the index holds if this file stems words exactly the same
 * way, so the two are kept step-for-step parallel and both are tested against the
 * Snowball vectors. Change one, change the other.
 *
 * Plain script on purpose: it has to work from a file:// page (no modules, no
 * fetch) and still be require()-able from node for the tests.
 */
(function (root) {
  'use strict';

  // Marks a y that acts as a consonant (youth, saying). Never a vowel.
  var CONSONANT_Y = 'Y';

  // Whole words the general rules would mangle. Checked before anything else.
  var EXCEPTIONS = {
    skis: 'ski', skies: 'sky',
    idly: 'idl', gently: 'gentl', ugly: 'ugli', early: 'earli', only: 'onli', singly: 'singl',
    sky: 'sky', news: 'news', howe: 'howe',
    atlas: 'atlas', cosmos: 'cosmos', bias: 'bias', andes: 'andes'
  };

  // R1 starts after these prefixes instead of after the first vowel-consonant pair,
  // so general/generous, universe/university, organ/organic... stay apart.
  var REGION_PREFIXES = ['gener', 'commun', 'arsen', 'past', 'univers', 'later', 'emerg', 'organ', 'inter'];

  var EED_EXCEPTIONS = ['proc', 'exc', 'succ'];
  var ING_EXCEPTIONS = ['inn', 'out', 'cann', 'herr', 'earr', 'even'];

  // [suffix, replacement, condition], bucketed by final letter and sorted longest
  // first, so the first suffix that matches is the longest match the algorithm
  // asks for.
  var STEP2 = byLength([
    ['tional', 'tion'], ['enci', 'ence'], ['anci', 'ance'], ['abli', 'able'], ['entli', 'ent'],
    ['izer', 'ize'], ['ization', 'ize'],
    ['ational', 'ate'], ['ation', 'ate'], ['ator', 'ate'],
    ['alism', 'al'], ['aliti', 'al'], ['alli', 'al'],
    ['fulness', 'ful'], ['ousli', 'ous'], ['ousness', 'ous'],
    ['iveness', 'ive'], ['iviti', 'ive'],
    ['biliti', 'ble'], ['bli', 'ble'],
    ['ogist', 'og'], ['ogi', 'og', 'afterL'],
    ['fulli', 'ful'], ['lessli', 'less'],
    ['li', '', 'afterValidLi']
  ]);

  var STEP3 = byLength([
    ['tional', 'tion'], ['ational', 'ate'], ['alize', 'al'],
    ['icate', 'ic'], ['iciti', 'ic'], ['ical', 'ic'],
    ['ful', ''], ['ness', ''],
    ['ative', '', 'inR2']
  ]);

  var STEP4 = byLength(
    ['al', 'ance', 'ence', 'er', 'ic', 'able', 'ible', 'ant', 'ement',
      'ment', 'ent', 'ism', 'ate', 'iti', 'ous', 'ive', 'ize'].map(function (s) { return [s, '']; })
      .concat([['ion', '', 'afterSOrT']])
  );

  function byLength(rules) {
    var buckets = {};
    rules.slice().sort(function (a, b) { return b[0].length - a[0].length; }).forEach(function (rule) {
      var last = rule[0][rule[0].length - 1];
      (buckets[last] = buckets[last] || []).push(rule);
    });
    return buckets;
  }

  function isVowel(ch) {
    return ch === 'a' || ch === 'e' || ch === 'i' || ch === 'o' || ch === 'u' || ch === 'y';
  }

  function hasVowelBefore(w, end) {
    for (var i = 0; i < end; i++) {
      if (isVowel(w[i])) return true;
    }
    return false;
  }

  function endOfFirstSyllable(w, start) {
    var i = start;
    while (i < w.length && !isVowel(w[i])) i++;
    while (i < w.length && isVowel(w[i])) i++;
    return Math.min(i + 1, w.length);
  }

  // Whether w[0..end) finishes in a short syllable: consonant, vowel, consonant
  // other than w/x/Y (hop), or vowel + consonant as the whole word (at). Words
  // ending in "past" also count so "pasted" can get its e back.
  function endsInShortSyllable(w, end) {
    if (end >= 3) {
      var last = w[end - 1];
      if (!isVowel(last) && last !== 'w' && last !== 'x' && last !== CONSONANT_Y &&
          isVowel(w[end - 2]) && !isVowel(w[end - 3])) {
        return true;
      }
    } else if (end === 2) {
      if (isVowel(w[0]) && !isVowel(w[1])) return true;
    }
    return end >= 4 && w.slice(end - 4, end) === 'past';
  }

  function stem(word) {
    word = String(word);
    if (Object.prototype.hasOwnProperty.call(EXCEPTIONS, word)) return EXCEPTIONS[word];

    // The algorithm counts characters. Astral characters are two UTF-16 units, so
    // they are swapped for one placeholder unit each (non-vowel, in no suffix) and
    // put back afterwards; steps only rewrite the end of the word with ASCII.
    var chars = null;
    var w = word;
    if (/[\uD800-\uDFFF]/.test(word)) {
      chars = Array.from(word);
      w = chars.map(function (c) { return c.length > 1 ? '\uFFFF' : c; }).join('');
    }
    if (w.length < 3) return word;

    // A leading apostrophe is quoting, not part of the word.
    var dropped = 0;
    if (w[0] === "'") {
      w = w.slice(1);
      dropped = 1;
    }

    var result = stemWord(w);

    if (chars === null) return result;
    var out = '';
    for (var i = 0; i < result.length; i++) {
      out += result.charCodeAt(i) < 0x80 ? result[i] : chars[i + dropped];
    }
    return out;
  }

  function stemWord(w) {
    // An initial y, or a y after a vowel, is a consonant. Left to right matters:
    // in "sayyid" the second y follows a consonant Y and stays a vowel.
    var markedY = false;
    for (var k = w.indexOf('y'); k !== -1; k = w.indexOf('y', k + 1)) {
      if (k === 0 || isVowel(w[k - 1])) {
        w = w.slice(0, k) + CONSONANT_Y + w.slice(k + 1);
        markedY = true;
      }
    }

    // Regions are fixed from the word as it is now and are not recomputed as
    // suffixes go: that is how the algorithm is defined.
    var r1 = -1;
    for (var p = 0; p < REGION_PREFIXES.length; p++) {
      if (w.startsWith(REGION_PREFIXES[p])) { r1 = REGION_PREFIXES[p].length; break; }
    }
    if (r1 < 0) r1 = endOfFirstSyllable(w, 0);
    var r2 = endOfFirstSyllable(w, r1);

    w = step1a(w);
    w = step1b(w, r1);
    w = step1c(w);
    w = applyLongestRule(w, STEP2, r1, r2);
    w = applyLongestRule(w, STEP3, r1, r2);
    w = applyLongestRule(w, STEP4, r2, r2);
    w = step5(w, r1, r2);

    return markedY ? w.replace(/Y/g, 'y') : w;
  }

  // Possessives, then plurals. ties -> tie but cries -> cri; a final s only goes
  // when an earlier vowel shows it is not part of a short stem (gas, this stay).
  function step1a(w) {
    if (endsWith(w, "'s'")) w = w.slice(0, -3);
    else if (endsWith(w, "'s")) w = w.slice(0, -2);
    else if (endsWith(w, "'")) w = w.slice(0, -1);

    var n = w.length;
    if (endsWith(w, 'sses')) return w.slice(0, -2);
    if (endsWith(w, 'ied') || endsWith(w, 'ies')) return w.slice(0, -3) + (n > 4 ? 'i' : 'ie');
    if (endsWith(w, 'us') || endsWith(w, 'ss')) return w;
    if (w[n - 1] === 's' && hasVowelBefore(w, n - 2)) return w.slice(0, -1);
    return w;
  }

  // -eed, -ed, -ing and their -ly forms.
  function step1b(w, r1) {
    var n = w.length;
    if (endsWith(w, 'eed') || endsWith(w, 'eedly')) {
      var eedStart = n - (endsWith(w, 'eedly') ? 5 : 3);
      // proceed/exceed/succeed must not lose their "ee".
      if (EED_EXCEPTIONS.indexOf(w.slice(0, eedStart)) !== -1) return w;
      return eedStart >= r1 ? w.slice(0, eedStart) + 'ee' : w;
    }

    var start;
    if (endsWith(w, 'ingly')) start = n - 5;
    else if (endsWith(w, 'edly')) start = n - 4;
    else if (endsWith(w, 'ing')) start = n - 3;
    else if (endsWith(w, 'ed')) start = n - 2;
    else return w;

    if (n - start === 3) {
      // dying/lying/tying/vying: consonant + y + ing becomes -ie.
      if (start === 2 && w[1] === 'y' && !isVowel(w[0])) return w[0] + 'ie';
      // inning, outing, canning, herring, earring, evening are not verb forms.
      if (ING_EXCEPTIONS.indexOf(w.slice(0, start)) !== -1) return w;
    }

    if (!hasVowelBefore(w, start)) return w;
    return restoreStemEnding(w.slice(0, start), r1);
  }

  // After -ed/-ing is gone: put back a lost e (luxuriat -> luxuriate, hop -> hope)
  // or undo a doubled consonant (hopp -> hop).
  function restoreStemEnding(w, r1) {
    var n = w.length;
    if (endsWith(w, 'at') || endsWith(w, 'bl') || endsWith(w, 'iz')) return w + 'e';
    if (n >= 2 && w[n - 1] === w[n - 2] && 'bdfgmnprt'.indexOf(w[n - 1]) !== -1) {
      // 3.x: a vowel plus a double as the whole word (add, ebb, err, off) stays.
      var vowelThenDouble = n === 3 && (w[0] === 'a' || w[0] === 'e' || w[0] === 'o');
      return vowelThenDouble ? w : w.slice(0, -1);
    }
    if (n === r1 && endsInShortSyllable(w, n)) return w + 'e';
    return w;
  }

  // A final y after a consonant (not the first letter) becomes i: cry -> cri, by stays.
  function step1c(w) {
    var n = w.length;
    if (n >= 3 && (w[n - 1] === 'y' || w[n - 1] === CONSONANT_Y) && !isVowel(w[n - 2])) {
      return w.slice(0, -1) + 'i';
    }
    return w;
  }

  // Only the longest matching suffix counts. If it is outside the region or its
  // condition fails the step does nothing; it never falls back to a shorter
  // suffix (-ement not in R2 blocks -ment).
  function applyLongestRule(w, table, region, r2) {
    var rules = w.length > 0 && Object.prototype.hasOwnProperty.call(table, w[w.length - 1])
      ? table[w[w.length - 1]] : [];
    for (var i = 0; i < rules.length; i++) {
      var rule = rules[i];
      if (!endsWith(w, rule[0])) continue;
      var start = w.length - rule[0].length;
      if (start >= region && satisfies(rule[2], w, start, r2)) {
        return w.slice(0, start) + rule[1];
      }
      return w;
    }
    return w;
  }

  function satisfies(condition, w, start, r2) {
    var before = start > 0 ? w[start - 1] : '';
    switch (condition) {
      case undefined: return true;
      case 'inR2': return start >= r2;
      case 'afterL': return before === 'l';
      case 'afterSOrT': return before === 's' || before === 't';
      case 'afterValidLi': return before !== '' && 'cdeghkmnrt'.indexOf(before) !== -1;
    }
    return false;
  }

  // Final e in R2, or in R1 when not after a short syllable (hope keeps it);
  // the second l of a double l in R2.
  function step5(w, r1, r2) {
    var start = w.length - 1;
    if (start < 0) return w;
    if (w[start] === 'e') {
      if (start >= r2 || (start >= r1 && !endsInShortSyllable(w, start))) return w.slice(0, -1);
    } else if (w[start] === 'l') {
      if (start >= r2 && start >= 1 && w[start - 1] === 'l') return w.slice(0, -1);
    }
    return w;
  }

  function endsWith(w, suffix) {
    var start = w.length - suffix.length;
    return start >= 0 && w.indexOf(suffix, start) === start;
  }

  root.PraxisStemmer = { stem: stem };
  if (typeof module === 'object' && module.exports) module.exports = root.PraxisStemmer;
})(typeof self !== 'undefined' ? self : this);
