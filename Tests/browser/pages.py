"""Named pages of a built site, found from its output so the tests follow the content as it changes."""
from __future__ import annotations

from sites import SiteMap

# Every page type the theme renders.
PAGE_TYPES = ["home", "practices listing", "case studies listing", "lessons listing", "practice",
              "case study", "lesson", "taxonomy index", "term page", "paginated listing", "browse",
              "404", "search"]


def page_path(site: SiteMap, name: str) -> str:
    """The output path of the page called `name` in PAGE_TYPES."""
    fixed = {"home": "index.html", "404": "404.html", "search": "search/index.html", "browse": "browse/index.html",
             "practices listing": "practices/index.html", "case studies listing": "case-studies/index.html",
             "lessons listing": "lessons/index.html"}
    if name in fixed:
        return fixed[name]
    if name in ("practice", "case study", "lesson"):
        return site.richest_document({"practice": "practices", "case study": "case-studies", "lesson": "lessons"}[name])
    if name == "taxonomy index":
        return site.taxonomy_indexes()[0]
    if name == "term page":
        terms = site.term_pages(site.taxonomy_indexes()[0])
        return max(terms, key=lambda t: ((site.out / t).stat().st_size, t))
    if name == "paginated listing":
        page = site.paginated_page()
        if page is None:
            raise LookupError("no listing has a second page")
        return page
    raise KeyError(name)
