# Praxis: `make site` builds the site, `make test` runs every test. See README.md.
SHELL := /bin/bash
SWIFT ?= $(shell command -v swift 2>/dev/null || echo /opt/swift/usr/bin/swift)
## Debian packages, by what needs them (README "Quick start"). Building needs only cmark-gfm;
## the Swift tests run gen-corpus.py, the JavaScript tests Node; the browser tests need Chromium
## and its driver, fonts, Java for the Nu HTML Checker and Debian's venv for pytest.
BUILD_PACKAGES := libcmark-gfm-dev libcmark-gfm-extensions-dev libmimalloc-dev pkg-config
TEST_PACKAGES := $(BUILD_PACKAGES) python3 nodejs python3-venv chromium chromium-driver fonts-liberation default-jre-headless
BENCH_PACKAGES := $(BUILD_PACKAGES) python3 python3-venv nodejs time
PRAXIS := .build/release/praxis
# The release binary links the Swift runtime and Foundation into itself: calls into them (reference
# counting above all) then go straight instead of through the dynamic linker's tables, about 5% of
# a build's processor time (BENCHMARKS.md, "This session"). Tests build the debug binary as usual.
RELEASE := -c release --static-swift-stdlib
# Browser tests: a virtualenv made by Debian's python3 (not a pyenv one), and the debug binary they test.
VENV := .venv
VENV_PYTHON ?= /usr/bin/python3
BROWSER_SCRATCH ?= .build
BROWSER_PRAXIS := $(BROWSER_SCRATCH)/debug/praxis
PYTEST_ARGS ?=

.PHONY: site test deps test-deps bench-deps build check unit-tests js-tests corpus-test browser-deps browser-tests clean bench

## $(call require,PACKAGES): installs the missing ones when root; otherwise prints the exact command to run and fails.
define require
	@missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing:$$missing"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "Praxis needs these Debian packages. Run:"; echo "  sudo apt-get install -y$$missing"; exit 1; \
	  fi; \
	fi
endef

## What building Praxis needs: enough for site, build and check.
deps:
	$(call require,$(BUILD_PACKAGES))

## What every test needs, checked at once so that one command installs it all.
test-deps:
	$(call require,$(TEST_PACKAGES))

build: deps
	$(SWIFT) build $(RELEASE) --product praxis

## Build the generator in release mode and the site into _site/.
site: build
	$(PRAXIS) build
	@echo "Open $(CURDIR)/_site/index.html in a browser (no server needed)."

check: build
	$(PRAXIS) check

unit-tests: test-deps
	$(SWIFT) test

js-tests: test-deps
	$(SWIFT) build --product praxis
	PRAXIS_BIN="$(CURDIR)/.build/debug/praxis" node --test Tests/js/

## Python packages for the browser tests, pinned in Tests/browser/requirements.txt.
$(VENV)/.installed: Tests/browser/requirements.txt | test-deps
	rm -rf $(VENV)
	$(VENV_PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r Tests/browser/requirements.txt
	touch $@

browser-deps: test-deps $(VENV)/.installed

## Real-browser acceptance tests (headless Chromium) on sites built by the debug binary. README: "Browser tests".
browser-tests: browser-deps
	$(SWIFT) build --scratch-path $(BROWSER_SCRATCH) --product praxis
	PRAXIS_BIN="$(CURDIR)/$(BROWSER_PRAXIS)" $(VENV)/bin/python -m pytest -c Tests/browser/pytest.ini Tests/browser $(PYTEST_ARGS)

## Every test: Swift unit and end-to-end tests, JavaScript tests, then the browser tests.
test: unit-tests js-tests
	$(MAKE) browser-tests

clean:
	rm -rf .build _site $(VENV) test-output

## Benchmark: 1,000 / 10,000 / 100,000 generated documents, Hugo and Pagefind side by side; writes BENCHMARKS.md.
## Pagefind (PyPI `pagefind-bin`, pinned) goes into a bench-only virtualenv; BENCH_ARGS go to bench.py.
BENCH_VENV := .bench/venv
PAGEFIND_VERSION := 1.5.2
BENCH_ARGS ?=
bench-deps:
	$(call require,$(BENCH_PACKAGES))

bench: bench-deps
	@command -v hugo >/dev/null || { if [ "$$(id -u)" = 0 ]; then DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hugo >/dev/null; else echo "Run: sudo apt-get install -y hugo"; exit 1; fi; }
	@[ "$$(cat $(BENCH_VENV)/.pagefind 2>/dev/null)" = $(PAGEFIND_VERSION) ] || { rm -rf $(BENCH_VENV) && $(VENV_PYTHON) -m venv $(BENCH_VENV) && \
	  $(BENCH_VENV)/bin/pip install --quiet --disable-pip-version-check pagefind-bin==$(PAGEFIND_VERSION) && echo $(PAGEFIND_VERSION) > $(BENCH_VENV)/.pagefind; }
	$(SWIFT) build $(RELEASE) --product praxis
	python3 Tests/bench/bench.py --pagefind $(BENCH_VENV) $(BENCH_ARGS)

