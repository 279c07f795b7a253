"""Keyboard: a skip link first, then the header in order, every control reachable, focus always visible."""
import pytest

from checks import keyboard_problems, skip_link_problems
from pages import page_path

PAGES = ["home", "case study", "practices listing", "paginated listing", "search", "404"]


def header_order(browser) -> list[str]:
    """Skip link, site title, each navigation link, the search box and its button."""
    nav = len(browser.find(".site-nav a"))
    return [".skip-link", ".site-title", *[".site-nav a"] * nav, ".site-search input", ".site-search button"]


@pytest.mark.parametrize("name", ["home", "case study"])
def test_the_skip_link_comes_first_and_moves_focus_to_main(name, starter_map, starter_hosted, browser):
    page = page_path(starter_map, name)
    browser.emulate(motion="reduce")
    browser.open(starter_hosted.url(page))
    problems = skip_link_problems(browser, page)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", PAGES)
def test_tab_reaches_every_control_in_reading_order_with_visible_focus(name, scheme, starter_map, starter_hosted, browser):
    page = page_path(starter_map, name)
    browser.emulate(scheme=scheme, motion="reduce")
    browser.open(starter_hosted.url(page))
    problems = keyboard_problems(browser, page, header_order(browser))
    assert not problems, "\n".join(problems)


def test_tab_order_on_a_phone(starter_map, starter_hosted, browser):
    page = page_path(starter_map, "case study")
    browser.emulate(width=375, motion="reduce")
    browser.open(starter_hosted.url(page))
    problems = keyboard_problems(browser, page, header_order(browser))
    assert not problems, "\n".join(problems)
