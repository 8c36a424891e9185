# The two README commands: `make demo` and `make test`. Everything else builds on `setup`.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEMO_DB ?= demo/eventdesk.db
DEV_DATA ?= ../shared/data/dev

.PHONY: setup demo test lint typecheck unit gate clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

demo: setup
	@mkdir -p $(dir $(DEMO_DB))
	$(BIN)/eventdesk ingest examples --db $(DEMO_DB)
	$(BIN)/eventdesk events --db $(DEMO_DB) --format table
	@echo
	@echo "Database: $(abspath $(DEMO_DB))"
	@echo "Next: $(BIN)/eventdesk events --db $(DEMO_DB) --format jsonl | head"
	@echo "      $(BIN)/eventdesk extract examples/01-*.txt --format json"

lint: setup
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests

typecheck: setup
	$(BIN)/mypy

unit: setup
	$(BIN)/pytest -q

test: lint typecheck unit

clean:
	rm -rf $(VENV) demo .pytest_cache .mypy_cache .ruff_cache
