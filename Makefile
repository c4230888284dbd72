# Kenes: `make run` serves the site, `make test` runs the whole suite; both set themselves up.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
# Two workers: the suite is mostly waiting on SQLite, PostgreSQL and Chromium, and these machines have 2 cores.
PYTEST_ARGS ?= -n 2
# Development defaults for the commands below; production sets its own (README, "Production").
DEV_ENV := DJANGO_DEBUG=$${DJANGO_DEBUG:-1}

.PHONY: run setup test migrations-check test-sqlite test-postgres lint format browser deps deps-dev clean bench bench-search bench-import

run: setup
	$(DEV_ENV) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

.PHONY: serve load

# Production-style: gunicorn + whitenoise, DEBUG off. The environment brings the secret key, hosts
# and DATABASE_URL (README, "Production"); WEB_CONCURRENCY sets gunicorn's worker count.
serve: deps
	mkdir -p var
	$(BIN)/python manage.py check --deploy
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py collectstatic --noinput -v0
	$(BIN)/gunicorn config.wsgi:application --bind $${BIND:-127.0.0.1:$(PORT)} \
	  --workers $${WEB_CONCURRENCY:-2} --access-logfile - --forwarded-allow-ips $${FORWARDED_ALLOW_IPS:-127.0.0.1}

# 30 s at 32 connections on gunicorn with 2 workers, then each URL group alone (README, "Load").
load: deps wrk
	$(BIN)/python scripts/loadtest.py $(LOAD_ARGS)

# The load test drives gunicorn with Debian's wrk (not on a fresh machine).
.PHONY: wrk
wrk:
	@command -v wrk >/dev/null 2>&1 || { \
	  echo "Installing Debian's wrk for the load test"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq wrk; }

# Non-interactive and idempotent: safe on a database that already holds staff's edits.
setup: deps
	mkdir -p var
	$(DEV_ENV) $(BIN)/python manage.py migrate --noinput
	$(DEV_ENV) $(BIN)/python manage.py load_documents
	$(DEV_ENV) $(BIN)/python manage.py createinitialrevisions kb --comment "First version in the history" -v0
	$(DEV_ENV) $(BIN)/python manage.py rebuild_index

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.deps: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.deps-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.deps $@

deps: $(VENV)/.deps
deps-dev: $(VENV)/.deps-dev

# Browser tests drive Debian's Chromium through Playwright (no browser download).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium; }

# The whole suite on SQLite, then again on PostgreSQL when one answers. Tests that run a site of
# their own (marked own_site) do the same in both runs: they run once, in the PostgreSQL run.
test: deps-dev browser
	$(MAKE) --no-print-directory migrations-check
	$(MAKE) --no-print-directory setup
	@if $(BIN)/python -c "import psycopg; psycopg.connect('$(PG_URL)', connect_timeout=3).close()" 2>/dev/null; then \
	  $(MAKE) --no-print-directory test-sqlite PYTEST_ARGS='$(PYTEST_ARGS) -m "not own_site"' && \
	  $(MAKE) --no-print-directory test-postgres; \
	else \
	  $(MAKE) --no-print-directory test-sqlite && \
	  echo "SKIPPED: the PostgreSQL run: no PostgreSQL answers at $(PG_URL)"; \
	fi

# A model change without its migration fails here, before any test runs.
migrations-check: deps
	$(DEV_ENV) $(BIN)/python manage.py makemigrations --check --dry-run

test-sqlite: deps-dev
	$(BIN)/pytest $(PYTEST_ARGS)

test-postgres: deps-dev
	DATABASE_URL=$(PG_URL) $(BIN)/pytest $(PYTEST_ARGS)

# Render every public page type on a synthetic corpus (10,000 events, 30,000 people, ...) in a
# scratch database (var/bench/pages.sqlite3, or kenes_bench_pages on DATABASE_URL's PostgreSQL).
bench: deps
	$(DEV_ENV) $(BIN)/python manage.py bench_pages $(BENCH_ARGS)

lint: deps-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: deps-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Search benchmark (docs/benchmarks.md): Whoosh, an icontains scan and SQLite FTS5 on SQLite,
# then PostgreSQL full-text search on a database of its own when one answers.
# BENCH_SIZES=1000,10000,100000 for the full run (the largest takes a long time on 2 cores).
BENCH_SIZES ?= 1000,10000
BENCH_PG_URL ?= postgres://postgres@127.0.0.1:5432/kenes_bench
bench-search: setup
	$(DEV_ENV) $(BIN)/python manage.py bench_search --sizes $(BENCH_SIZES)
	@if $(BIN)/python -c "import psycopg; psycopg.connect('$(PG_URL)', connect_timeout=3).close()" 2>/dev/null; then \
	  createdb -h 127.0.0.1 -U postgres kenes_bench 2>/dev/null || true; \
	  DATABASE_URL=$(BENCH_PG_URL) $(DEV_ENV) $(BIN)/python manage.py migrate --noinput -v0 && \
	  DATABASE_URL=$(BENCH_PG_URL) $(DEV_ENV) $(BIN)/python manage.py bench_search --sizes $(BENCH_SIZES) --engines postgres,icontains; \
	else \
	  echo "SKIPPED: the PostgreSQL benchmark: no PostgreSQL answers at $(PG_URL)"; \
	fi

# "Import a document" on a 20-page PDF release built on the fly (reportlab: a dev dependency):
# reading, finding every figure and fact, and the admin preview page (docs/benchmarks.md).
bench-import: deps-dev
	mkdir -p var
	$(DEV_ENV) $(BIN)/python manage.py migrate --noinput -v0
	$(DEV_ENV) $(BIN)/python manage.py bench_import --pages 20 --runs 5

clean:
	rm -rf $(VENV) var staticfiles test-output .pytest_cache
