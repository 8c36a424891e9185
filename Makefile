# The two README commands: `make demo` and `make test`. Everything else builds on `setup`.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEMO_DB ?= demo/eventdesk.db
DEV_DATA ?= ../shared/data/dev

.PHONY: setup services demo test lint typecheck unit gate clean

setup: $(STAMP)

$(STAMP): pyproject.toml package-lock.json
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	npm ci --no-audit --no-fund --loglevel=error
	$(BIN)/python -m eventdesk.web.build
	@touch $(STAMP)

# Servers the tests need (Debian chromium, a PostgreSQL cluster); needs root. In CI a failure
# here fails the run; elsewhere the PostgreSQL and browser tests then skip with a reason.
services:
	@bash scripts/ci-services.sh || { test -z "$$CI" || exit 1; \
	  echo "warning: scripts/ci-services.sh failed; PostgreSQL/browser tests will skip"; }

demo: setup
	@mkdir -p $(dir $(DEMO_DB))
	$(BIN)/eventdesk ingest examples/*.txt --db $(DEMO_DB)
	$(BIN)/eventdesk events --db $(DEMO_DB) --format table
	@echo
	@echo "Database: $(abspath $(DEMO_DB))"
	@echo "Next: $(BIN)/eventdesk serve --db $(DEMO_DB)    then open http://127.0.0.1:8765/"
	@echo "      $(BIN)/eventdesk events --db $(DEMO_DB) --format jsonl | head"
	@echo "      $(BIN)/eventdesk extract examples/01-*.txt --format json"

lint: setup
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests

typecheck: setup
	$(BIN)/mypy

unit: setup services
	$(BIN)/pytest -q

test: lint typecheck unit

# Rebuild the shipped arbiter from our own corpus (seeded, deterministic; never from
# ../shared/data). `setup` never trains: the weights are committed in the package.
ARBITER_SEED ?= 13
.PHONY: model
model: setup
	$(BIN)/python training/build_corpus.py --check
	$(BIN)/python -m eventdesk.arbiter.train training/corpus.jsonl \
	  --out src/eventdesk/arbiter/model --seed $(ARBITER_SEED)

clean:
	rm -rf $(VENV) demo node_modules .pytest_cache .mypy_cache .ruff_cache
