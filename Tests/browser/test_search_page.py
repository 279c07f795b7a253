"""The search page as a reader uses it, through the real client in Chromium: without JavaScript,
through back, forward and reload, with the keyboard alone while results, filters and result pages
are on screen, with addresses it does not understand, with long queries, and with text enlarged
to 200 %. Every assertion is about what the page shows or where focus is."""
from __future__ import annotations

import pytest
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from checks import keyboard_problems, overflow_problems, wait_for_search_results
from sites import search_client_present

BROAD = "knowledge"  # more than one page of results on the starter content, with every facet open
PAGE = "search/index.html"


@pytest.fixture
def client(starter):
    if not search_client_present(starter.out):
        pytest.skip("search client not present")


def status(browser) -> str:
    return browser.script("return document.getElementById('search-status').textContent;")


def wait_for_status(browser, predicate, timeout: float = 10) -> str:
    try:
        WebDriverWait(browser.driver, timeout).until(lambda d: predicate(status(browser)))
    except Exception:  # noqa: BLE001 - the assertion below shows what the page said instead
        pass
    return status(browser)


def results(browser) -> list[str]:
    return browser.script("return Array.from(document.querySelectorAll('#search-results h2 a'), a => a.getAttribute('href'));")


def checked(browser) -> list[str]:
    return browser.script("return Array.from(document.querySelectorAll('#search-filters input:checked'), i => i.id);")


def visible(browser, css: str) -> bool:
    return browser.script("const e = document.querySelector(arguments[0]);"
                          "return !!e && e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden';", css)


