"""Sites under test: projects copied from the repository or generated, built by the real praxis binary."""
from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

REPO = Path(__file__).resolve().parents[2]
# The project whose content, site.yml and theme are tested: this repository unless $PRAXIS_PROJECT says.
PROJECT = Path(os.environ.get("PRAXIS_PROJECT") or REPO)
# Shared inputs (gen-corpus.py) copied into the repository: Tests/fixtures/shared/README.md.
SHARED = Path(os.environ.get("PRAXIS_SHARED") or REPO / "Tests" / "fixtures" / "shared")
KIND_FOLDERS = ("practices", "case-studies", "lessons")


def praxis_binary() -> Path:
    """The binary under test: $PRAXIS_BIN (the Makefile sets it), else the debug build."""
    path = Path(os.environ.get("PRAXIS_BIN") or REPO / ".build" / "debug" / "praxis")
    if not path.is_file():
        raise FileNotFoundError(f"praxis binary not found at {path}: run `make browser-tests` or set PRAXIS_BIN")
    return path


@dataclass
class Built:
    project: Path          # the project folder (content/, site.yml, themes/)
    out: Path              # its built site
    output: str            # what praxis printed


def copy_project(dest: Path, source: Path = PROJECT) -> Path:
    """A copy of a project's inputs (content, site.yml, themes and any site-level overrides)."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in ("content", "themes", "templates", "assets"):
        if (source / name).is_dir():
            shutil.copytree(source / name, dest / name, symlinks=True)
    shutil.copy2(source / "site.yml", dest / "site.yml")
    return dest


def generate_corpus(dest: Path, docs: int, seed: int | None = None) -> Path:
    """`gen-corpus.py` content plus the repository's theme and site.yml."""
    tool = SHARED / "tools" / "gen-corpus.py"
    args = [sys.executable, str(tool), "--docs", str(docs), "--out", str(dest)]
    if seed is not None:
        args += ["--seed", str(seed)]
    subprocess.run(args, check=True, capture_output=True, text=True)
    shutil.copytree(PROJECT / "themes", dest / "themes")
    shutil.copy2(PROJECT / "site.yml", dest / "site.yml")
    return dest


def praxis(*args: str | Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(praxis_binary()), *map(str, args)], capture_output=True, text=True, timeout=600)


