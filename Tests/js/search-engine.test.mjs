// The search client against an index the real `praxis` built from Tests/fixtures/search/mini:
// ranking, prefixes, phrases, typos, facets and snippets, through engine.js as the page uses it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { build, engineFor, remove, repository, search, siteFolder, skipReason } from './support/search-site.mjs';

let root, site;
before(() => {
  if (skipReason) return;
  root = siteFolder(path.join(repository, 'Tests', 'fixtures', 'search', 'mini'), 'search-mini');
  // A long section whose distinctive words come late, far past its first hundred characters,
  // after words that other documents have too.
  const filler = 'The team moved the records and the systems to the new store, kept the old system running ' +
    'while staff learned what the new one can do, and shared the costs and the waiting times with colleagues. ';
  writeFileSync(path.join(root, 'content', 'lessons', 'river-sampling.md'), [
    '---', 'title: River sampling', 'summary: What a small team learned from a decade of river walks.',
    'date: 2024-05-05', 'tags: [rivers, field-work]', 'sectors: [environment]', 'outcome_type: success', '---', '',
    '## How it went', '', filler + 'Only later did the turbidity readings show the silt from the quarry upstream.', '',
  ].join('\n'));
  site = build(root);
});
after(() => { if (root) remove(root); if (site) remove(path.dirname(site)); });

const urls = (response) => response.results.map((r) => r.url.replace(/\/index\.html$/, ''));
const CLOUD = 'practices/cloud-migration', RECORDS = 'practices/records-management', KNOWLEDGE = 'practices/knowledge-management';
const HOSPITALS = 'case-studies/sao-tome-hospitals', FAST = 'lessons/migrating-too-fast', RIVER = 'lessons/river-sampling';

test('a title match ranks above body matches', { skip: skipReason }, async () => {
  const response = await search(site, 'cloud');
  assert.equal(urls(response)[0], CLOUD);
  assert.deepEqual([...urls(response)].sort(), [CLOUD, RECORDS, FAST].sort());
  assert.ok(response.results[0].score > response.results[1].score);
});

test('every word is required', { skip: skipReason }, async () => {
  assert.deepEqual(urls(await search(site, 'records patient')), [HOSPITALS]);
  assert.deepEqual(urls(await search(site, 'cloud knowledge ')), []);
});

test('the last word is a prefix while typing', { skip: skipReason }, async () => {
  assert.deepEqual(urls(await search(site, 'hospi')), [HOSPITALS]);
  // `managem` is not a stem's prefix (management → manag): the word list maps it.
  assert.deepEqual([...urls(await search(site, 'managem'))].sort(), [KNOWLEDGE, RECORDS]);
  // A finished word (followed by a space) is not a prefix.
  assert.deepEqual(urls(await search(site, 'hospi ')), []);
});

test('stemming matches other forms of a word', { skip: skipReason }, async () => {
  const response = await search(site, 'migrations ');
  assert.deepEqual([...urls(response)].sort(), [CLOUD, RECORDS, FAST].sort());
});

test('a quoted phrase needs its words next to each other', { skip: skipReason }, async () => {
  assert.deepEqual([...urls(await search(site, 'cloud migration '))].sort(), [CLOUD, RECORDS, FAST].sort());
  assert.deepEqual(urls(await search(site, '"cloud migration"')), [CLOUD]);
  assert.deepEqual(urls(await search(site, '"migration cloud"')), []);
  // Stop words inside a phrase are skipped, as the index skips them.
  assert.deepEqual(urls(await search(site, '"migration of paper records"')), [RECORDS]);
});

test('folding: São Tomé, sao tome and SAO TOMÉ are the same words', { skip: skipReason }, async () => {
  const expected = [CLOUD, HOSPITALS].sort();
  for (const q of ['São Tomé', 'sao tome', 'SAO TOMÉ']) assert.deepEqual([...urls(await search(site, q))].sort(), expected, q);
});

test('a stop word being typed still expands as a prefix, and only adds to other words', { skip: skipReason }, async () => {
  // `the` is a stop word, but typed last it may be the start of `then` (in the lesson).
  assert.deepEqual(urls(await search(site, 'the')), [FAST]);
  assert.deepEqual(urls(await search(site, 'the ')), [], 'a finished stop word finds nothing on its own');
  // Beside another word it is optional: `cloud the` keeps every cloud result, `then` ranks first.
  const typing = await search(site, 'cloud the');
  assert.deepEqual(urls(typing).sort(), [CLOUD, RECORDS, FAST].sort());
  const score = (response, url) => response.results.find((r) => r.url.startsWith(url)).score;
  assert.ok(score(typing, FAST) > score(await search(site, 'cloud'), FAST), 'the lesson has `then`: it gains');
});

