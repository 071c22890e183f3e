#!/usr/bin/env bash
# make bench: installs wrk (Debian) when missing, then runs bench/run.py (see its docstring).
# PostgreSQL must answer on 127.0.0.1 (the Makefile's set-up step starts it).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v wrk >/dev/null 2>&1; then
    if [ "$(id -u)" -eq 0 ]; then SUDO=(); else SUDO=(sudo); fi
    echo "==> Installing wrk" >&2
    "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
    "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends wrk
fi

exec .venv/bin/python bench/run.py "$@"
