# Kansrijk: `make run` starts the app with open data and a demo coalition; `make test` runs everything.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
export DJANGO_SETTINGS_MODULE := kansrijk.settings

.PHONY: run setup test test-suite check lint format assets bench clean messages

$(VENV)/.installed: pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

assets: node_modules/.installed
	@$(PY) scripts/build_assets.py

# English translations (.mo files are not in git). Needs gettext's msgfmt: without it the site stays
# Dutch-only and this says so; with it, a broken .po file fails the build instead of passing silently.
messages: $(VENV)/.installed
	@if command -v msgfmt >/dev/null; then \
	  cd src/kansrijk && ../../$(PY) -m django compilemessages -v 0; \
	else echo "Let op: gettext (msgfmt) ontbreekt; de Engelse vertaling wordt niet gebouwd."; fi

# Everything a fresh machine needs: dependencies, assets, database, open data, demo coalition.
setup: $(VENV)/.installed assets messages
	@$(VENV)/bin/kansrijk setup

# The monitor's worker (care outbox → counts → closed-period publication) runs beside the web server and
# stops with it.
run: setup
	@$(VENV)/bin/kansrijk monitor verwerk --blijf & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(VENV)/bin/kansrijk serve $(HOST):$(PORT)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check src tests benchmarks scripts
	$(VENV)/bin/ruff format --check src tests benchmarks scripts

# Import contracts (pyproject.toml [tool.importlinter]): the layer map of docs/architecture.md as code.
check: lint
	$(VENV)/bin/lint-imports --no-cache
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/mypy -p kansrijk

format: $(VENV)/.installed
	$(VENV)/bin/ruff check --fix src tests benchmarks scripts
	$(VENV)/bin/ruff format src tests benchmarks scripts

test: $(VENV)/.installed assets messages check
	$(PY) -m pytest $(PYTEST_ARGS)

# The suite alone, for when `make test`'s steps have just run: CI runs a second database beside it.
test-suite:
	$(PY) -m pytest $(PYTEST_ARGS)

bench: setup
	$(PY) -m benchmarks.run_all
	KANSRIJK_HYPOTHESIS_EXAMPLES=300 $(PY) -m pytest -q -p no:randomly tests/monitoring/test_suppression.py

clean:
	rm -rf var src/kansrijk/static/vendor
