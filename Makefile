# CLN portal: `make run` serves the demo, `make test` runs the whole suite on PostgreSQL.
# Both set the machine up first (scripts/setup.sh): a fresh Debian 12 needs no manual step.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

PY := .venv/bin/python
SETUP := bash scripts/setup.sh
MANAGE := $(PY) manage.py
# make run ADDR=127.0.0.1:8001 when port 8000 is taken.
ADDR ?= 127.0.0.1:8000

.PHONY: help setup run test lint lock worker beat messages bench

help:
	@echo "make run       set up, migrate, load the demo data, serve on http://127.0.0.1:8000 (DEBUG, SQLite)"
	@echo "make test      make lint, then set up, start PostgreSQL and Redis if needed, run the whole pytest suite"
	@echo "make lint      import contracts (lint-imports), ruff check and ruff format --check"
	@echo "make lock      regenerate requirements.lock (hashes) from pyproject.toml, then install it"
	@echo "make worker    Celery worker against REDIS_URL (default redis://127.0.0.1:6379/0)"
	@echo "make beat      Celery beat with django-celery-beat's database scheduler"
	@echo "make messages  update the French and English catalogues (locale/fr, locale/en) from the code"
	@echo "make bench     speed under gunicorn and wrk, as ratios to a trivial view (bench/results/)"

setup:
	$(SETUP) python system catalogue

# Local development: DEBUG on, SQLite under var/ unless DATABASE_URL says otherwise.
run worker beat messages: export DEBUG ?= 1
# Links in e-mails, calendars and open data follow the address the server listens on.
run: export SITE_URL ?= http://$(ADDR)

run: setup
	@# A development .env (DEBUG=1) so that a plain `.venv/bin/python manage.py …` works here
	@# too; production never has this file (.dockerignore) and refuses to start without one.
	@[ -f .env ] || { printf '# Written by make run for local development.\nDEBUG=1\n' > .env; echo "Wrote .env (DEBUG=1)"; }
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_demo
	$(MANAGE) runserver $(ADDR)

# make lint first: a broken import contract or a lint error fails in seconds, before the
# Debian packages, the services and the suite. --create-db: a stale test database must never
# hide a migration problem. Extra pytest arguments: make test PYTEST_ARGS="-k meetings -x"
test: lint
	$(SETUP) python system browser services catalogue
	$(PY) -m pytest --create-db $(PYTEST_ARGS)

# The floors of ../shared/STYLE.md ([tool.importlinter] in pyproject.toml), then ruff.
lint:
	$(SETUP) python
	.venv/bin/lint-imports --no-logo
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

# Run after any change to pyproject.toml's dependencies (setup stops until then). Keeps the
# pins pyproject.toml still allows; make lock LOCK_ARGS=--upgrade moves them all,
# LOCK_ARGS="--upgrade-package django" one.
lock:
	LOCK_ARGS="$(LOCK_ARGS)" $(SETUP) lock python

worker beat: export REDIS_URL ?= redis://127.0.0.1:6379/0

worker:
	$(SETUP) python system redis catalogue
	$(MANAGE) migrate --noinput
	$(PY) -m celery -A cln_portal worker --loglevel INFO

beat:
	$(SETUP) python redis
	$(MANAGE) migrate --noinput
	$(PY) -m celery -A cln_portal beat --loglevel INFO --scheduler django_celery_beat.schedulers:DatabaseScheduler

messages:
	$(SETUP) python system
	$(MANAGE) makemessages --locale fr --locale en --no-obsolete --ignore ".venv/*" --ignore "node_modules/*" --ignore "var/*" --ignore "tests/*" --ignore "bench/*"
	$(PY) scripts/french_catalogue.py locale/fr/LC_MESSAGES/django.po
	@# New strings have no English yet: list them (scripts/english_catalogue.py export/apply to add it).
	-$(PY) scripts/english_catalogue.py check | tail -n 20

# Not part of make test: gunicorn + wrk on a database of its own (cln_bench), scaled-up demo
# data; prints ratios to a trivial view and writes bench/results/<date>.txt. Extra
# arguments: make bench BENCH_ARGS="--duration 5 --no-fanout"
bench:
	$(SETUP) python system services catalogue bench
	bash bench/run.sh $(BENCH_ARGS)
