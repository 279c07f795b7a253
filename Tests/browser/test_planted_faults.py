"""The suite catches what it is for: each test plants a fault in a copy of the site and asserts that
the same check the real tests use reports it."""
import re

import pytest

import sites
from checks import (axe_violations, crawl, keyboard_problems, nu_problems, overflow_problems,
                    static_link_problems, text_size_problems)
from serve import SubPathServer
from sites import Location

# A 404 page override (a site-level template, as README.md "Themes" describes) with one of each fault
# the browser checks look for. Each test below asserts its own fault is reported.
FAULTY_404 = """{{> partials/head}}
<h1>Page not found</h1>
<p><img src="{{root}}no-alt.png"></p>
<p><label>Named field <input type="text" name="named"></label> <input type="text" name="unnamed"></p>
<p style="color:#b3b3b3">Light grey text on white: too little contrast.</p>
<p style="font-size:10px">Tiny text.</p>
<div style="width:900px">A box wider than a phone.</div>
<p><a href="{{home_url}}" tabindex="3">Jumps the tab order</a> <a href="{{home_url}}" style="outline:none">No focus ring</a></p>
<div id="main">A second element with the id of main.</div>
{{> partials/foot}}
"""


def _insert_into_main(page, html: str) -> None:
    text = page.read_text(encoding="utf-8")
    marker = re.search(r"<main[^>]*>", text)
    page.write_text(text[:marker.end()] + html + text[marker.end():], encoding="utf-8")


@pytest.fixture(scope="module")
def faulty(praxis_bin, tmp_path_factory):
    """The starter project with FAULTY_404 as templates/404.mustache, built and served at a sub-path."""
    root = tmp_path_factory.mktemp("faulty")
    project = sites.copy_project(root / "project")
    (project / "templates").mkdir(exist_ok=True)
    (project / "templates" / "404.mustache").write_text(FAULTY_404, encoding="utf-8")
    built = sites.build(project)
    with SubPathServer(built.out, root) as base:
        yield built, Location(built.out, base)


# ----- links and loads -----

def test_a_broken_link_a_missing_anchor_a_folder_link_and_a_missing_image_are_caught(starter, site_copy, offline_browser):
    out = site_copy(starter)
    _insert_into_main(out / "404.html", """
<p><a href="no-such-entry/index.html">gone</a> <a href="lessons/index.html#no-such-heading">gone anchor</a>
<a href="practices/">a folder</a> <img src="no-such-image.png" alt="Missing picture"></p>
<script>throw new Error("planted script error")</script>""")

    static = "\n".join(static_link_problems(out))
    assert '404.html:30: <a href="no-such-entry/index.html">: no such file' in static
    assert 'no element with id "no-such-heading" in lessons/index.html' in static
    assert '<a href="practices/">: names a folder' in static
    assert '<img src="no-such-image.png">: no such file' in static

    report = crawl(offline_browser, Location.on_disk(out), starts=["404.html"], limit=12)
    found = "\n".join(report.problems)
    assert "no-such-entry/index.html: page did not open (net::ERR_FILE_NOT_FOUND)" in found
    assert "practices/: a directory listing, not a page" in found
    assert "404.html: link to a missing #no-such-heading in lessons/index.html" in found
    assert "404.html: image did not load" in found
    assert "404.html: could not load no-such-image.png" in found
    assert "console error" in found and "planted script error" in found


def test_a_missing_stylesheet_is_caught(starter, site_copy, offline_browser):
    out = site_copy(starter)
    (out / "assets" / "style.css").unlink()
    report = crawl(offline_browser, Location.on_disk(out), starts=["index.html"], follow=False)
    assert "index.html: stylesheet did not load" in "\n".join(report.problems)
    assert "index.html: no stylesheet loaded" in report.problems


