// Checks themes/default/assets/search/stemmer.js against the Snowball 3.x vectors,
// the same files Tests/PraxisKitTests/Index/EnglishStemmerTests.swift uses, so the
// browser stems queries exactly as the Swift indexer stems documents.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { shared } from './support/shared.mjs';

const here = path.dirname(fileURLToPath(import.meta.url)); // <repo>/Tests/js
const repo = path.resolve(here, '..', '..');
const corpus = shared('corpora', 'snowball-english');
const require = createRequire(import.meta.url);
const { stem } = require(path.join(repo, 'themes', 'default', 'assets', 'search', 'stemmer.js'));

function lines(name) {
  const all = readFileSync(path.join(corpus, name), 'utf8').split('\n');
  if (all[all.length - 1] === '') all.pop();
  return all;
}

test('matches all Snowball 3.x vectors', () => {
  const words = lines('voc.txt');
  const expected = lines('output.txt');
  assert.equal(words.length, expected.length, 'voc.txt and output.txt differ in length');
  assert.equal(words.length, 42649);

  const mismatches = [];
  let failures = 0;
  words.forEach((word, i) => {
    const got = stem(word);
    if (got !== expected[i]) {
      failures++;
      if (mismatches.length < 20) mismatches.push(`${word}: expected ${expected[i]} got ${got}`);
    }
  });
  assert.ok(failures === 0, `${failures} of ${words.length} words stem wrongly:\n${mismatches.join('\n')}`);
});

test('spot checks', () => {
  const cases = {
    generously: 'generous',
    added: 'add', // 3.x keeps the double of a vowel + double word
    hopping: 'hop',
    hoped: 'hope',
    "dog's": 'dog', // possessive
    skies: 'sky', // exception list
    dying: 'die',
    evening: 'evening', // not a verb form
    geologist: 'geolog',
    university: 'universiti',
    "'quoted": 'quot', // leading apostrophe dropped
    by: 'by', // under three letters: untouched
  };
  for (const [word, expected] of Object.entries(cases)) {
    assert.equal(stem(word), expected, word);
  }
});

test('odd input never throws and keeps non-ASCII letters', () => {
  assert.equal(stem(''), '');
  assert.equal(stem("'"), "'");
  assert.equal(stem("''s'"), '');
  assert.equal(stem('cafés'), 'café');
  assert.equal(stem('naïveté'), 'naïveté');
  assert.equal(stem('😀😀ing'), '😀😀ing'); // astral characters count as one letter
  assert.equal(stem('__proto__'), '__proto__');
});
