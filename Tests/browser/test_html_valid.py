"""Valid HTML: every page of the starter site passes the Nu HTML Checker with zero errors."""
from checks import nu_problems
from sites import html_pages


def test_every_starter_page_is_valid_html(starter):
    pages = html_pages(starter.out)
    assert len(pages) > 30
    problems = nu_problems(pages)
    assert not problems, "\n".join(problems)
