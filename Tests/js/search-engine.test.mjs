// The search client against an index the real `praxis` built from Tests/fixtures/search/mini:
// ranking, prefixes, phrases, typos, facets and snippets, through engine.js as the page uses it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { build, engineFor, remove, repository, search, siteFolder, skipReason } from './support/search-site.mjs';

let root, site;
before(() => {
  if (skipReason) return;
  root = siteFolder(path.join(repository, 'Tests', 'fixtures', 'search', 'mini'), 'search-mini');
  site = build(root);
});
after(() => { if (root) remove(root); if (site) remove(path.dirname(site)); });

const urls = (response) => response.results.map((r) => r.url.replace(/\/index\.html$/, ''));
const CLOUD = 'practices/cloud-migration', RECORDS = 'practices/records-management', KNOWLEDGE = 'practices/knowledge-management';
const HOSPITALS = 'case-studies/sao-tome-hospitals', FAST = 'lessons/migrating-too-fast';

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

test('a misspelt word of five letters or more is corrected when nothing matches', { skip: skipReason }, async () => {
  const response = await search(site, 'hospitels');
  assert.deepEqual(response.corrections, [{ from: 'hospitels', to: 'hospitals' }]);
  assert.deepEqual(urls(response), [HOSPITALS]);
  assert.deepEqual((await search(site, 'clod')).corrections, [], 'four letters: no guessing');
  assert.deepEqual((await search(site, 'clod')).total, 0);
  assert.deepEqual((await search(site, 'cloud')).corrections, []);
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
  for (const name of ['manifest', 'terms-0', 'docs-0', 'facet-0', 'pairs']) {
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
