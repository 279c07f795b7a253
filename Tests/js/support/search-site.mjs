// Builds sites with the real `praxis` binary and searches them with the real client
// (themes/default/assets/search/engine.js), for the search tests and the benchmark.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repository = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const searchAssets = path.join(repository, 'themes', 'default', 'assets', 'search');
const require = createRequire(import.meta.url);
export const { Engine, parse } = require(path.join(searchAssets, 'engine.js'));

// PRAXIS_BIN names the binary under test: `make test` (target js-tests) builds the debug binary
// and sets it, and then a missing binary fails every test that needs one. Run by hand without
// PRAXIS_BIN, the tests use .build/debug/praxis and warn when a source file is newer than it;
// without that binary they are skipped, with a banner saying so.
export function findPraxis() {
  if (process.env.PRAXIS_BIN !== undefined) {
    if (!process.env.PRAXIS_BIN || !existsSync(process.env.PRAXIS_BIN)) {
      throw new Error(`PRAXIS_BIN=${JSON.stringify(process.env.PRAXIS_BIN)} is not a praxis binary: build it (swift build --product praxis) or unset PRAXIS_BIN`);
    }
    return process.env.PRAXIS_BIN;
  }
  const debug = path.join(repository, '.build', 'debug', 'praxis');
  if (!existsSync(debug)) return null;
  const built = statSync(debug).mtimeMs;
  const newer = newestSource(path.join(repository, 'Sources'));
  if (newer && newer.mtimeMs > built) {
    warn(`${path.relative(repository, newer.path)} is newer than .build/debug/praxis: these tests may run an old binary (swift build --product praxis, or make js-tests)`);
  }
  return debug;
}

function newestSource(folder) {
  let newest = null;
  for (const entry of readdirSync(folder, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.swift')) continue;
    const file = path.join(entry.parentPath || entry.path, entry.name);
    const mtimeMs = statSync(file).mtimeMs;
    if (!newest || mtimeMs > newest.mtimeMs) newest = { path: file, mtimeMs };
  }
  return newest;
}

function warn(message) {
  process.stderr.write(`\n${'!'.repeat(78)}\n!! ${message}\n${'!'.repeat(78)}\n\n`);
}

export const praxis = findPraxis();
export const skipReason = praxis ? false : 'SKIPPED: no praxis binary (run `make js-tests`, which builds it, or `swift build --product praxis`)';
if (!praxis) warn(`${skipReason}: every test that builds a site is skipped, so these tests prove little`);

export function temporaryFolder(label) {
  return mkdtempSync(path.join(os.tmpdir(), `praxis-${label}-`));
}

// Copies `content/` and `site.yml` from `source` into a new folder with the default theme.
export function siteFolder(source, label) {
  const root = temporaryFolder(label);
  cpSync(path.join(source, 'content'), path.join(root, 'content'), { recursive: true });
  if (existsSync(path.join(source, 'site.yml'))) cpSync(path.join(source, 'site.yml'), path.join(root, 'site.yml'));
  cpSync(path.join(repository, 'themes', 'default'), path.join(root, 'themes', 'default'), { recursive: true });
  return root;
}

// Builds `root` into `output` (default: a new temporary folder) and returns the output folder.
export function build(root, output = path.join(temporaryFolder('site'), '_site')) {
  const result = spawnSync(praxis, ['build', '--root', root, '--output', output], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`praxis build failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  return output;
}

export function remove(folder) {
  rmSync(folder, { recursive: true, force: true });
}

// An engine that reads search/NAME.json from a built site and records what it loaded.
export function engineFor(site) {
  const folder = path.join(site, 'search');
  const loaded = [];
  const engine = new Engine(async (name) => {
    loaded.push(name);
    return JSON.parse(readFileSync(path.join(folder, name + '.json'), 'utf8'));
  });
  engine.loaded = loaded;
  engine.bytes = () => loaded.reduce((sum, name) => sum + statSync(path.join(folder, name + '.js')).size, 0);
  return engine;
}

// The output paths of the results, best first.
export async function search(site, q, filters = {}, options = {}) {
  const engine = options.engine || engineFor(site);
  return engine.search({ q, filters, page: options.page, facets: options.facets });
}
