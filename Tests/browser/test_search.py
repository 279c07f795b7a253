"""Search with results, in the browser. Skipped, with the reason "search client not present", only
until the theme ships a search client script under assets/search/ (besides the stemmer)."""
import pytest

from checks import page_problems, wait_for_search_results
from sites import Location, search_client_present

QUERY = "cloud"
EXPECTED = "case-studies/los-angeles-cloud-migration/index.html"


@pytest.fixture
def client(starter):
    if not search_client_present(starter.out):
        pytest.skip("search client not present")


def result_hrefs(browser) -> list[str]:
    return browser.script("return Array.from(document.querySelectorAll('main a[href]'))"
                          ".filter(a => !a.closest('noscript')).map(a => a.href);")


def search_box(browser):
    boxes = browser.find("main input[type=search], main input[type=text], main input:not([type])")
    return boxes[0] if boxes else browser.find("#site-search-input")[0]


def test_typing_a_query_shows_results(client, starter_hosted, browser):
    from selenium.webdriver.common.keys import Keys
    browser.open(starter_hosted.url("search/index.html"))
    box = search_box(browser)
    box.clear()
    box.send_keys(QUERY)
    box.send_keys(Keys.ENTER)
    assert wait_for_search_results(browser) > 0, f"no results after typing {QUERY!r}"
    assert any(h.split("#")[0].endswith(EXPECTED) for h in result_hrefs(browser)), result_hrefs(browser)


def test_search_from_disk_shows_results_without_network(client, starter, offline_browser):
    location = Location.on_disk(starter.out)
    load = offline_browser.open(location.url(f"search/index.html?q={QUERY}"))
    assert wait_for_search_results(offline_browser) > 0, f"no results for {QUERY!r} from file://"
    assert any(h.split("#")[0].endswith(EXPECTED) for h in result_hrefs(offline_browser))
    offline_browser.catch_up(load)  # search data is loaded by scripts after the page itself
    problems = page_problems(load, location)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 375])
def test_search_results_have_no_axe_violations(client, width, scheme, starter_hosted, browser, assert_accessible):
    browser.emulate(width=width, scheme=scheme)
    browser.open(starter_hosted.url(f"search/index.html?q={QUERY}"))
    assert wait_for_search_results(browser) > 0
    assert_accessible("search/index.html?q=" + QUERY)