def test_without_javascript_the_page_says_so_links_to_listings_and_offers_no_dead_form(client, starter, starter_hosted, browser):
    browser.cdp("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        browser.open(starter_hosted.url(PAGE + "?q=cloud"))
        text = browser.script("return document.querySelector('main').innerText;")
        assert "Search needs JavaScript" in text, text
        links = browser.script("return Array.from(document.querySelectorAll('main a[href]'))"
                               ".filter(a => a.getClientRects().length > 0).map(a => [a.textContent.trim(), a.href]);")
        listed = {label: href for label, href in links}
        for label, folder in [("Practices", "practices"), ("Case studies", "case-studies"), ("Lessons learned", "lessons")]:
            assert label in listed, f"no visible link to {label}: {links}"
            assert (starter.out / starter_hosted.relative(listed[label])).is_file(), listed[label]
        assert not visible(browser, "#search-form"), "a search box that cannot search is shown"
        assert not visible(browser, "#search-help"), "help text promising results as you type is shown"
        assert results(browser) == []
    finally:
        browser.cdp("Emulation.setScriptExecutionDisabled", {"value": False})


def test_back_forward_and_reload_keep_the_words_the_results_and_the_filters(client, starter_hosted, browser):
    browser.open(starter_hosted.url(PAGE))
    box = browser.find("#search-q")[0]
    box.send_keys("cloud", Keys.ENTER)
    first = wait_for_status(browser, lambda s: s.startswith(("1 result", "2 ", "3 ", "4 ", "5 ", "6 ", "7 ", "8 ", "9 ")) or "results for" in s)
    assert "for “cloud”" in first, first
    cloud_results = results(browser)
    assert cloud_results
    # A filter that narrows the results: the first value of Kind.
    browser.find("#search-filters input[type=checkbox]")[0].click()
    filtered = wait_for_status(browser, lambda s: "with the chosen filters" in s)
    assert "with the chosen filters" in filtered, filtered
    filtered_results, filtered_boxes = results(browser), checked(browser)
    assert filtered_boxes and filtered_results != cloud_results
    filtered_url = browser.driver.current_url

    browser.driver.back()
    back = wait_for_status(browser, lambda s: "with the chosen filters" not in s and "cloud" in s)
    assert back == first and results(browser) == cloud_results and checked(browser) == []
    assert browser.find("#search-q")[0].get_attribute("value") == "cloud"

    browser.driver.forward()
    forward = wait_for_status(browser, lambda s: "with the chosen filters" in s)
    assert forward == filtered and results(browser) == filtered_results and checked(browser) == filtered_boxes
    assert browser.driver.current_url == filtered_url

    browser.driver.refresh()
    reloaded = wait_for_status(browser, lambda s: "with the chosen filters" in s)
    assert reloaded == filtered and results(browser) == filtered_results and checked(browser) == filtered_boxes
    assert browser.find("#search-q")[0].get_attribute("value") == "cloud"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_with_results_filters_and_pages_tab_follows_the_page_and_reaches_every_control(client, scheme, starter_hosted, browser):
    browser.emulate(scheme=scheme, motion="reduce")
    browser.open(starter_hosted.url(f"{PAGE}?q={BROAD}"))
    assert wait_for_search_results(browser) == 10
    assert browser.find("#search-pages a[rel=next]"), "no second page of results"
    assert browser.find("#search-filters details[open] input[type=checkbox]"), "no filters open"
    nav = len(browser.find(".site-nav a"))
    start = [".skip-link", ".site-title", *[".site-nav a"] * nav, ".site-search input", ".site-search button",
             "#search-q", "#search-form button", "#search-results a"]
    problems = keyboard_problems(browser, f"{PAGE}?q={BROAD}", start)
    assert not problems, "\n".join(problems)


def test_arrows_move_through_the_results_and_enter_opens_one(client, starter_hosted, browser):
    browser.emulate(motion="reduce")
    browser.open(starter_hosted.url(f"{PAGE}?q={BROAD}"))
    assert wait_for_search_results(browser) == 10
    hrefs = results(browser)
    browser.find("#search-q")[0].click()
    focus = lambda: browser.script("const a = document.activeElement; return a.id || a.getAttribute('href');")  # noqa: E731
    steps = []
    for key in [Keys.ARROW_DOWN, Keys.ARROW_DOWN, Keys.ARROW_DOWN, Keys.ARROW_UP]:
        browser.press(key)
        steps.append(focus())
    assert steps == [hrefs[0], hrefs[1], hrefs[2], hrefs[1]]
    browser.press(Keys.ESCAPE)
    assert focus() == "search-q"
    browser.press(Keys.ARROW_DOWN)
    browser.press(Keys.ARROW_DOWN)
    browser.press(Keys.ENTER)
    WebDriverWait(browser.driver, 10).until(lambda d: "/search/" not in d.current_url)
    assert browser.driver.current_url.split("#")[0].endswith(hrefs[1].split("#")[0].replace("../", "")), browser.driver.current_url


def test_slash_goes_back_to_the_box_from_a_filter_checkbox_but_not_from_the_box(client, starter_hosted, browser):
    browser.open(starter_hosted.url(f"{PAGE}?q={BROAD}"))
    assert wait_for_search_results(browser) > 0
    box = browser.find("#search-filters input[type=checkbox]")[0]
    browser.script("arguments[0].focus();", box)
    browser.press("/")
    assert browser.script("return document.activeElement.id;") == "search-q"
    assert not checked(browser), "the key did not toggle the checkbox"
    browser.press(Keys.END)
    browser.press("/")
    assert browser.find("#search-q")[0].get_attribute("value") == BROAD + "/", "typing / in the box types it"


@pytest.mark.parametrize("query", ["utm_source=newsletter", "sectors=nonexistent", "utm_source=x&page=2&foo="])
def test_an_address_without_words_or_known_filters_asks_for_words(client, query, starter_hosted, browser):
    browser.open(starter_hosted.url(f"{PAGE}?{query}"))
    said = wait_for_status(browser, lambda s: bool(s))
    assert said.startswith("Type words to search."), said
    assert results(browser) == [] and checked(browser) == []
    if "nonexistent" in query:
        assert "“nonexistent”" in said and "ignored" in said, said


def test_a_known_filter_beside_an_unknown_one_lists_its_documents_and_names_the_other(client, starter_hosted, browser):
    browser.open(starter_hosted.url(f"{PAGE}?kind=practice&kind=no-such-kind&utm_source=x"))
    said = wait_for_status(browser, lambda s: "with the chosen filters" in s)
    assert "results with the chosen filters" in said and "“no-such-kind”" in said, said
    assert results(browser) and all(h.startswith("../practices/") for h in results(browser))
    assert checked(browser) == ["filter-kind-practice"]


def test_a_pasted_paragraph_searches_its_first_words_and_says_so(client, starter_hosted, browser):
    words = "knowledge management in south african government departments needs registers skills banks and reviews"
    browser.open(starter_hosted.url(PAGE))
    browser.find("#search-q")[0].send_keys(words, Keys.ENTER)
    said = wait_for_status(browser, lambda s: "Only the first" in s)
    assert said.endswith("Only the first 8 words were searched for; left out: skills banks reviews."), said


@pytest.mark.parametrize("width", [1280, 768])
def test_text_at_200_percent_fits_the_page(client, width, starter_hosted, browser):
    browser.emulate(width=width)
    browser.open(starter_hosted.url(f"{PAGE}?q={BROAD}"))
    assert wait_for_search_results(browser) > 0
    normal = browser.script("return parseFloat(getComputedStyle(document.querySelector('.search-result-title')).fontSize);")
    browser.cdp("Page.setFontSizes", {"fontSizes": {"standard": 32, "fixed": 26}})
    try:
        browser.open(starter_hosted.url(f"{PAGE}?q={BROAD}"))
        assert wait_for_search_results(browser) > 0
        enlarged = browser.script("return parseFloat(getComputedStyle(document.querySelector('.search-result-title')).fontSize);")
        assert enlarged >= 1.8 * normal, f"text did not grow with the reader's setting: {normal} px → {enlarged} px"
        problems = overflow_problems(browser, PAGE)
        clipped = browser.script(r"""
          const out = [];
          for (const e of document.querySelectorAll('#search-app *')) {
            if (!e.getClientRects().length || e.closest('noscript, .visually-hidden')) continue;
            const box = e.getBoundingClientRect(), parent = e.parentElement.getBoundingClientRect();
            if (e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'visible')
              out.push(e.tagName + '.' + e.className + ' clips its text');
            if (box.right > parent.right + 1 && getComputedStyle(e.parentElement).overflowX === 'visible')
              out.push(e.tagName + '.' + e.className + ' "' + e.textContent.trim().slice(0, 30) + '" sticks out of ' + e.parentElement.className);
          }
          return out.slice(0, 10);""")
        assert not problems + clipped, "\n".join(problems + clipped)
    finally:
        browser.cdp("Page.setFontSizes", {"fontSizes": {"standard": 16, "fixed": 13}})


def open_every_facet(browser) -> None:
    """Opens the filter groups the page left closed (their values load when opened) and shows all
    their values. Each step redraws the filters, so each is looked up afresh."""
    for css in ["#search-filters details:not([open]) > summary", ".search-facet-more"]:
        for _ in range(40):
            found = [e for e in browser.find(css) if css.startswith("#") or e.text.startswith("Show all")]
            if not found:
                break
            browser.script("arguments[0].click();", found[0])
            WebDriverWait(browser.driver, 10).until(lambda d: not browser.find(".search-facet-loading"))


def test_facet_counts_never_break_across_lines_at_desktop_width(client, starter_hosted, browser):
    browser.emulate(width=1280)
    browser.open(starter_hosted.url(f"{PAGE}?q={BROAD}"))
    assert wait_for_search_results(browser) > 0
    open_every_facet(browser)
    broken = browser.script(r"""
      return Array.from(document.querySelectorAll('.search-facet-count'))
        .filter(c => c.getClientRects().length > 1 || c.getBoundingClientRect().height > 1.6 * parseFloat(getComputedStyle(c).lineHeight || 20))
        .map(c => c.parentElement.textContent.trim());""")
    assert broken == [], broken
    values = browser.script("return Array.from(document.querySelectorAll('#search-filters label'), l => l.textContent);")
    assert any("interagency-collaboration" in v for v in values), values
