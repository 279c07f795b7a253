"""Looks right: screenshots at phone and desktop widths in light and dark, nothing scrolls sideways,
text stays readable on a phone, and print shows no navigation and prints link targets."""
import pytest

from checks import overflow_problems, print_problems, text_size_problems, wait_for_search_results
from pages import PAGE_TYPES, page_path
from sites import html_pages, search_client_present

WIDTHS = [375, 1280]
SEARCH_QUERY = "cloud"


def open_page(browser, location, site_map, name):
    """Opens a named page; the search page with a query and its results once the client exists."""
    page = page_path(site_map, name)
    if name == "search" and search_client_present(site_map.out):
        browser.open(location.url(f"{page}?q={SEARCH_QUERY}"))
        assert wait_for_search_results(browser) > 0, f"no results for {SEARCH_QUERY!r}"
    else:
        browser.open(location.url(page))
    return page


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", ["home", "case study", "search"])
def test_screenshot_fits_the_width(name, width, scheme, starter_map, starter_hosted, browser, output_dir):
    browser.emulate(width=width, scheme=scheme)
    page = open_page(browser, starter_hosted, starter_map, name)
    browser.screenshot(output_dir / "screenshots" / f"{name.replace(' ', '-')}-{width}-{scheme}.png")
    problems = overflow_problems(browser, page)
    if width < 600:
        problems += text_size_problems(browser, page)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("width", WIDTHS)
def test_no_page_scrolls_sideways(width, starter, starter_hosted, browser):
    browser.emulate(width=width)
    problems = []
    for path in html_pages(starter.out):
        page = str(path.relative_to(starter.out))
        browser.open(starter_hosted.url(page))
        problems += overflow_problems(browser, page)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", PAGE_TYPES)
def test_text_is_readable_on_a_phone(name, starter_map, starter_hosted, browser):
    browser.emulate(width=375)
    page = open_page(browser, starter_hosted, starter_map, name)
    problems = text_size_problems(browser, page)
    assert not problems, "\n".join(problems)


def test_print_has_no_navigation_and_shows_link_targets(starter_map, starter_hosted, browser):
    browser.emulate(media="print")
    problems, checked = [], 0
    for name in ["home", "practice", "case study", "lesson", "practices listing", "term page"]:
        page = page_path(starter_map, name)
        browser.open(starter_hosted.url(page))
        found, count = print_problems(browser, page)
        problems += found
        checked += count
    assert not problems, "\n".join(problems)
    assert checked > 0, "no prose link was found to check"
