"""Accessibility: axe-core at WCAG 2.1 A and AA on every page type, light and dark, desktop and phone."""
import pytest

from pages import PAGE_TYPES, page_path


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 375])
@pytest.mark.parametrize("name", PAGE_TYPES)
def test_no_axe_violations_at_wcag_21_aa(name, width, scheme, starter_map, starter_hosted, browser, assert_accessible):
    page = page_path(starter_map, name)
    browser.emulate(width=width, scheme=scheme)
    browser.open(starter_hosted.url(page))
    assert_accessible(page)
