"""requirements.lock helpers for scripts/setup.sh and `make lock` (standard library only).

    python scripts/lock.py stamp    # writes the hash of pyproject.toml's dependencies into the lock's header
    python scripts/lock.py check    # fails with a clear message when the lock no longer matches pyproject.toml
    python scripts/lock.py stale    # (venv's python) installed distributions the lock does not name

The hash covers only what decides the lock (requires-python, dependencies and the optional
ones), so that editing [tool.ruff] or [tool.importlinter] does not ask for a new lock.
Git does not keep modification times: the hash is what tells a stale lock on a fresh clone.
"""

import hashlib
import json
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = ROOT / "pyproject.toml"
LOCK = ROOT / "requirements.lock"
HEADER = "# pyproject-dependencies-sha256: "
# Installed with the venv or by pip itself, never in the lock; cln-portal is the project.
NOT_LOCKED = {"pip", "setuptools", "wheel", "cln-portal"}


def dependencies_hash() -> str:
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    decisive = {
        "requires-python": project.get("requires-python"),
        "dependencies": project.get("dependencies", []),
        "optional-dependencies": project.get("optional-dependencies", {}),
    }
    return hashlib.sha256(json.dumps(decisive, sort_keys=True).encode()).hexdigest()


def recorded_hash() -> str | None:
    for line in LOCK.read_text(encoding="utf-8").splitlines():
        if line.startswith(HEADER):
            return line.removeprefix(HEADER).strip()
    return None


def stamp() -> int:
    lines = [line for line in LOCK.read_text(encoding="utf-8").splitlines() if not line.startswith(HEADER)]
    LOCK.write_text("\n".join([HEADER + dependencies_hash(), *lines]) + "\n", encoding="utf-8")
    return 0


def check() -> int:
    if not LOCK.exists():
        print("setup: error: requirements.lock is missing: run `make lock`", file=sys.stderr)
        return 1
    if recorded_hash() != dependencies_hash():
        print(
            "setup: error: requirements.lock is older than pyproject.toml's dependencies: run `make lock`\n"
            "       (requirements.lock ne correspond plus à pyproject.toml : lancez `make lock`)",
            file=sys.stderr,
        )
        return 1
    return 0


def normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def stale() -> int:
    from importlib.metadata import distributions

    locked = {
        normalize(match.group(1))
        for match in re.finditer(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==", LOCK.read_text(encoding="utf-8"), re.M)
    }
    installed = {normalize(dist.metadata["Name"]) for dist in distributions()}
    print("\n".join(sorted(installed - locked - NOT_LOCKED)))
    return 0


if __name__ == "__main__":
    commands = {"stamp": stamp, "check": check, "stale": stale}
    if len(sys.argv) != 2 or sys.argv[1] not in commands:
        sys.exit(f"usage: {sys.argv[0]} {'|'.join(commands)}")
    sys.exit(commands[sys.argv[1]]())
