// The harness of these tests (support/search-site.mjs) must never let them pass without testing
// anything: under `make test` PRAXIS_BIN names the binary, and a wrong one fails; by hand, the
// debug build is used (never a newer binary from another build folder); with no binary at all
// the site tests are skipped, and say so on stderr.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { remove, repository, temporaryFolder } from './support/search-site.mjs';

// Imports a copy of the support module in a fake repository and prints what it chose.
function choose(setup, env) {
  const fake = temporaryFolder('harness');
  try {
    mkdirSync(path.join(fake, 'Tests', 'js'), { recursive: true });
    cpSync(path.join(repository, 'Tests', 'js', 'support'), path.join(fake, 'Tests', 'js', 'support'), { recursive: true });
    cpSync(path.join(repository, 'themes', 'default', 'assets', 'search'), path.join(fake, 'themes', 'default', 'assets', 'search'), { recursive: true });
    mkdirSync(path.join(fake, 'Sources'), { recursive: true });
    writeFileSync(path.join(fake, 'Sources', 'A.swift'), '');
    utimesSync(path.join(fake, 'Sources', 'A.swift'), new Date(2000, 0, 1), new Date(2000, 0, 1));
    setup(fake);
    const script = `import(${JSON.stringify(path.join(fake, 'Tests', 'js', 'support', 'search-site.mjs'))})` +
      '.then((m) => console.log(JSON.stringify({ praxis: m.praxis, skip: m.skipReason })), (e) => { console.log(JSON.stringify({ error: e.message })); })';
    const environment = { ...process.env, ...env };
    if (env.PRAXIS_BIN === undefined) delete environment.PRAXIS_BIN;
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', env: environment });
    return { ...JSON.parse(result.stdout.trim().split('\n').pop()), stderr: result.stderr, fake };
  } finally {
    remove(fake);
  }
}

function binary(fake, folder, date) {
  const file = path.join(fake, folder, 'debug', 'praxis');
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, '');
  utimesSync(file, date, date);
}

test('by hand, the debug build is tested, not a newer binary in another build folder', () => {
  const chosen = choose((fake) => {
    binary(fake, '.build', new Date(2020, 0, 1));
    binary(fake, '.build-search', new Date(2024, 0, 1));
  }, { PRAXIS_BIN: undefined });
  assert.equal(chosen.praxis, path.join(chosen.fake, '.build', 'debug', 'praxis'));
  assert.equal(chosen.skip, false);
});

test('PRAXIS_BIN is what is tested, and one that names no binary fails instead of skipping', () => {
  const named = choose((fake) => binary(fake, '.build', new Date(2020, 0, 1)), { PRAXIS_BIN: '/bin/true' });
  assert.equal(named.praxis, '/bin/true');
  const missing = choose(() => {}, { PRAXIS_BIN: '/no/such/praxis' });
  assert.match(missing.error || '', /PRAXIS_BIN="\/no\/such\/praxis" is not a praxis binary/);
});

test('with no binary and no PRAXIS_BIN the site tests are skipped, loudly', () => {
  const none = choose(() => {}, { PRAXIS_BIN: undefined });
  assert.equal(none.praxis, null);
  assert.match(none.skip, /^SKIPPED: no praxis binary/);
  assert.match(none.stderr, /!!+\n!! SKIPPED: no praxis binary/);
});

test('a binary older than the sources is named on stderr', () => {
  const stale = choose((fake) => {
    binary(fake, '.build', new Date(2020, 0, 1));
    utimesSync(path.join(fake, 'Sources', 'A.swift'), new Date(2022, 0, 1), new Date(2022, 0, 1));
  }, { PRAXIS_BIN: undefined });
  assert.match(stale.stderr, /Sources\/A\.swift is newer than \.build\/debug\/praxis/);
});