def test_a_request_to_another_host_is_blocked_and_caught(starter, site_copy, offline_browser):
    out = site_copy(starter)
    page = out / "404.html"
    text = page.read_text(encoding="utf-8").replace(
        "</head>", '<link rel="stylesheet" href="https://cdn.example.com/x.css">\n'
                   '<script src="//example.org/tracker.js"></script>\n</head>', 1)
    page.write_text(text, encoding="utf-8")
    _insert_into_main(page, '<img src="https://example.com/logo.png" alt="Logo">')

    static = "\n".join(static_link_problems(out))
    for url in ("https://cdn.example.com/x.css", "//example.org/tracker.js", "https://example.com/logo.png"):
        assert f'="{url}">: loads a resource from another host' in static

    report = crawl(offline_browser, Location.on_disk(out), starts=["404.html"], follow=False)
    found = "\n".join(report.problems)
    for url in ("https://cdn.example.com/x.css", "https://example.com/logo.png"):
        assert f"404.html: request outside the site folder (blocked): {url}" in found


def test_a_request_outside_the_sub_path_is_caught(starter, site_copy, browser, tmp_path):
    out = site_copy(starter)
    _insert_into_main(out / "404.html", '<img src="../../../shared-logo.png" alt="Logo"> '
                                        '<a href="../../../elsewhere.html">elsewhere</a>')
    with SubPathServer(out, tmp_path) as base:
        report = crawl(browser, Location(out, base), starts=["404.html"], follow=False)
    found = "\n".join(report.problems)
    assert "404.html: request outside the site folder" in found and "/shared-logo.png" in found
    assert "404.html: link leads outside the site's sub-path" in found


# ----- accessibility -----

@pytest.mark.parametrize("rule", ["image-alt", "label", "color-contrast"])
def test_an_axe_violation_is_caught(rule, faulty, browser):
    built, location = faulty
    browser.open(location.url("404.html"))
    violations = {v["id"]: v for v in axe_violations(browser)}
    assert rule in violations, sorted(violations)
    if rule == "label":  # the labelled field passes; only the unlabelled one is reported
        assert [n["target"] for n in violations[rule]["nodes"]] == [['input[name="unnamed"]']]


def test_a_content_image_without_alt_text_is_a_check_warning(planted):
    bundle = next(p for p in sorted((sites.PROJECT / "content").rglob("index.md"))
                  if any(f.suffix in (".svg", ".png", ".jpg") for f in p.parent.iterdir()))
    image = next(f.name for f in sorted(bundle.parent.iterdir()) if f.suffix in (".svg", ".png", ".jpg"))
    rel = str(bundle.relative_to(sites.PROJECT))
    lines = bundle.read_text(encoding="utf-8").rstrip("\n").split("\n")
    line = len(lines) + 2
    project = planted(edit={rel: lambda text: text.rstrip("\n") + f"\n\n![]({image})\n"}, build=False).project

    result = sites.check(project)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output  # a warning, not an error
    assert re.search(rf"{re.escape(rel)}:{line}:1: warning: image has no alternative text", output), output


# ----- valid HTML -----

def test_invalid_html_is_caught(faulty):
    built, _ = faulty
    problems = "\n".join(nu_problems([built.out / "404.html"]))
    assert 'Duplicate ID "main"' in problems


# ----- layout -----

def test_a_page_wider_than_a_phone_is_caught(faulty, browser):
    built, location = faulty
    browser.emulate(width=375)
    browser.open(location.url("404.html"))
    problems = overflow_problems(browser, "404.html")
    assert len(problems) == 1 and "in a 375 px viewport" in problems[0] and "div" in problems[0]


def test_tiny_text_is_caught(faulty, browser):
    built, location = faulty
    browser.emulate(width=375)
    browser.open(location.url("404.html"))
    problems = text_size_problems(browser, "404.html")
    assert any('tiny text p. "Tiny text.": 10px' in p for p in problems), problems


# ----- keyboard -----

def test_a_positive_tabindex_and_a_missing_focus_ring_are_caught(faulty, browser):
    built, location = faulty
    browser.emulate(motion="reduce")
    browser.open(location.url("404.html"))
    nav = len(browser.find(".site-nav a"))
    problems = "\n".join(keyboard_problems(
        browser, "404.html", [".skip-link", ".site-title", *[".site-nav a"] * nav, ".site-search input"]))
    assert "1 element(s) with a positive tabindex" in problems
    assert 'tab stop 1 is a. "Jumps the tab order"' in problems
    assert 'no visible focus indicator on a. "No focus ring"' in problems
