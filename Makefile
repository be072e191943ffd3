# The two commands: `make run` (set up everything and start the portal) and `make test` (the whole suite).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test lint venv clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[portal,dev]'
	# Bytecode for the checkout, as pip makes it for what it installs (kept even where PYTHONDONTWRITEBYTECODE
	# stops Python writing it; a stale file is simply recompiled in memory).
	$(PY) -m compileall -q gbprep
	touch $(STAMP)

venv: $(STAMP)

run: $(STAMP)
	$(PY) scripts/run_portal.py

test: $(STAMP)
	$(PY) scripts/run_tests.py $(ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy .
	$(VENV)/bin/lint-imports
	$(PY) scripts/import_graph.py --quiet

clean:
	rm -rf var .pytest_cache .mypy_cache .ruff_cache