def build(project: Path, out: Path | None = None) -> Built:
    out = out or project / "_site"
    result = praxis("build", "--root", project, "--output", out)
    if result.returncode != 0:
        raise AssertionError(f"praxis build failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    return Built(project, out, result.stdout + result.stderr)


def check(project: Path) -> subprocess.CompletedProcess:
    return praxis("check", "--root", project)


def html_pages(out: Path) -> list[Path]:
    return sorted(p for p in out.rglob("*.html") if ".praxis-staging" not in p.parts)


# ---------------------------------------------------------------------------------------------
# Where a built site is opened from: a folder on disk (file://) or a URL prefix on a web server.

@dataclass(frozen=True)
class Location:
    directory: Path        # the built site on disk
    base: str              # URL of the site root, ending in "/"

    @staticmethod
    def on_disk(directory: Path) -> "Location":
        return Location(directory, directory.resolve().as_uri().rstrip("/") + "/")

    @property
    def is_file(self) -> bool:
        return self.base.startswith("file:")

    def url(self, relative: str) -> str:
        return urljoin(self.base, relative)

    def relative(self, url: str) -> str | None:
        """The path of `url` inside the site ("practices/foo/index.html"), or None if it is outside."""
        u, b = urlsplit(url), urlsplit(self.base)
        if (u.scheme, u.netloc) != (b.scheme, b.netloc):
            return None
        path, root = unquote(u.path), unquote(b.path)
        if not path.startswith(root):
            return None
        rest = path[len(root):]
        if any(part == ".." for part in rest.split("/")):
            return None
        return rest

    def contains(self, url: str) -> bool:
        return self.relative(url) is not None

    def file_for(self, url: str) -> Path | None:
        rel = self.relative(url)
        return None if rel is None else self.directory / rel


# ---------------------------------------------------------------------------------------------
# Reading built HTML without a browser.

class PageScan(HTMLParser):
    """Every reference (tag, attribute, value, line) and every id of one HTML file."""
    REFS = {"a": ("href",), "area": ("href",), "link": ("href",), "img": ("src", "srcset"),
            "script": ("src",), "source": ("src", "srcset"), "iframe": ("src",), "embed": ("src",),
            "video": ("src", "poster"), "audio": ("src",), "track": ("src",), "object": ("data",),
            "form": ("action",), "input": ("src",)}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.refs: list[tuple[str, str, str, int]] = []
        self.ids: set[str] = set()
        self.base_href: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids.add(attributes["id"])
        if tag == "a" and attributes.get("name"):
            self.ids.add(attributes["name"])
        if tag == "base" and attributes.get("href") is not None:
            self.base_href = attributes["href"]
        for name in self.REFS.get(tag, ()):
            value = attributes.get(name)
            if value is None:
                continue
            line = self.getpos()[0]
            if name == "srcset":
                for candidate in value.split(","):
                    if candidate.strip():
                        self.refs.append((tag, name, candidate.strip().split()[0], line))
            else:
                self.refs.append((tag, name, value, line))

    handle_startendtag = handle_starttag


def scan(path: Path) -> PageScan:
    parser = PageScan()
    parser.feed(path.read_text(encoding="utf-8", errors="replace"))
    parser.close()
    return parser


# ---------------------------------------------------------------------------------------------
# Finding representative pages of a built site, whatever the content.

@dataclass
class SiteMap:
    out: Path

    def kind_listings(self) -> list[str]:
        return [f"{k}/index.html" for k in KIND_FOLDERS if (self.out / k / "index.html").is_file()]

    def documents(self, kind: str) -> list[str]:
        folder = self.out / kind
        return sorted(str(p.relative_to(self.out)) for p in folder.glob("*/index.html") if p.parent.name != "page")

    def richest_document(self, kind: str) -> str:
        """The biggest page of a kind: the one that exercises most of the template."""
        docs = self.documents(kind)
        if not docs:
            raise LookupError(f"no documents of kind {kind} in {self.out}")
        return max(docs, key=lambda d: ((self.out / d).stat().st_size, d))

    def taxonomy_indexes(self) -> list[str]:
        """Taxonomy index pages, from the browse page's group headings."""
        browse = self.out / "browse" / "index.html"
        found = []
        for tag, attr, value, _ in scan(browse).refs:
            if tag == "a" and value.endswith("/index.html") and value.startswith("../"):
                rel = os.path.normpath(os.path.join("browse", value))
                parts = rel.split("/")
                if len(parts) == 2 and parts[0] not in KIND_FOLDERS + ("browse", "search") and rel not in found:
                    found.append(rel)
        return found

    def term_pages(self, taxonomy_index: str) -> list[str]:
        folder = (self.out / taxonomy_index).parent
        return sorted(str(p.relative_to(self.out)) for p in folder.glob("*/index.html"))

    def paginated_page(self) -> str | None:
        pages = sorted(str(p.relative_to(self.out)) for p in self.out.glob("**/page/2/index.html"))
        return pages[0] if pages else None

    def sample(self, count: int, seed: int = 5) -> list[str]:
        """A deterministic sample: home, search, 404, every kind listing, every taxonomy index, then
        documents and other pages chosen at random, `count` pages in all."""
        every = [str(p.relative_to(self.out)) for p in html_pages(self.out)]
        fixed = ["index.html", "404.html", "search/index.html", "browse/index.html",
                 *self.kind_listings(), *self.taxonomy_indexes()]
        fixed = [p for p in dict.fromkeys(fixed) if (self.out / p).is_file()]
        rest = sorted(set(every) - set(fixed))
        docs = [p for p in rest if p.split("/")[0] in KIND_FOLDERS and "/page/" not in p]
        others = [p for p in rest if p not in docs]
        rng = random.Random(seed)
        want = max(0, count - len(fixed))
        n_docs = min(len(docs), (want * 2) // 3)
        chosen = rng.sample(docs, n_docs)
        chosen += rng.sample(others, min(len(others), want - n_docs))
        return fixed + sorted(chosen)


def search_client_present(out: Path) -> bool:
    """True once the theme ships a search client: a script beside the stemmer, or one on the search page."""
    scripts = [p for p in (out / "assets").rglob("*.js") if p.name != "stemmer.js"]
    page = out / "search" / "index.html"
    return bool(scripts) or (page.is_file() and "<script" in page.read_text(encoding="utf-8"))
