# One set of commands for people and for CI (.ci/run calls `make test`).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test lint typecheck unit bench bench-pipeline bench-serve bench-brief clean

install: $(STAMP)

# Reinstall only when the dependency list changes.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

run: install
	$(BIN)/pockg ingest corpus
	$(BIN)/pockg serve

lint: install
	$(BIN)/ruff check src api tests bench
	$(BIN)/ruff format --check src api tests bench

typecheck: install
	$(BIN)/mypy

unit: install
	$(BIN)/pytest

test: lint typecheck unit

bench: install
	$(BIN)/python bench/ingest_throughput.py
	$(MAKE) bench-pipeline

bench-pipeline: install
	$(BIN)/python bench/pipeline_throughput.py

# Builds its data once (~20-30 min) into .bench-data/, then measures for ~6 min.
bench-serve: install
	$(BIN)/python bench/serve_latency.py

bench-brief: install
	$(BIN)/python bench/brief_latency.py

clean:
	rm -rf $(VENV) .pockg .pytest_cache .mypy_cache .ruff_cache
