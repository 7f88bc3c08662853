# Наставник — the two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
export TMPDIR := $(CURDIR)/var/tmp

.PHONY: run test test-sqlite test-postgres test-fast bench lint install browser migrate demo clean

$(STAMP): requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Нужен Python 3.11 или новее")'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $(STAMP)

install: $(STAMP)
	@mkdir -p var/tmp

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo_district --if-empty

run: demo
	DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

# Debian's Chromium for the browser tests; Playwright never downloads its own browser.
browser:
	@scripts/ensure_chromium.sh

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

test: install browser lint test-sqlite test-postgres

test-sqlite: install
	$(VENV)/bin/pytest -q -n 2

test-postgres: install
	@scripts/ensure_postgres.sh
	$(PY) scripts/with_postgres.py $(VENV)/bin/pytest -q -n 2

test-fast: install
	$(VENV)/bin/pytest -q -m "not browser"

bench: migrate
	$(PY) scripts/bench.py
	$(PY) manage.py bench_roadmap_import
	$(PY) scripts/bench_matching.py --sizes 1000,10000,100000
	$(PY) scripts/bench_kpis.py
	$(PY) scripts/bench_programs.py

clean:
	rm -rf var/tmp .pytest_cache
