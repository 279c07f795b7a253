"""Fixtures: the praxis binary, the sites it builds, one headless Chromium, a sub-path web server.

Sites are built once per run (session fixtures) into pytest's temporary folder; screenshots go to
test-output/screenshots/ (or $PRAXIS_TEST_OUTPUT/screenshots/).
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

import sites
from browser import Browser, start_browser
from serve import SubPathServer
from sites import Location


def pytest_configure(config):
    config.addinivalue_line("markers", "corpus: runs on the generated ~1,000-document corpus")


@pytest.fixture(scope="session")
def praxis_bin() -> Path:
    try:
        return sites.praxis_binary()
    except FileNotFoundError as error:
        pytest.exit(str(error), returncode=2)


@pytest.fixture(scope="session")
def output_dir() -> Path:
    path = Path(os.environ.get("PRAXIS_TEST_OUTPUT") or sites.REPO / "test-output")
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(scope="session")
def starter(praxis_bin, tmp_path_factory) -> sites.Built:
    """The repository's own content, site.yml and theme, built by the real binary."""
    project = sites.copy_project(tmp_path_factory.mktemp("starter") / "project")
    return sites.build(project)


@pytest.fixture(scope="session")
def corpus(praxis_bin, tmp_path_factory) -> sites.Built:
    """A generated corpus (~1,000 documents; $PRAXIS_CORPUS_DOCS changes it) with the repository's theme."""
    docs = int(os.environ.get("PRAXIS_CORPUS_DOCS", "1000"))
    project = sites.generate_corpus(tmp_path_factory.mktemp("corpus") / "project", docs)
    return sites.build(project)


@pytest.fixture(scope="session")
def starter_map(starter) -> sites.SiteMap:
    return sites.SiteMap(starter.out)


@pytest.fixture(scope="session")
def starter_on_disk(starter) -> Location:
    return Location.on_disk(starter.out)


@pytest.fixture(scope="session")
def starter_hosted(starter, tmp_path_factory):
    with SubPathServer(starter.out, tmp_path_factory.mktemp("www-starter")) as base:
        yield Location(starter.out, base)


@pytest.fixture(scope="session")
def corpus_hosted(corpus, tmp_path_factory):
    with SubPathServer(corpus.out, tmp_path_factory.mktemp("www-corpus")) as base:
        yield Location(corpus.out, base)


@pytest.fixture(scope="session")
def _driver():
    browser = start_browser(block_http=False)
    yield browser.driver
    browser.driver.quit()


@pytest.fixture
def browser(_driver) -> Browser:
    """The browser at desktop size, light scheme, screen media; http(s) allowed (for the local server)."""
    b = Browser(_driver, block_http=False)
    b.reset()
    yield b
    b.reset()


@pytest.fixture
def offline_browser(_driver) -> Browser:
    """The same browser with every http(s) request blocked: for sites opened from disk."""
    b = Browser(_driver, block_http=True)
    b.reset()
    yield b
    b.block_http = False
    b.reset()


@pytest.fixture
def planted(praxis_bin, tmp_path):
    """`planted(files={path: text}, edit={path: fn}) -> Built`: a copy of the repository's project with
    files added or edited, built by the real binary. For tests that plant a fault."""
    def make(files: dict[str, str] | None = None, edit: dict | None = None, build: bool = True):
        project = sites.copy_project(tmp_path / "project")
        for rel, text in (files or {}).items():
            (project / rel).parent.mkdir(parents=True, exist_ok=True)
            (project / rel).write_text(text, encoding="utf-8")
        for rel, change in (edit or {}).items():
            path = project / rel
            path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
        return sites.build(project) if build else sites.Built(project, project / "_site", "")
    return make


@pytest.fixture
def site_copy(tmp_path):
    """`site_copy(built, name) -> Path`: a copy of a built site's output folder, to plant faults in."""
    def make(built: sites.Built, name: str = "copy") -> Path:
        dest = tmp_path / name
        shutil.copytree(built.out, dest)
        return dest
    return make


@pytest.fixture
def assert_accessible(browser):
    """`assert_accessible(page)`: zero axe violations at WCAG 2.1 AA on the open page; xfails, naming
    them, when the only violations are checks.KNOWN_AXE_ISSUES."""
    from checks import axe_verdict

    def check(page: str, on: Browser | None = None):
        problems, known = axe_verdict(on or browser, page)
        assert not problems, "\n".join(problems + known)
        if known:
            pytest.xfail("; ".join(known))
    return check
