#!/usr/bin/env bash
# Sets up what the CLN portal needs on a Debian 12 machine, idempotently and quickly when
# everything is already there. Called by the Makefile with the steps it needs, in order:
#
#   scripts/setup.sh python system catalogue             # make run
#   scripts/setup.sh python system browser services ...  # make test
#
# Steps:
#   python     .venv with Python 3.11 and exactly the versions of requirements.lock (hashes checked),
#              again only when the lock or pyproject.toml changed; stops when the lock is older
#              than pyproject.toml's dependencies
#   lock       regenerates requirements.lock from pyproject.toml with uv (make lock)
#   system     Debian libraries WeasyPrint and the PDF checks need (Pango, HarfBuzz, fonts, poppler, gettext)
#   browser    Debian's chromium for the browser tests (never `playwright install`: it cannot download here)
#              and, for tests/quality, Node.js, npm, Java and `npm ci` (axe-core, vnu-jar)
#   postgres   PostgreSQL answering on 127.0.0.1:5432 (installed and started when needed)
#   redis      Redis answering on 127.0.0.1:6379 (installed and started when needed)
#   services   postgres and redis
#   catalogue  compiles the French and English catalogues (locale/*/LC_MESSAGES/*.po -> .mo)
#   bench      make bench only: wrk (the load) and nginx (in front of gunicorn, as deploy/nginx.conf;
#              bench/nginx.py runs it as the current user on a free port, not as a service)
#
# Runs as root (CI) or through sudo; fails loudly on the first error.
set -euo pipefail

cd "$(dirname "$0")/.."

VENV=${VENV:-.venv}
STAMP="$VENV/.cln-installed"
PYTHON_VERSION=3.11

SYSTEM_PACKAGES=(
    libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
    fonts-dejavu-core fonts-liberation2
    poppler-utils gettext
)

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'setup: error: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------- Debian packages

if [ "$(id -u)" -eq 0 ]; then
    SUDO=()
elif command -v sudo >/dev/null 2>&1; then
    SUDO=(sudo)
else
    SUDO=(__no_sudo__)
fi

