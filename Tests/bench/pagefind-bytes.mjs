#!/usr/bin/env node
// Pagefind beside Praxis (issue 4): indexes a built static site (Hugo's public/ for the
// gen-corpus.py corpus) with the Pagefind binary into a temporary folder, timing it and taking its
// peak RSS with GNU time, then measures the bytes a reader's first search loads, for the same
// queries search-bytes.mjs runs on Praxis (queries.mjs).
//
//   node Tests/bench/pagefind-bytes.mjs .bench/hugo-10000/public
//   node Tests/bench/pagefind-bytes.mjs PUBLIC --glob '{case-studies,lessons,practices}/*/index.html'
//   node Tests/bench/pagefind-bytes.mjs PUBLIC --json                  # one JSON object, for bench.py
//   node Tests/bench/pagefind-bytes.mjs --bundle DIR "cloud migration" …   # an existing bundle; these queries
//
// --pagefind names the binary, or a virtualenv with PyPI's `pagefind-bin` (default: .bench/venv,
// which `make bench` makes). --glob goes to Pagefind (default: its own, every HTML file, so also
// Hugo's section and taxonomy listings). --bundle DIR measures an existing Pagefind bundle instead
// of indexing; --keep DIR indexes into DIR and leaves it there. --results N (default 5, what
// Pagefind's default UI shows first) is how many results' fragments a first search loads.
//
// The search runs through Pagefind's own pagefind.js and WebAssembly in Node, with `fetch` answered
// from disk, so the files counted are exactly those Pagefind asks for: pagefind-entry.json, the
// meta file (pf_meta), the WASM, the index chunks (pf_index) the query's terms need, filter chunks
// if any, and the fragments (pf_fragment) of the first N results (loaded by result.data(), as the
// UI does). pagefind.js itself is the module the page imports, so its size is added. Each query
// starts from a new instance with nothing loaded, as a reader's first search does. Bytes are as
// stored: pf_* files and the WASM are gzip-compressed by Pagefind, pagefind.js and the entry file are
// not; the `gzip` column also gzips those two, as a web host with compression would send them.
import { readFileSync, statSync, existsSync, mkdtempSync, rmSync, readdirSync, mkdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { TYPICAL } from './queries.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const usage = 'usage: node Tests/bench/pagefind-bytes.mjs SITE_FOLDER [--pagefind BIN|VENV] [--glob GLOB] [--keep DIR] [--results N] [--json] [query …]\n       node Tests/bench/pagefind-bytes.mjs --bundle PAGEFIND_DIR [--results N] [--json] [query …]';

function parseArgs(argv) {
  const options = { pagefind: path.join(root, '.bench', 'venv'), glob: null, bundle: null, keep: null, results: 5, json: false, positional: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => { if (i + 1 >= argv.length) fail(`${arg} needs a value`); return argv[++i]; };
    if (arg === '--json') options.json = true;
    else if (arg === '--pagefind') options.pagefind = value();
    else if (arg === '--glob') options.glob = value();
    else if (arg === '--bundle') options.bundle = value();
    else if (arg === '--keep') options.keep = value();
    else if (arg === '--results') options.results = Number(value());
    else if (arg.startsWith('--')) fail(`unknown option ${arg}`);
    else options.positional.push(arg);
  }
  return options;
}

function fail(message) {
  console.error(`pagefind-bytes: ${message}\n${usage}`);
  process.exit(2);
}

/** The Pagefind executable: the path itself, or the one PyPI's pagefind-bin put in a virtualenv. */
function pagefindBinary(given) {
  if (existsSync(given) && statSync(given).isFile()) return given;
  const python = path.join(given, 'bin', 'python');
  if (!existsSync(python)) fail(`no Pagefind at ${given} (run \`make bench\`, which installs pagefind-bin into .bench/venv)`);
  const found = spawnSync(python, ['-c', 'import pagefind_bin; print(pagefind_bin.get_executable())'], { encoding: 'utf8' });
  if (found.status !== 0) fail(`pagefind-bin is not installed in ${given}: ${found.stderr.trim().split('\n').pop()}`);
  return found.stdout.trim();
}

/** Runs Pagefind over the site into `out` under GNU time; wall seconds and peak RSS (MB). */
function index(binary, site, out, glob) {
  const args = ['-f', 'PAGEFIND-TIME %e %M', binary, '--site', site, '--output-path', out, '--quiet'];
  if (glob) args.push('--glob', glob);
  const run = spawnSync('/usr/bin/time', args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  const line = (run.stderr || '').split('\n').find((l) => l.startsWith('PAGEFIND-TIME '));
  if (run.status !== 0 || !line) {
    console.error(`pagefind-bytes: Pagefind failed (${run.status}):\n${(run.stdout + run.stderr).slice(-2000)}`);
    process.exit(1);
  }
  const [, seconds, kilobytes] = line.split(' ');
  const version = spawnSync(binary, ['--version'], { encoding: 'utf8' }).stdout.trim();
  return { seconds: Number(seconds), peakRssMB: Number(kilobytes) / 1024, version };
}

function treeSize(folder) {
  let files = 0, bytes = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) { files++; bytes += statSync(path.join(entry.parentPath ?? entry.path, entry.name)).size; }
  }
  return { files, bytes };
}