test('a misspelt word of five letters or more is corrected when nothing matches', { skip: skipReason }, async () => {
  const response = await search(site, 'hospitels');
  assert.deepEqual(response.corrections, [{ from: 'hospitels', to: 'hospitals' }]);
  assert.deepEqual(urls(response), [HOSPITALS]);
  assert.deepEqual((await search(site, 'clod')).corrections, [], 'four letters: no guessing');
  assert.deepEqual((await search(site, 'clod')).total, 0);
  assert.deepEqual((await search(site, 'cloud')).corrections, []);
});

test('a typo is one edit anywhere in the word, the first letter included', { skip: skipReason }, async () => {
  for (const typo of ['xloud', 'lcoud', 'ccloud', 'clxud', 'clouod']) {
    const response = await search(site, typo + ' ');
    assert.deepEqual(response.corrections, [{ from: typo, to: 'cloud' }], typo);
    assert.deepEqual([...urls(response)].sort(), [CLOUD, RECORDS, FAST].sort(), typo);
  }
  assert.deepEqual((await search(site, 'hospitalz')).corrections, [{ from: 'hospitalz', to: 'hospitals' }]);
  assert.deepEqual((await search(site, 'xlxud')).corrections, [], 'two edits: no guess');
  // The typo index is read key by key: the word and its deletions, a few shards at most.
  const engine = engineFor(site);
  await engine.search({ q: 'administratoin' });
  const typos = engine.loaded.filter((name) => name.startsWith('typos-'));
  assert.ok(typos.length > 0 && typos.length <= 6, typos.join(' '));
});

test('filters the index does not know are reported and ignored; other parameters are not filters', { skip: skipReason }, async () => {
  const tracking = await search(site, '', { utm_source: ['newsletter'] });
  assert.equal(tracking.total, 0, 'no words and no filter: nothing is listed');
  assert.deepEqual(tracking.filters, {});
  assert.deepEqual(tracking.unknownFilters, [], 'a parameter that is not a facet is no filter at all');
  const unknown = await search(site, '', { sectors: ['nonexistent'] });
  assert.equal(unknown.total, 0);
  assert.deepEqual(unknown.filters, {});
  assert.deepEqual(unknown.unknownFilters, [{ field: 'sectors', label: 'Sectors', value: 'nonexistent' }]);
  const mixed = await search(site, '', { sectors: ['nonexistent', 'finance'] });
  assert.deepEqual(mixed.filters, { sectors: ['finance'] });
  assert.deepEqual([...urls(mixed)].sort(), [FAST, RECORDS].sort());
});

test('a long query looks up its first eight words and says which it left out', { skip: skipReason }, async () => {
  const engine = engineFor(site);
  const response = await engine.search({ q: 'cloud migration service first stages running costs hosting bills capital weekend review' });
  assert.deepEqual(response.dropped, ['bills', 'capital', 'weekend', 'review']);
  assert.equal(response.terms.length, 8);
  assert.deepEqual(urls(response), [CLOUD]);
});

test('snippets show a matched word from deep in a section, and a second excerpt for words the first lacks', { skip: skipReason }, async () => {
  const [river] = (await search(site, 'turbidity')).results;
  assert.equal(river.url, RIVER + '/index.html');
  const marked = (result) => result.snippet.marks.map(([start, end]) => result.snippet.text.slice(start, end).toLowerCase());
  assert.deepEqual(marked(river), ['turbidity'], river.snippet.text);
  assert.equal(river.href, RIVER + '/index.html#how-it-went');
  // `decade` is only in the summary, `quarry` only at the end of the section: both are shown.
  const [both] = (await search(site, 'decade quarry')).results;
  assert.deepEqual(marked(both).sort(), ['decade', 'quarry'], both.snippet.text);
});

test('document records carry their facet values', { skip: skipReason }, async () => {
  const manifest = JSON.parse(readFileSync(path.join(site, 'search', 'manifest.json'), 'utf8'));
  assert.equal(manifest.version, 2);
  const records = [];
  for (let n = 0; n < manifest.shards.docs; n++) records.push(...JSON.parse(readFileSync(path.join(site, 'search', `docs-${n}.json`), 'utf8')).docs);
  const river = records.find((r) => r.url === RIVER + '/index.html');
  assert.deepEqual(river.facets, { tags: ['rivers', 'field-work'], sectors: ['environment'], outcome_type: ['success'] });
  assert.equal(river.kind, 'lesson');
  const [result] = (await search(site, 'turbidity')).results;
  assert.deepEqual(result.facets, river.facets);
});

