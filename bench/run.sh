#!/usr/bin/env bash
# make bench: runs bench/run.py (see its docstring) once scripts/setup.sh's "bench" step has
# installed wrk and nginx (Debian) when missing. PostgreSQL must answer on 127.0.0.1 (the
# Makefile's set-up step starts it).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh bench
exec .venv/bin/python bench/run.py "$@"