const isGzip = (data) => data.length > 2 && data[0] === 0x1f && data[1] === 0x8b;

function kind(file) {
  const name = path.basename(file);
  if (name === 'pagefind-entry.json') return 'entry';
  if (name === 'pagefind.js') return 'js';
  if (name.endsWith('.pf_meta')) return 'meta';
  if (name.startsWith('wasm.')) return 'wasm';
  if (name.endsWith('.pf_index')) return 'chunks';
  if (name.endsWith('.pf_filter')) return 'filters';
  if (name.endsWith('.pf_fragment')) return 'fragments';
  return 'other';
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

async function measureAll(bundle, queries, resultCount) {
  // Every file Pagefind asks for is read from the bundle on disk and recorded for the query running.
  let loaded = null;
  globalThis.fetch = async (input) => {
    const file = fileURLToPath(new URL(String(input)));
    const data = readFileSync(file);
    loaded.push(file);
    return new Response(data);
  };
  const pagefind = await import(pathToFileURL(path.join(bundle, 'pagefind.js')).href);
  const script = path.join(bundle, 'pagefind.js');
  const rows = [];
  for (const query of queries) {
    loaded = [script]; // the module the page imports before anything else
    const instance = pagefind.createInstance({ basePath: pathToFileURL(bundle + path.sep).href });
    await instance.init();
    const started = process.hrtime.bigint();
    // A filter counts only if the bundle has it (Hugo's pages here carry no data-pagefind-filter).
    const known = Object.keys(await instance.filters());
    const wanted = query.filters || {};
    const filters = Object.fromEntries(Object.entries(wanted).filter(([name]) => known.includes(name)));
    const ignored = Object.keys(wanted).filter((name) => !known.includes(name));
    const response = await instance.search(query.q, { filters });
    const shown = await Promise.all(response.results.slice(0, resultCount).map((result) => result.data()));
    const milliseconds = Number(process.hrtime.bigint() - started) / 1e6;
    await instance.destroy();
    const parts = {};
    let bytes = 0, gzipped = 0;
    for (const file of new Set(loaded)) {
      const data = readFileSync(file);
      const part = (parts[kind(file)] ??= { files: 0, bytes: 0 });
      part.files++;
      part.bytes += data.length;
      bytes += data.length;
      gzipped += isGzip(data) ? data.length : gzipSync(data).length;
    }
    rows.push({
      query: query.q, filters: wanted, ignoredFilters: ignored, results: response.results.length,
      shown: shown.map((fragment) => fragment.url), files: new Set(loaded).size, bytes, gzipped, parts, milliseconds,
      loaded: [...new Set(loaded)].map((file) => path.relative(bundle, file)),
    });
  }
  return rows;
}

const options = parseArgs(process.argv.slice(2));
// With --bundle there is no site to index: every word after the options is a query.
const site = options.bundle ? null : options.positional[0];
if (!options.bundle && (!site || !existsSync(site))) fail('SITE_FOLDER must be a built site (e.g. .bench/hugo-10000/public)');
const asked = options.positional.slice(options.bundle ? 0 : 1);
const queries = asked.length ? asked.map((q) => ({ q })) : TYPICAL;

let bundle = options.bundle ? path.resolve(options.bundle) : null;
let indexing = null, scratch = null;
if (!bundle) {
  if (options.keep) { bundle = path.resolve(options.keep); rmSync(bundle, { recursive: true, force: true }); mkdirSync(path.dirname(bundle), { recursive: true }); }
  else { scratch = mkdtempSync(path.join(os.tmpdir(), 'pagefind-bytes-')); bundle = path.join(scratch, 'pagefind'); }
  indexing = index(pagefindBinary(options.pagefind), path.resolve(site), bundle, options.glob);
}
if (!existsSync(path.join(bundle, 'pagefind-entry.json'))) fail(`no Pagefind bundle in ${bundle}`);

try {
  const entry = JSON.parse(readFileSync(path.join(bundle, 'pagefind-entry.json'), 'utf8'));
  const rows = await measureAll(bundle, queries, options.results);
  const size = treeSize(bundle);
  const fixed = ['entry', 'js', 'meta', 'wasm'].reduce((sum, name) => sum + Math.max(...rows.map((r) => r.parts[name]?.bytes ?? 0)), 0);
  const summary = {
    version: entry.version,
    pages: Object.values(entry.languages).reduce((sum, language) => sum + language.page_count, 0),
    glob: options.glob,
    queries: rows.length,
    results: options.results,
    maxBytes: Math.max(...rows.map((r) => r.bytes)),
    medianBytes: median(rows.map((r) => r.bytes)),
    maxGzipped: Math.max(...rows.map((r) => r.gzipped)),
    medianGzipped: median(rows.map((r) => r.gzipped)),
    // What every first query loads whatever it asks: pagefind.js, entry, meta and WASM.
    fixedBytes: fixed,
    engineBytes: Math.max(...rows.map((r) => (r.parts.js?.bytes ?? 0) + (r.parts.wasm?.bytes ?? 0))),
    medianChunkBytes: median(rows.map((r) => r.parts.chunks?.bytes ?? 0)),
    medianFragmentBytes: median(rows.map((r) => r.parts.fragments?.bytes ?? 0)),
    unfilteredQueries: rows.filter((r) => r.ignoredFilters.length).length, // asked a filter the site lacks
    indexSeconds: indexing?.seconds ?? null,
    peakRssMB: indexing?.peakRssMB ?? null,
    bundleFiles: size.files,
    bundleBytes: size.bytes,
  };
  if (options.json) {
    console.log(JSON.stringify({ summary, rows }, null, 2));
  } else {
    const kb = (n) => (n / 1024).toFixed(1).padStart(6) + ' KB';
    if (indexing) console.log(`${indexing.version}: indexed ${summary.pages} pages${options.glob ? ` (--glob ${options.glob})` : ''} in ${indexing.seconds.toFixed(2)} s, peak RSS ${indexing.peakRssMB.toFixed(0)} MB; bundle ${size.files} files, ${(size.bytes / 1e6).toFixed(1)} MB`);
    console.log(`search data loaded by a first query and its first ${options.results} results, Pagefind ${entry.version}, ${summary.pages} pages`);
    for (const r of rows) {
      const label = r.query + (Object.keys(r.filters).length ? ' ' + JSON.stringify(r.filters) : '') + (r.ignoredFilters.length ? '*' : '');
      const chunks = r.parts.chunks ?? { files: 0, bytes: 0 }, fragments = r.parts.fragments ?? { files: 0, bytes: 0 };
      console.log(`${label.padEnd(44)} ${kb(r.bytes)} (${kb(r.gzipped)} gzip) ${String(chunks.files).padStart(2)} chunks ${kb(chunks.bytes)}, ${fragments.files} fragments ${kb(fragments.bytes)} ${String(r.results).padStart(6)} results ${r.milliseconds.toFixed(0).padStart(5)} ms`);
    }
    console.log(`max ${kb(summary.maxBytes)}, median ${kb(summary.medianBytes)}; gzipped max ${kb(summary.maxGzipped)}, median ${kb(summary.medianGzipped)}`);
    console.log(`loaded by every query (counted above): pagefind.js + WASM ${kb(summary.engineBytes)}, entry + meta ${kb(summary.fixedBytes - summary.engineBytes)}`);
    if (rows.some((r) => r.ignoredFilters.length)) console.log('* the site has no Pagefind filter of that name: the query ran unfiltered');
  }
} finally {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
}
