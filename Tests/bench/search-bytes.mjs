#!/usr/bin/env node
// Bytes of search data a first query loads, through the real client (engine.js), on a
// built site. Each query starts from an empty cache, as a reader's first search does.
//
//   node Tests/bench/search-bytes.mjs /tmp/s10k/_site            # the typical queries below
//   node Tests/bench/search-bytes.mjs /tmp/s10k/_site --json     # one JSON object, for scripts
//   node Tests/bench/search-bytes.mjs SITE "cloud migration" …   # these queries instead
//
// Counted: the .js twins the page loads with <script> tags (what a browser reads from
// disk), also gzipped (what a web host with compression sends). Not counted: the page and
// the client scripts, reported once as `client`. Budget (issue 4): 150 KB at 10,000
// documents, 400 KB at 100,000.
import { createRequire } from 'node:module';
import { readFileSync, statSync, existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
// Typical searches on gen-corpus.py content; pagefind-bytes.mjs runs the same list on Pagefind.
import { TYPICAL } from './queries.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const assets = path.resolve(here, '..', '..', 'themes', 'default', 'assets', 'search');
const require = createRequire(import.meta.url);
const { Engine } = require(path.join(assets, 'engine.js'));

const args = process.argv.slice(2);
const json = args.includes('--json');
const positional = args.filter((a) => a !== '--json');
const site = positional[0];
if (!site || !existsSync(path.join(site, 'search', 'manifest.json'))) {
  console.error('usage: node Tests/bench/search-bytes.mjs SITE_FOLDER [--json] [query …]  (SITE_FOLDER/search/manifest.json must exist)');
  process.exit(2);
}
const folder = path.join(site, 'search');
const queries = positional.length > 1 ? positional.slice(1).map((q) => ({ q })) : TYPICAL;

async function measure(query) {
  const files = [];
  const engine = new Engine(async (name) => {
    files.push(name);
    return JSON.parse(readFileSync(path.join(folder, name + '.json'), 'utf8'));
  });
  const started = process.hrtime.bigint();
  const response = await engine.search({ q: query.q, filters: query.filters || {} });
  const milliseconds = Number(process.hrtime.bigint() - started) / 1e6;
  let bytes = 0, gzipped = 0;
  for (const name of files) {
    const data = readFileSync(path.join(folder, name + '.js'));
    bytes += data.length;
    gzipped += gzipSync(data).length;
  }
  return { query: query.q, filters: query.filters || {}, results: response.total, files: files.length, bytes, gzipped, milliseconds, loaded: files };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const manifest = JSON.parse(readFileSync(path.join(folder, 'manifest.json'), 'utf8'));
const rows = [];
for (const query of queries) rows.push(await measure(query));
const client = ['stemmer.js', 'text.js', 'codec.js', 'query.js', 'facets.js', 'snippets.js', 'engine.js', 'ui.js']
  .reduce((sum, name) => sum + statSync(path.join(assets, name)).size, 0);
const summary = {
  documents: manifest.documents,
  queries: rows.length,
  maxBytes: Math.max(...rows.map((r) => r.bytes)),
  medianBytes: median(rows.map((r) => r.bytes)),
  maxGzipped: Math.max(...rows.map((r) => r.gzipped)),
  medianGzipped: median(rows.map((r) => r.gzipped)),
  client,
};

if (json) {
  console.log(JSON.stringify({ summary, rows }, null, 2));
} else {
  const kb = (n) => (n / 1024).toFixed(1).padStart(6) + ' KB';
  console.log(`search data loaded by a first query, ${manifest.documents} documents`);
  for (const r of rows) {
    const label = r.query + (Object.keys(r.filters).length ? ' ' + JSON.stringify(r.filters) : '');
    console.log(`${label.padEnd(44)} ${kb(r.bytes)} (${kb(r.gzipped)} gzip) ${String(r.files).padStart(3)} files ${String(r.results).padStart(6)} results ${r.milliseconds.toFixed(0).padStart(5)} ms`);
  }
  console.log(`max ${kb(summary.maxBytes)}, median ${kb(summary.medianBytes)}; gzipped max ${kb(summary.maxGzipped)}, median ${kb(summary.medianGzipped)}`);
  console.log(`client scripts (loaded once, not counted): ${kb(client)}`);
}
