// The search page in headless Chromium, opened from disk (file://), where browsers refuse
// fetch and XHR: the page must load the index through <script> tags and show results.
// Run by hand, skipped with a message when Chromium or the praxis binary is missing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, remove, repository, siteFolder, skipReason, temporaryFolder } from './support/search-site.mjs';

const chromium = ['chromium', 'chromium-browser', 'google-chrome'].find((name) => spawnSync(name, ['--version']).status === 0);
// Run by hand, a missing Chromium skips these tests; under `make test` (PRAXIS_BIN set) it fails them.
const skip = skipReason || (!chromium && !process.env.PRAXIS_BIN && 'SKIPPED: Chromium is not installed (apt-get install chromium)');
let root, site, profile;

before(() => {
  if (skip) return;
  assert.ok(chromium, 'Chromium is not installed (apt-get install chromium; `make` installs it when run as root)');
  root = siteFolder(path.join(repository, 'Tests', 'fixtures', 'search', 'mini'), 'search-browser');
  // A title that would run code if the page ever put index data into innerHTML.
  mkdirSync(path.join(root, 'content', 'lessons'), { recursive: true });
  writeFileSync(path.join(root, 'content', 'lessons', 'markup.md'), [
    '---', 'title: "Hosting <img src=x onerror=\\"document.title=\'pwned\'\\"> tricks"',
    'summary: "A <b>summary</b> about hosting."', 'date: 2025-01-01', '---', 'Hosting text.', '',
  ].join('\n'));
  site = build(root);
  profile = temporaryFolder('chromium-profile');
});
after(() => [root, site && path.dirname(site), profile].filter(Boolean).forEach(remove));

// The page's DOM after its scripts ran, as Chromium serialises it.
function dom(file, query = '') {
  const url = pathToFileURL(path.join(site, file)).href + query;
  const result = spawnSync(chromium, [
    '--headless', '--no-sandbox', '--disable-gpu', `--user-data-dir=${profile}`,
    '--virtual-time-budget=10000', '--dump-dom', url,
  ], { encoding: 'utf8', timeout: 90000 });
  assert.equal(result.status, 0, result.stderr);
  return result.stdout;
}

const status = (html) => (/<p id="search-status"[^>]*>([^<]*)<\/p>/.exec(html) || [])[1];
const resultLinks = (html) => [...html.matchAll(/<h2 class="search-result-title"><a href="([^"]+)"/g)].map((m) => m[1]);

test('a search opened from disk finds and marks results', { skip }, () => {
  const html = dom('search/index.html', '?q=cloud');
  assert.equal(status(html), '3 results for “cloud”.');
  assert.equal(resultLinks(html)[0], '../practices/cloud-migration/index.html');
  assert.match(html, /<mark>Cloud<\/mark> migration/);
  assert.match(html, /<input id="search-q"[^>]*>/);
});

test('filters and phrases come from the address', { skip }, () => {
  const filtered = dom('search/index.html', '?q=cloud&sectors=finance');
  // records-management says “cloud” only in a section: the link opens there.
  assert.deepEqual(resultLinks(filtered).sort(), ['../lessons/migrating-too-fast/index.html', '../practices/records-management/index.html#digitising']);
  assert.match(filtered, /id="filter-sectors-finance" checked=""|id="filter-sectors-finance"[^>]*checked/);
  const phrase = dom('search/index.html', '?q=%22cloud%20migration%22');
  assert.deepEqual(resultLinks(phrase), ['../practices/cloud-migration/index.html']);
});

test('index data is shown as text, never as markup', { skip }, () => {
  const html = dom('search/index.html', '?q=tricks');
  assert.equal(status(html), '1 result for “tricks”.');
  assert.match(html, /Hosting &lt;img src=x onerror="document.title='pwned'"&gt; <mark>tricks<\/mark>/);
  assert.doesNotMatch(html, /<title>pwned/);
  assert.doesNotMatch(html, /<img src="x"/);
});

test('the keyboard alone moves from the box through the results and back', { skip }, () => {
  // The search page plus a script that presses keys once results are on screen.
  const page = readFileSync(path.join(site, 'search', 'index.html'), 'utf8').replace('</body>', `<script>
    function press(target, key) { target.dispatchEvent(new KeyboardEvent('keydown', { key: key, bubbles: true, cancelable: true })); }
    function id() { var a = document.activeElement; return a.id || a.getAttribute('href') || a.tagName; }
    var steps = [];
    setTimeout(function () {
      document.body.focus();
      press(document.body, '/'); steps.push(id());
      press(document.activeElement, 'ArrowDown'); steps.push(id());
      press(document.activeElement, 'ArrowDown'); steps.push(id());
      press(document.activeElement, 'ArrowUp'); steps.push(id());
      press(document.activeElement, 'Escape'); steps.push(id());
      var report = document.createElement('pre'); report.id = 'report'; report.textContent = steps.join(' ');
      document.body.appendChild(report);
    }, 3000);
  </script></body>`);
  writeFileSync(path.join(site, 'search', 'keyboard-test.html'), page);
  const html = dom('search/keyboard-test.html', '?q=cloud');
  const steps = (/<pre id="report">([^<]*)<\/pre>/.exec(html) || [])[1];
  const [first, second] = resultLinks(html);
  assert.equal(steps, ['search-q', first, second, first, 'search-q'].join(' '));
  assert.match(html, /role="status" aria-live="polite"/);
});