is_installed() {
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

APT_UPDATED=0
apt_install() {
    # Installs the given Debian packages that are missing; `apt-get update` once per run.
    local missing=() pkg
    command -v dpkg-query >/dev/null 2>&1 || die "not a Debian system: install these yourself: $*"
    for pkg in "$@"; do
        is_installed "$pkg" || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    [ "${SUDO[*]}" = "__no_sudo__" ] && die "missing Debian packages (${missing[*]}) and neither root nor sudo"
    log "Installing Debian packages: ${missing[*]}"
    if [ "$APT_UPDATED" -eq 0 ]; then
        "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
        APT_UPDATED=1
    fi
    "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# ---------------------------------------------------------------- steps

ensure_venv() {
    # Sets $python (the machine's 3.11) and makes sure $VENV is a working 3.11 venv.
    python=$(command -v "python$PYTHON_VERSION" || true)
    if [ -z "$python" ]; then
        apt_install "python$PYTHON_VERSION" "python$PYTHON_VERSION-venv"
        python=$(command -v "python$PYTHON_VERSION")
    fi
    # Debian's python3.11 has no ensurepip without python3.11-venv.
    if ! "$python" -c 'import ensurepip, venv' >/dev/null 2>&1; then
        apt_install "python$PYTHON_VERSION-venv"
    fi

    # A venv whose interpreter vanished or is not 3.11 is rebuilt.
    if [ -e "$VENV" ] && ! "$VENV/bin/python" -c \
        "import sys; sys.exit(sys.version_info[:2] != (${PYTHON_VERSION/./, }))" >/dev/null 2>&1; then
        log "Removing a broken $VENV"
        rm -rf "$VENV"
    fi
    if [ ! -x "$VENV/bin/python" ]; then
        log "Creating $VENV with $python"
        "$python" -m venv "$VENV"
    fi
}

pip() { "$VENV/bin/python" -m pip --disable-pip-version-check "$@"; }

step_python() {
    local python
    ensure_venv
    # A lock that no longer matches pyproject.toml's dependencies stops here, on every machine.
    "$python" scripts/lock.py check || exit 1

    local want have="" stale
    want=$(cat pyproject.toml requirements.lock | sha256sum | cut -d' ' -f1)
    [ -f "$STAMP" ] && have=$(cat "$STAMP")
    if [ "$want" != "$have" ]; then
        log "Installing the locked dependencies (requirements.lock) into $VENV"
        pip install --progress-bar off --require-hashes -r requirements.lock
        # What an older lock brought and this one dropped goes, so that nothing works here by chance.
        stale=$("$VENV/bin/python" scripts/lock.py stale)
        if [ -n "$stale" ]; then
            log "Removing packages requirements.lock does not name: $(echo $stale)"
            # shellcheck disable=SC2086
            pip uninstall --yes $stale
        fi
        pip install --progress-bar off --no-deps -e .
        echo "$want" >"$STAMP"
    fi
    mkdir -p var
}

step_lock() {
    # make lock: resolves pyproject.toml (and its dev extra) into requirements.lock with hashes.
    # Pins already in the lock are kept while pyproject.toml allows them; LOCK_ARGS=--upgrade
    # (or --upgrade-package NAME) moves them.
    local python
    ensure_venv
    [ -x "$VENV/bin/uv" ] || pip install --progress-bar off uv
    log "Resolving pyproject.toml (with the dev extra) into requirements.lock"
    # shellcheck disable=SC2086
    "$VENV/bin/uv" pip compile pyproject.toml --extra dev --generate-hashes \
        --python-version "$PYTHON_VERSION" --python-platform linux \
        --custom-compile-command "make lock" --quiet --output-file requirements.lock ${LOCK_ARGS:-}
    "$python" scripts/lock.py stamp
}

step_system() {
    apt_install "${SYSTEM_PACKAGES[@]}"
}

step_browser() {
    apt_install chromium
    [ -x /usr/bin/chromium ] || die "/usr/bin/chromium is missing after installing chromium"
    # tests/quality: axe-core and the Nu HTML Checker (npm packages run offline, vnu with Java).
    # Checked by command, not by package: a machine may have Node.js from elsewhere.
    if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
        apt_install nodejs npm
    fi
    command -v java >/dev/null 2>&1 || apt_install default-jre-headless
    if [ ! -f node_modules/axe-core/axe.min.js ] || [ ! -f node_modules/vnu-jar/build/dist/vnu.jar ] \
        || [ package-lock.json -nt node_modules/.package-lock.json ]; then
        log "Installing axe-core and vnu-jar from package-lock.json (npm ci)"
        npm ci --no-audit --no-fund
    fi
}

pg_answers() { pg_isready -q -h 127.0.0.1 -p 5432; }

step_postgres() {
    if command -v pg_isready >/dev/null 2>&1 && pg_answers; then
        check_postgres_login
        return 0
    fi
    local fresh=0 version
    if ! is_installed postgresql; then
        apt_install postgresql
        fresh=1
    fi
    version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)
    [ -n "$version" ] || die "PostgreSQL is installed but has no cluster under /etc/postgresql"
    [ "$fresh" -eq 1 ] && trust_localhost "$version"
    # pg_ctlcluster status: 0 running, 3 stopped. apt may or may not have started it.
    if ! "${SUDO[@]}" pg_ctlcluster --skip-systemctl-redirect "$version" main status >/dev/null 2>&1; then
        log "Starting PostgreSQL $version"
        "${SUDO[@]}" pg_ctlcluster --skip-systemctl-redirect "$version" main start
    elif [ "$fresh" -eq 1 ]; then
        "${SUDO[@]}" pg_ctlcluster --skip-systemctl-redirect "$version" main reload
    fi
    local port
    port=$(pg_lsclusters --no-header 2>/dev/null | awk -v v="$version" '$1 == v && $2 == "main" {print $3}')
    if [ -n "$port" ] && [ "$port" != 5432 ]; then
        die "PostgreSQL $version/main listens on port $port, not 5432: set DATABASE_URL=postgres://postgres@127.0.0.1:$port/cln_portal"
    fi
    wait_for "PostgreSQL on 127.0.0.1:5432" pg_answers
    check_postgres_login
}

trust_localhost() {
    # Only for a cluster this script installed: the tests connect as postgres@127.0.0.1
    # without a password, as on the project's machines (trust on loopback).
    local hba="/etc/postgresql/$1/main/pg_hba.conf"
    if ! grep -q '^host all postgres 127.0.0.1/32 trust' "$hba"; then
        log "Allowing postgres@127.0.0.1 without password in $hba (fresh, local-only cluster)"
        "${SUDO[@]}" sed -i '1i host all postgres 127.0.0.1/32 trust\nhost all postgres ::1/128 trust' "$hba"
    fi
}

check_postgres_login() {
    psql -h 127.0.0.1 -U postgres -d postgres -Atqc 'select 1' >/dev/null 2>&1 \
        || die "PostgreSQL answers on 127.0.0.1 but user postgres cannot log in without a password;
       set DATABASE_URL=postgres://USER:PASSWORD@127.0.0.1:5432/cln_portal (the user needs CREATEDB)"
}

redis_answers() { [ "$(redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null)" = PONG ]; }

step_redis() {
    if command -v redis-cli >/dev/null 2>&1 && redis_answers; then
        return 0
    fi
    is_installed redis-server || apt_install redis-server
    if ! redis_answers; then
        log "Starting Redis on 127.0.0.1:6379"
        "${SUDO[@]}" redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
    fi
    wait_for "Redis on 127.0.0.1:6379" redis_answers
}

step_services() {
    step_postgres
    step_redis
}

step_bench() {
    # Checked by command as well: a machine may have them from elsewhere. Debian's nginx
    # package may start a service on port 80 where services start on install; the bench
    # never uses it.
    command -v wrk >/dev/null 2>&1 || apt_install wrk
    command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || apt_install nginx
}

step_catalogue() {
    if compgen -G "locale/*/LC_MESSAGES/*.po" >/dev/null; then
        # compilemessages walks the whole tree: keep it out of the venv's own catalogues.
        DEBUG=1 "$VENV/bin/python" manage.py compilemessages --ignore="$VENV" --ignore=node_modules \
            --ignore=var --verbosity 0
    fi
}

wait_for() {
    local what=$1 i
    shift
    for i in $(seq 1 30); do
        "$@" && return 0
        sleep 1
    done
    die "$what does not answer after 30 s"
}

# ---------------------------------------------------------------- main

[ $# -gt 0 ] || die "usage: $0 STEP... (python lock system browser postgres redis services catalogue bench)"
for step in "$@"; do
    case "$step" in
        python | lock | system | browser | postgres | redis | services | catalogue | bench) "step_$step" ;;
        *) die "unknown step: $step" ;;
    esac
done