test('facet filters combine: OR within a facet, AND across facets, with live counts', { skip: skipReason }, async () => {
  const all = await search(site, 'cloud');
  const sectors = all.facets.find((f) => f.field === 'sectors');
  const count = (facet, value) => facet.values.find((v) => v.value === value).count;
  assert.equal(count(sectors, 'health'), 2);
  assert.equal(count(sectors, 'finance'), 2);
  assert.equal(count(sectors, 'public-administration'), 0);

  const health = await search(site, 'cloud', { sectors: ['health'] });
  assert.deepEqual([...urls(health)].sort(), [CLOUD, FAST].sort());
  // Choosing a value keeps its siblings' counts (they would add results)…
  assert.equal(count(health.facets.find((f) => f.field === 'sectors'), 'finance'), 2);
  // …and narrows every other facet.
  assert.equal(count(health.facets.find((f) => f.field === 'kind'), 'practice'), 1);

  assert.deepEqual([...urls(await search(site, 'cloud', { sectors: ['health', 'finance'] }))].sort(), [CLOUD, RECORDS, FAST].sort());
  assert.deepEqual(urls(await search(site, 'cloud', { sectors: ['health'], kind: ['lesson'] })), [FAST]);
  // Filters alone list documents.
  assert.deepEqual([...urls(await search(site, '', { regions: ['sao-tome'] }))].sort(), [CLOUD, HOSPITALS].sort());
  // A value the index does not know is ignored rather than hiding everything.
  assert.equal((await search(site, 'cloud', { sectors: ['no-such-sector'] })).total, 3);
});

test('snippets come from stored excerpts, marked, and link to the matching section', { skip: skipReason }, async () => {
  const [first] = (await search(site, 'first service')).results;
  assert.equal(first.url, 'practices/cloud-migration/index.html');
  assert.deepEqual(first.section, { heading: 'Moving the first service', id: 'moving-the-first-service' });
  assert.equal(first.href, 'practices/cloud-migration/index.html#moving-the-first-service');
  const marked = first.snippet.marks.map(([start, end]) => first.snippet.text.slice(start, end));
  assert.deepEqual(marked, ['service', 'first']); // “Choose a low-risk service for the first cloud migration…”
  assert.deepEqual(first.titleMarks, []);
});

test('a first query loads only a few small files', { skip: skipReason }, async () => {
  const engine = engineFor(site);
  await engine.search({ q: 'cloud' });
  assert.ok(!engine.loaded.some((name) => name.startsWith('pairs')), 'no phrase: no pair files');
  assert.ok(engine.loaded.includes('manifest'));
  const before = engine.loaded.length;
  await engine.search({ q: 'cloud' });
  assert.equal(engine.loaded.length, before, 'files are loaded once');
});

test('each .js twin hands the page exactly the JSON data', { skip: skipReason }, () => {
  const folder = path.join(site, 'search');
  for (const name of ['manifest', 'terms-0', 'docs-0', 'facet-0-0', 'pairs', 'typos-0']) {
    const window = {};
    vm.runInNewContext(readFileSync(path.join(folder, name + '.js'), 'utf8'), { window });
    // Compared as JSON text: objects made in another realm have other prototypes.
    assert.equal(JSON.stringify(window.PraxisSearchData[name]), JSON.stringify(JSON.parse(readFileSync(path.join(folder, name + '.json'), 'utf8'))));
  }
});

test('queries parse into required terms, a prefix and phrases', async () => {
  const { createRequire } = await import('node:module');
  const require = createRequire(import.meta.url);
  const { analyzer } = require(path.join(repository, 'themes', 'default', 'assets', 'search', 'text.js'));
  const { parse } = require(path.join(repository, 'themes', 'default', 'assets', 'search', 'engine.js'));
  const english = analyzer({ stopWords: ['the', 'of'], stem: true });
  const terms = (q) => parse(q, english).groups.map((g) => g.term + (g.prefix ? '*' : ''));
  assert.deepEqual(terms('The reviews of projec'), ['review', 'projec*']);
  assert.deepEqual(terms('reviews projects '), ['review', 'project'], 'a trailing space ends the prefix');
  assert.deepEqual(terms('"open data" portal'), ['open', 'data', 'portal*']);
  assert.deepEqual(parse('"open data" portal', english).phrases, [['open', 'data']]);
  assert.deepEqual(terms('review reviews'), ['review'], 'one group per term');
  assert.deepEqual(terms('a'), ['a'], 'one letter is not expanded');
  // Ideographs are words of one character; a run of them is a phrase.
  assert.deepEqual(parse('数据开放', english).phrases, [['数', '据', '开', '放']]);
  assert.deepEqual(terms('数据'), ['数', '据']);
});
