# Two commands do all set-up: `make lab` opens the notebooks, `make test` runs every test.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PORT   ?= 8888
# the course language JupyterLab and presentation mode open in: en or id (make lab COURSE_LANG=id)
COURSE_LANG ?= en

.PHONY: lab test test-fast test-browser lint present bench chromium clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[lab,dev]"
	touch $(STAMP)

# JupyterLab's menus in the course language, no news pop-up (settings written by rothman.lab)
lab: $(STAMP)
	$(BIN)/rothman lab --lang $(COURSE_LANG) --port $(PORT)

# make present COURSE_LANG=id; for a class: make present CLASS=30 IP=0.0.0.0 (IP only with CLASS)
present: $(STAMP)
	$(BIN)/rothman present --port $(PORT) --lang $(COURSE_LANG) \
	  $(if $(CLASS),--class $(CLASS)) $(if $(IP),--ip $(IP))

chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	  else echo "Chromium is missing: run 'sudo apt-get install -y chromium'"; exit 1; fi; }

lint: $(STAMP)
	$(BIN)/ruff check rothman tests scripts benchmarks tools
	$(BIN)/ruff format --check rothman tests scripts benchmarks tools
	$(BIN)/lint-imports --no-cache

test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -m "not browser"

test-browser: $(STAMP) chromium
	$(BIN)/python -m pytest -q -m browser tests/browser

test: $(STAMP) chromium lint
	$(BIN)/python -m pytest -q
	$(BIN)/python -m pytest -q -p no:doctest -W ignore::pytest.PytestConfigWarning --nbval-lax --nbval-current-env \
	  --nbval-cell-timeout=120 -o addopts="" notebooks

bench: $(STAMP) chromium
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache
