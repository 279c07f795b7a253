"""From a web host: the built folder served by a plain static server at /some/sub/path/."""
import urllib.error
import urllib.request

from checks import crawl, page_problems
from sites import html_pages


def test_every_page_opens_at_a_sub_path(starter, starter_hosted, browser):
    report = crawl(browser, starter_hosted)
    assert not report.problems, "\n".join(report.problems)
    assert set(report.visited) == {str(p.relative_to(starter.out)) for p in html_pages(starter.out)}


def test_the_404_page_works_for_a_missing_top_level_address(starter_hosted, browser):
    missing = starter_hosted.url("no-such-page.html")
    try:
        urllib.request.urlopen(missing, timeout=10)
        raise AssertionError("the server answered a missing page with success")
    except urllib.error.HTTPError as error:
        assert error.code == 404
    load = browser.open(missing)
    # The host answers 404 on purpose; everything else about the page must be right.
    problems = [p for p in page_problems(load, starter_hosted)
                if "page answered HTTP 404" not in p and not p.endswith("(Not Found)")]
    assert not problems, "\n".join(problems)
    assert load.facts["title"].startswith("Page not found")
    assert starter_hosted.url("index.html") in load.links
