# Two commands do all the set-up: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEMO_DB ?= demo.db

.PHONY: demo test lint screenshots docs bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

## Build the demo database and open the TUI on it.
demo: $(STAMP)
	$(BIN)/tourdesk --db $(DEMO_DB) demo

## Lint and type-check, then run the whole test suite (both CPU cores) with its branch coverage.
test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/mypy
	$(BIN)/python -m pytest -n auto --dist loadgroup --cov=tourdesk --cov-branch --cov-report=term

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/mypy

## Regenerate screenshots/*.svg from the demo tour.
screenshots: $(STAMP)
	$(BIN)/python screenshots/generate.py

## Regenerate docs/keys.md and docs/commands.md from the keymap and the commands.
docs: $(STAMP)
	$(BIN)/python docs/generate.py

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache build dist *.egg-info
