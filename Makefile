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

.PHONY: help setup run test lint worker beat messages

help:
	@echo "make run       set up, migrate, load the demo data, serve on http://127.0.0.1:8000 (DEBUG, SQLite)"
	@echo "make test      set up, start PostgreSQL and Redis if needed, run the whole pytest suite"
	@echo "make lint      ruff check and ruff format --check"
	@echo "make worker    Celery worker against REDIS_URL (default redis://127.0.0.1:6379/0)"
	@echo "make beat      Celery beat with django-celery-beat's database scheduler"
	@echo "make messages  update the French catalogue (locale/fr) from the code"

setup:
	$(SETUP) python system catalogue

# Local development: DEBUG on, SQLite under var/ unless DATABASE_URL says otherwise.
run worker beat messages: export DEBUG ?= 1

run: setup
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_demo
	$(MANAGE) runserver $(ADDR)

# --create-db: a stale test database must never hide a migration problem.
# Extra pytest arguments: make test PYTEST_ARGS="-k meetings -x"
test:
	$(SETUP) python system browser services catalogue
	$(PY) -m pytest --create-db $(PYTEST_ARGS)

lint:
	$(SETUP) python
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

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
	$(MANAGE) makemessages --locale fr --ignore ".venv/*" --ignore "node_modules/*" --ignore "var/*"
