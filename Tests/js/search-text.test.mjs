// text.js must turn text into the same words and terms as the Swift tokeniser: both run
// Tests/fixtures/search/text-vectors.json (the Swift side in SearchTokenizerTests).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { repository, searchAssets } from './support/search-site.mjs';

const require = createRequire(import.meta.url);
const Text = require(path.join(searchAssets, 'text.js'));
const Codec = require(path.join(searchAssets, 'codec.js'));
const fixture = JSON.parse(readFileSync(path.join(repository, 'Tests', 'fixtures', 'search', 'text-vectors.json'), 'utf8'));

test('words and terms match the shared vectors', () => {
  const analyzer = Text.analyzer({ stopWords: fixture.stopWords, stem: true });
  for (const vector of fixture.vectors) {
    assert.deepEqual(Text.words(vector.text).map((w) => w.word), vector.words, `words of ${JSON.stringify(vector.text)}`);
    assert.deepEqual(analyzer.terms(vector.text), vector.terms, `terms of ${JSON.stringify(vector.text)}`);
  }
});

test('each word knows where it stands in the original text', () => {
  const text = 'Hospitals in São Tomé — Ｆｕｌｌ 数据';
  for (const w of Text.words(text)) {
    const original = text.slice(w.start, w.end);
    assert.equal(Text.words(original).map((x) => x.word).join(''), w.word, `${original} folds to ${w.word}`);
  }
  assert.deepEqual(Text.words('São').map((w) => [w.start, w.end]), [[0, 3]]);
});

test('languages other than English are folded, not stemmed, and keep every word', () => {
  const analyzer = Text.analyzer({ stopWords: [], stem: false });
  assert.deepEqual(analyzer.terms('Les révisions de São Tomé'), ['les', 'revisions', 'de', 'sao', 'tome']);
});

test('document sets decode from every encoding', () => {
  assert.deepEqual(Codec.decodeSet('bH'), [0, 1, 2]);
  assert.deepEqual(Codec.decodeSet('rkDjD'), Array.from({ length: 100 }, (_, i) => 100 + i));
  assert.deepEqual(Codec.decodeSet('gof'), [1000]);
  assert.deepEqual(Codec.decodeSet('gAAB'), [0, 1, 3]);
  assert.deepEqual(Codec.decodeSet('g'), []);
  assert.throws(() => Codec.decodeSet('x'));
});
