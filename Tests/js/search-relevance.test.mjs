// Relevance, measured: for each query in Tests/fixtures/search/starter-queries.json (the
// starter content) and 18f-queries.json (the 18F methods in Tests/fixtures/shared/corpora/18f-methods,
// built with Tests/fixtures/search/18f/site.yml), the listed documents must be among the
// first three results of the real client. A failure prints what ranked instead.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build, engineFor, remove, repository, skipReason, temporaryFolder } from './support/search-site.mjs';
import { shared } from './support/shared.mjs';

const fixtures = path.join(repository, 'Tests', 'fixtures', 'search');
const corpus18F = shared('corpora', '18f-methods');
const made = [];
after(() => made.forEach(remove));

function load(name) {
  return JSON.parse(readFileSync(path.join(fixtures, name), 'utf8')).queries;
}

async function failures(site, queries) {
  const engine = engineFor(site); // one engine: later queries reuse loaded files, as on the page
  const wrong = [];
  for (const query of queries) {
    const response = await engine.search({ q: query.q, filters: query.filters || {} });
    const top = response.results.slice(0, 3).map((r) => r.url.replace(/\/(index\.html)?$/, ''));
    const missing = query.top3.filter((doc) => !top.includes(doc));
    if (missing.length) wrong.push(`${JSON.stringify(query.q)}: missing ${missing.join(', ')}; top 3: ${top.join(', ') || '(none)'}`);
  }
  return wrong;
}

// The 18F method cards, shaped as a Praxis site: every card in content/methods/ (the one
// file without an extension gets `.md`), the section pages in content/guides/.
function site18F() {
  const root = temporaryFolder('18f');
  made.push(root);
  const methods = path.join(root, 'content', 'methods'), guides = path.join(root, 'content', 'guides');
  mkdirSync(methods, { recursive: true });
  mkdirSync(guides, { recursive: true });
  for (const name of readdirSync(path.join(corpus18F, '_methods'))) {
    if (name === 'archive' || name.startsWith('_')) continue;
    cpSync(path.join(corpus18F, '_methods', name), path.join(methods, name.endsWith('.md') ? name : name + '.md'));
  }
  for (const name of readdirSync(path.join(corpus18F, 'pages'))) {
    if (name.endsWith('.md')) cpSync(path.join(corpus18F, 'pages', name), path.join(guides, name));
  }
  cpSync(path.join(fixtures, '18f', 'site.yml'), path.join(root, 'site.yml'));
  cpSync(path.join(repository, 'themes', 'default'), path.join(root, 'themes', 'default'), { recursive: true });
  return build(root, path.join(root, '_site'));
}

test('starter content: every expected document is in the top 3', { skip: skipReason }, async () => {
  const queries = load('starter-queries.json');
  assert.ok(queries.length >= 30);
  const output = path.join(temporaryFolder('starter'), '_site');
  made.push(path.dirname(output));
  const wrong = await failures(build(repository, output), queries);
  assert.deepEqual(wrong, [], `${wrong.length} of ${queries.length} queries:\n${wrong.join('\n')}`);
});

test('18F methods: every expected document is in the top 3', { skip: skipReason }, async () => {
  const queries = load('18f-queries.json');
  assert.ok(queries.length >= 30);
  const wrong = await failures(site18F(), queries);
  assert.deepEqual(wrong, [], `${wrong.length} of ${queries.length} queries:\n${wrong.join('\n')}`);
});
