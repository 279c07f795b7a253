# Praxis: `make site` builds the site, `make test` runs every test. See README.md.
SHELL := /bin/bash
SWIFT ?= $(shell command -v swift 2>/dev/null || echo /opt/swift/usr/bin/swift)
DEBIAN_PACKAGES := libcmark-gfm-dev libcmark-gfm-extensions-dev pkg-config python3 python3-venv nodejs chromium chromium-driver
PRAXIS := .build/release/praxis

.PHONY: site test deps build check unit-tests js-tests corpus-test clean

## Install missing Debian packages when root; otherwise print the exact command to run.
deps:
	@missing=""; for p in $(DEBIAN_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing:$$missing"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "Praxis needs these Debian packages. Run:"; echo "  sudo apt-get install -y$$missing"; exit 1; \
	  fi; \
	fi

build: deps
	$(SWIFT) build -c release --product praxis

## Build the generator in release mode and the site into _site/.
site: build
	$(PRAXIS) build
	@echo "Open $(CURDIR)/_site/index.html in a browser (no server needed)."

check: build
	$(PRAXIS) check

unit-tests: deps
	$(SWIFT) test

js-tests: deps
	node --test Tests/js/

## Every test: Swift unit and end-to-end tests, JavaScript tests.
test: unit-tests js-tests

clean:
	rm -rf .build _site
