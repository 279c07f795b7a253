#!/usr/bin/env node
// Bytes of search data a first query loads, through the real client (engine.js), on a
// built site. Each query starts from an empty cache, as a reader's first search does.
//
//   node Tests/bench/search-bytes.mjs /tmp/s10k/_site            # the typical and demanding queries
//   node Tests/bench/search-bytes.mjs /tmp/s10k/_site --json     # one JSON object, for scripts
//   node Tests/bench/search-bytes.mjs SITE "cloud migration" …   # these queries instead
//
// Counted: the .js twins the page loads with <script> tags (what a browser reads from
// disk), also gzipped (what a web host with compression sends). The search page's own
// scripts (the client, read from SITE/search/index.html) are loaded once, by the first
// query too: they are reported on their own line, and the totals add them. Budget (issue 4):
// 150 KB of search data at 10,000 documents, 400 KB at 100,000. `summary` is over the
// typical queries (the ones pagefind-bytes.mjs runs too); `demanding` over the others.
import { createRequire } from 'node:module';
import { readFileSync, existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TYPICAL, DEMANDING } from './queries.mjs';

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
const asked = positional.slice(1).map((q) => ({ q }));

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

// The scripts of the built search page that live under assets/search/ (the client).
function clientScripts() {
  const page = path.join(site, 'search', 'index.html');
  const html = readFileSync(page, 'utf8');
  const sources = [...html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)].map((m) => m[1]).filter((src) => src.includes('assets/search/'));
  return sources.map((src) => readFileSync(path.resolve(path.dirname(page), src)));
}

function summarise(rows, client) {
  return {
    queries: rows.length,
    maxBytes: Math.max(...rows.map((r) => r.bytes)),
    medianBytes: median(rows.map((r) => r.bytes)),
    maxGzipped: Math.max(...rows.map((r) => r.gzipped)),
    medianGzipped: median(rows.map((r) => r.gzipped)),
    maxWithClient: Math.max(...rows.map((r) => r.bytes)) + client.bytes,
    medianWithClient: median(rows.map((r) => r.bytes)) + client.bytes,
  };
}

const manifest = JSON.parse(readFileSync(path.join(folder, 'manifest.json'), 'utf8'));
const scripts = clientScripts();
const client = { scripts: scripts.length, bytes: scripts.reduce((s, d) => s + d.length, 0), gzipped: scripts.reduce((s, d) => s + gzipSync(d).length, 0) };
const groups = asked.length ? [['asked', asked]] : [['typical', TYPICAL], ['demanding', DEMANDING]];
const measured = [];
for (const [name, queries] of groups) {
  const rows = [];
  for (const query of queries) rows.push(await measure(query));
  measured.push([name, rows]);
}
const [first, ...rest] = measured;
const summary = { documents: manifest.documents, ...summarise(first[1], client), client: client.bytes, clientGzipped: client.gzipped };
const output = { summary, rows: first[1] };
for (const [name, rows] of rest) { output[name] = summarise(rows, client); output[name + 'Rows'] = rows; }

if (json) {
  console.log(JSON.stringify(output, null, 2));
} else {
  const kb = (n) => (n / 1024).toFixed(1).padStart(6) + ' KB';
  console.log(`search data loaded by a first query, ${manifest.documents} documents`);
  for (const [name, rows] of measured) {
    console.log(`-- ${name}`);
    for (const r of rows) {
      let label = r.query + (Object.keys(r.filters).length ? ' ' + JSON.stringify(r.filters) : '');
      if (label.length > 52) label = label.slice(0, 51) + '…';
      console.log(`${label.padEnd(52)} ${kb(r.bytes)} (${kb(r.gzipped)} gzip) ${String(r.files).padStart(3)} files ${String(r.results).padStart(6)} results ${r.milliseconds.toFixed(0).padStart(5)} ms`);
    }
    const s = summarise(rows, client);
    console.log(`${name}: max ${kb(s.maxBytes)}, median ${kb(s.medianBytes)}; gzipped max ${kb(s.maxGzipped)}, median ${kb(s.medianGzipped)}`);
    console.log(`${name} with the client scripts: max ${kb(s.maxWithClient)}, median ${kb(s.medianWithClient)}`);
  }
  console.log(`client scripts (${client.scripts} files, loaded once by the first query): ${kb(client.bytes)} (${kb(client.gzipped)} gzip)`);
}
