# pbanalysis task runner: `make help` lists what a newcomer can do.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
# the notebooks' kernel: committed in their metadata exactly as JupyterLab writes it, so opening
# a notebook changes nothing
KERNEL := pbanalysis
KERNEL_DISPLAY := Python 3 (pbanalysis)
NBVAL  := --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg -p no:cacheprovider

.DEFAULT_GOAL := help
.PHONY: help setup process study test unit slow nbval lint format lab notebooks bench browser-check clean embedded-data

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} {printf "  make %-14s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "pbanalysis needs Python 3.11 or newer (set PYTHON=python3.11)")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/python -m ipykernel install --sys-prefix --name $(KERNEL) --display-name '$(KERNEL_DISPLAY)' > /dev/null
	@touch $(STAMP)

setup: $(STAMP) ## create .venv (if missing) and install the project with its test tools

# the committed notebooks show the embedded corpus: the targets that run them read a data folder
# holding only it, so a researcher's own articles in data/raw/ change nothing there
EMBEDDED_DATA := $(CURDIR)/build/embedded-data

embedded-data: setup
	@$(BIN)/python scripts/embedded_data.py $(EMBEDDED_DATA) 2> /dev/null

process: setup ## bring the processed store of data/raw/ up to date (data/processed/)
	$(BIN)/pbanalysis process --jobs $$(nproc 2> /dev/null || echo 1)

study: setup ## run the full study (every notebook, every parameter set) into reports/
	$(BIN)/pbanalysis study

test: setup lint unit slow nbval ## lint, unit tests, notebook tests and notebook validation (what CI runs)

unit: setup ## fast unit tests and doctests (no notebook kernels)
	$(BIN)/pytest -q -p no:cacheprovider -m "not notebooks"

slow: embedded-data ## the tests that run notebooks and studies under papermill
	PBANALYSIS_DATA=$(EMBEDDED_DATA) $(BIN)/pytest -q -p no:cacheprovider -m notebooks

nbval: embedded-data ## re-run the committed notebooks and compare their outputs (nbval)
	PBANALYSIS_DATA=$(EMBEDDED_DATA) $(BIN)/pytest -q $(NBVAL) notebooks/

lint: setup ## ruff (code and notebooks), format check and mypy
	$(BIN)/ruff check src tests benchmarks scripts notebooks
	$(BIN)/ruff format --check src tests benchmarks scripts
	$(BIN)/mypy

format: setup ## apply ruff's fixes and formatting
	$(BIN)/ruff check --fix src tests benchmarks scripts notebooks
	$(BIN)/ruff format src tests benchmarks scripts

lab: setup ## open JupyterLab on notebooks/ (kernel "Python 3 (pbanalysis)"; --allow-root added for root)
	$(BIN)/jupyter lab --notebook-dir=notebooks $$([ "$$(id -u)" = 0 ] && echo --allow-root)

notebooks: embedded-data ## re-execute the committed notebooks in place on the embedded corpus
	cd notebooks && for nb in *.ipynb; do PBANALYSIS_DATA=$(EMBEDDED_DATA) ../$(BIN)/jupyter nbconvert --log-level=WARN --to notebook --execute --inplace --ExecutePreprocessor.record_timing=False $$nb || exit 1; done

# Debian's Chromium and its driver, installed (as root) when missing; selenium from the `browser` extra
CHROMIUM    := /usr/bin/chromium
CHROMEDRIVER := /usr/bin/chromedriver
FOLDER      ?= reports/default/latest

browser-check: setup ## open a study's pages in headless Chromium, fail on broken ones (FOLDER=reports/default/latest)
	@if [ ! -x $(CHROMIUM) ] || [ ! -x $(CHROMEDRIVER) ]; then \
	  { [ "$$(id -u)" = 0 ] && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver > /dev/null; } \
	  || { echo "browser-check: cannot install chromium and chromium-driver (as root: apt-get update && apt-get install -y chromium chromium-driver)" >&2; exit 2; }; \
	fi
	@$(BIN)/python -c 'import selenium' 2> /dev/null || $(BIN)/python -m pip install --quiet -e '.[browser]'
	$(BIN)/python scripts/browser_check.py $(FOLDER)

bench: setup ## run the speed benchmarks in benchmarks/
	@for script in benchmarks/bench_*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean: ## remove reports/ and caches (keeps .venv)
	rm -rf reports .pytest_cache .ruff_cache .hypothesis
