"""The generated corpus (~1,000 documents, ~1,500 pages): every reference of every page is checked
statically; a deterministic sample of pages is opened in the browser from disk (at phone width) and
at a sub-path (at desktop width); every page is run through the Nu HTML Checker; axe-core runs on
each page type."""
import pytest

from checks import crawl, nu_problems, overflow_problems, page_problems, static_link_problems, wait_for_search_results
from pages import page_path
from sites import Location, SiteMap, html_pages

pytestmark = pytest.mark.corpus

DISK_SAMPLE = 300
HOSTED_SAMPLE = 120


@pytest.fixture(scope="module")
def corpus_map(corpus) -> SiteMap:
    return SiteMap(corpus.out)


def test_the_corpus_is_as_large_as_asked(corpus):
    assert len(html_pages(corpus.out)) > 1000


def test_every_reference_of_every_page_names_a_file_that_exists(corpus):
    problems = static_link_problems(corpus.out)
    assert not problems, "\n".join(problems[:50])


def test_a_sample_opens_from_disk_on_a_phone(corpus, corpus_map, offline_browser):
    offline_browser.emulate(width=375)
    sample = corpus_map.sample(DISK_SAMPLE)
    report = crawl(offline_browser, Location.on_disk(corpus.out), starts=sample, follow=False,
                   also=overflow_problems)
    assert len(report.visited) == len(sample)
    assert not report.problems, "\n".join(report.problems[:50])


def test_a_sample_opens_at_a_sub_path(corpus_map, corpus_hosted, browser):
    sample = corpus_map.sample(HOSTED_SAMPLE, seed=6)
    report = crawl(browser, corpus_hosted, starts=sample, follow=False, also=overflow_problems)
    assert not report.problems, "\n".join(report.problems[:50])


def test_every_page_is_valid_html(corpus):
    problems = nu_problems(html_pages(corpus.out))
    assert not problems, "\n".join(problems[:50])


@pytest.mark.parametrize("width,scheme", [(1280, "light"), (375, "dark")])
@pytest.mark.parametrize("name", ["home", "practice", "case study", "lesson", "term page", "paginated listing"])
def test_page_types_have_no_axe_violations(name, width, scheme, corpus_map, corpus_hosted, browser, assert_accessible):
    page = page_path(corpus_map, name)
    browser.emulate(width=width, scheme=scheme)
    browser.open(corpus_hosted.url(page))
    assert_accessible(page)


SEARCHES = ["q=cloud+migration", "q=emergency+response&tags=open-data", "tags=open-data&regions=estonia", "q=xloud"]


@pytest.mark.parametrize("query", SEARCHES)
def test_search_shows_results_from_disk(query, corpus, offline_browser):
    """The search page of the large site, opened from disk with no network, finds documents: words,
    a filter on the largest facet (loaded a shard at a time), filters alone, a typo."""
    offline_browser.emulate(width=375)
    location = Location.on_disk(corpus.out)
    load = offline_browser.open(location.url(f"search/index.html?{query}"))
    assert wait_for_search_results(offline_browser) > 0, f"no results for {query} from file://"
    offline_browser.catch_up(load)
    problems = page_problems(load, location) + overflow_problems(offline_browser, "search/index.html?" + query)
    assert not problems, "\n".join(problems)
    said = offline_browser.script("return document.getElementById('search-status').textContent;")
    assert " results " in said and not said.startswith("No results with"), said
    if query == "q=xloud":
        assert said.startswith("No results for “xloud”.") and "with “cloud” instead" in said, said


@pytest.mark.parametrize("width,scheme", [(1280, "light"), (375, "dark")])
@pytest.mark.parametrize("query", SEARCHES[:2])
def test_search_with_results_has_no_axe_violations(query, width, scheme, corpus_hosted, browser, assert_accessible):
    browser.emulate(width=width, scheme=scheme)
    browser.open(corpus_hosted.url(f"search/index.html?{query}"))
    assert wait_for_search_results(browser) > 0
    assert_accessible("search/index.html?" + query)
