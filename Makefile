# hmic-extract: `make run` converts the bundled fixtures, `make test` runs the suite.
# Both set up a virtual environment in .venv first, from scratch if needed.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: help setup run browser test coverage bench golden lint clean

help:  ## list the targets
	@grep -E '^[a-z]+:.*##' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)  ## create .venv and install the package with its test tools

run: $(STAMP)  ## convert the bundled fixtures into out/ and print the summary
	$(BIN)/hmic-extract convert fixtures --out out --quiet

# The HTML summary's test opens the page in Debian's Chromium.
browser:  ## install Chromium for the browser test, where missing (Debian, as root)
	command -v chromium >/dev/null || (apt-get update && apt-get install -y chromium)

test: $(STAMP) browser  ## run the test suite
	$(BIN)/python -m pytest

bench: $(STAMP)  ## run the benchmarks in bench/
	$(BIN)/python bench/bench_parse.py
	$(BIN)/python bench/bench_pdf.py
	$(BIN)/python bench/bench_batch.py
	$(BIN)/python bench/bench_report.py
	$(BIN)/python bench/bench_commit.py
	$(BIN)/python bench/bench_process.py

coverage: $(STAMP) browser  ## the test suite under coverage, worker processes included
	rm -f .coverage .coverage.*
	$(BIN)/coverage run -m pytest
	$(BIN)/coverage combine -q
	$(BIN)/coverage report

golden: $(STAMP)  ## rewrite fixtures/expected/ from the fixture reports (after an intended change)
	$(BIN)/python tests/golden.py

lint: $(STAMP)  ## ruff, and mypy strict on the package, its tests and benchmarks
	$(BIN)/ruff check extract tests bench docs fixtures
	$(BIN)/mypy

clean:  ## remove outputs and the virtual environment
	rm -rf out $(VENV) .pytest_cache .mypy_cache .ruff_cache .coverage .coverage.* htmlcov
