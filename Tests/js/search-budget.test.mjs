// What a first query may load (README "Search index format", Budget), checked file by file on a
// generated corpus through the real client: the typical and demanding queries of the benchmark
// (Tests/bench/queries.mjs) each stay within the caps whose sizes add up to the 150 KB budget at
// 10,000 documents (node Tests/bench/search-bytes.mjs measures the bytes themselves).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { build, engineFor, remove, repository, skipReason, temporaryFolder } from './support/search-site.mjs';
import { shared } from './support/shared.mjs';
import { DEMANDING, TYPICAL } from '../bench/queries.mjs';

const CAPS = { terms: 8, words: 2, pairs: 2, typos: 6, docs: 10 };
let root, site, manifest;

before(() => {
  if (skipReason) return;
  root = temporaryFolder('budget');
  const made = spawnSync('python3', [shared('tools', 'gen-corpus.py'), '--docs', '400', '--out', root], { encoding: 'utf8' });
  assert.equal(made.status, 0, made.stderr);
  cpSync(path.join(repository, 'themes'), path.join(root, 'themes'), { recursive: true });
  cpSync(path.join(repository, 'site.yml'), path.join(root, 'site.yml'));
  site = build(root, path.join(root, '_site'));
  manifest = JSON.parse(readFileSync(path.join(site, 'search', 'manifest.json'), 'utf8'));
});
after(() => { if (root) remove(root); });

// How many shards of each family (terms, words, pairs, typos, docs, facet-N) a query loaded.
async function families(q, filters = {}) {
  const engine = engineFor(site);
  const response = await engine.search({ q, filters });
  const count = {};
  for (const name of engine.loaded) {
    // Shards are NAME-N (facet-2-N for facet 2); `manifest` and the `pairs` directory are single files.
    const family = /-\d+$/.test(name) ? name.replace(/-\d+$/, '') : name + ' (directory)';
    count[family] = (count[family] || 0) + 1;
  }
  return { count, loaded: engine.loaded, response };
}

test('every typical and demanding first query stays within the caps', { skip: skipReason }, async () => {
  const over = [];
  for (const query of [...TYPICAL, ...DEMANDING]) {
    const { count } = await families(query.q, query.filters);
    for (const [family, cap] of Object.entries(CAPS)) {
      if ((count[family] || 0) > cap) over.push(`${JSON.stringify(query.q).slice(0, 40)}: ${count[family]} ${family} files (cap ${cap})`);
    }
  }
  assert.deepEqual(over, []);
});

test('a filter on one value of a large facet loads the shard that holds it, and counts it right', { skip: skipReason }, async () => {
  const tags = manifest.facets.find((f) => f.field === 'tags');
  assert.ok(tags.shards.length > 1, 'the tags facet is split');
  const { loaded, response } = await families('emergency response', { tags: ['open-data'] });
  assert.deepEqual(loaded.filter((name) => name.startsWith(tags.file + '-')).length, 1, loaded.join(' '));
  const facet = response.facets.find((f) => f.field === 'tags');
  assert.ok(facet.partial && !facet.loaded, 'only the chosen value is counted, and the page is told');
  assert.deepEqual(facet.values.map((v) => v.value), ['open-data']);
  // The same count as with the whole facet loaded (when the reader opens it).
  const engine = engineFor(site);
  const whole = await engine.search({ q: 'emergency response', filters: { tags: ['open-data'] }, facets: ['tags'] });
  const all = whole.facets.find((f) => f.field === 'tags');
  assert.ok(all.loaded && all.values.length > 1);
  assert.equal(facet.values[0].count, all.values.find((v) => v.value === 'open-data').count);
  assert.equal(response.total, whole.total);
  assert.ok(response.total > 0);
});

test('small facets load whole with the first query, large ones wait to be opened', { skip: skipReason }, async () => {
  const { loaded, response } = await families('cloud migration');
  const whole = response.facets.filter((f) => f.loaded).map((f) => f.field);
  assert.ok(whole.includes('kind'), whole.join(' '));
  const bytes = manifest.facets.filter((f) => whole.includes(f.field)).reduce((sum, f) => sum + f.bytes, 0);
  assert.ok(bytes <= 8000, `${bytes} bytes of facets loaded unasked`);
  assert.ok(!loaded.some((name) => name.startsWith(manifest.facets.find((f) => f.field === 'tags').file + '-')));
});

test('document shards hold four documents', { skip: skipReason }, () => {
  assert.equal(manifest.docsPerShard, 4);
  assert.equal(manifest.shards.docs, Math.ceil(manifest.documents / 4));
});
