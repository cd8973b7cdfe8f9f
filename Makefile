# Two commands do all set-up: `make lab` opens the notebooks, `make test` runs every test.
PYTHON ?= python3
# Python keeps each module it compiles in __pycache__ (in .venv and the checkout) and reuses it.
# With PYTHONDONTWRITEBYTECODE set, as some shells and containers set it, every process the
# suite starts (servers, kernels, commands) would compile every module it imports anew.
unexport PYTHONDONTWRITEBYTECODE
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PORT   ?= 8888
# the course language JupyterLab and presentation mode open in: en or id (make lab COURSE_LANG=id)
COURSE_LANG ?= en

.PHONY: lab test test-fast test-browser lint present bench chromium desktop-chromium clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# uv (from PyPI) installs the packages: about 3 s where pip took 18 s on two cores, most of
# which was pip unpacking some 150 packages one by one
$(BIN)/uv: | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check "uv>=0.9"

# uv does not byte-compile: Python compiles a module when it is first imported
$(STAMP): pyproject.toml | $(BIN)/uv
	$(BIN)/uv pip install --quiet --python $(BIN)/python -e ".[lab,dev]"
	touch $(STAMP)

# JupyterLab's menus in the course language, no news pop-up (settings written by rothman.lab)
lab: $(STAMP)
	$(BIN)/rothman lab --lang $(COURSE_LANG) --port $(PORT)

# make present COURSE_LANG=id; for a class: make present CLASS=30 IP=0.0.0.0 (IP only with CLASS)
present: $(STAMP)
	$(BIN)/rothman present --port $(PORT) --lang $(COURSE_LANG) \
	  $(if $(CLASS),--class $(CLASS)) $(if $(IP),--ip $(IP))

# Debian's packages, installed as root when missing (as another user: the command to run)
apt_install = test -x $(1) || { \
  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq $(2) >/dev/null; \
  else echo "$(1) is missing: run 'sudo apt-get install -y $(2)'"; exit 1; fi; }

# the browser tests' headless Chromium (tools/harness.py), and the fonts Debian's chromium brings
CHROMIUM_PACKAGES := chromium-headless-shell fonts-liberation
chromium:
	@$(call apt_install,/usr/bin/chromium-headless-shell,$(CHROMIUM_PACKAGES))

# the benchmarks measure pages in the desktop Chromium a student runs (tools/harness.py)
desktop-chromium:
	@$(call apt_install,/usr/bin/chromium,chromium)

lint: $(STAMP)
	$(BIN)/ruff check rothman tests scripts benchmarks tools
	$(BIN)/ruff format --check rothman tests scripts benchmarks tools
	$(BIN)/lint-imports --no-cache

test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -m "not browser"

test-browser: $(STAMP) chromium
	$(BIN)/python -m pytest -q -m browser tests/browser

# One pytest run: library, doctests, notebooks (nbval, each run once), browser tests, on one
# worker more than there are cores (a worker waiting for a server or a browser leaves its core
# to the others); tests that share a server share a worker (xdist_group), and the longest
# parts go first (LONGEST in tests/conftest.py). Make reports any
# failure as 2, so pytest's own exit code also goes to $(TEST_EXIT_FILE) when set: .ci/run
# reads it to tell "no tests collected" (5) from a failure. PYTEST_ARGS adds options or a
# selection.
WORKERS ?= $(shell echo $$(( $$(nproc) + 1 )))
TEST_EXIT_FILE ?=
PYTEST_ARGS ?=
test: $(STAMP) chromium lint
	@$(BIN)/python -m pytest -q -n $(WORKERS) --dist loadgroup --no-loadscope-reorder --durations=15 $(PYTEST_ARGS); \
	code=$$?; \
	if [ -n "$(TEST_EXIT_FILE)" ]; then echo "$$code" > "$(TEST_EXIT_FILE)"; fi; \
	if [ "$$code" -eq 5 ]; then echo "pytest collected no tests (its exit code 5)" >&2; fi; \
	exit "$$code"

bench: $(STAMP) desktop-chromium
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache
