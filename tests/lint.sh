#!/usr/bin/env bash
# Lint and type-check, as CI does: ruff on the code and tests, mypy (strict on the domain
# packages; see pyproject.toml). Uses the same virtual environment as tests/run.sh
# (NETOPS_VENV, default .venv) and adds the pinned tools of the `dev` extra to it.
#   bash tests/lint.sh
set -euo pipefail
cd "$(dirname "$0")/.."
sh scripts/install.sh --test
venv="${NETOPS_VENV:-.venv}"
"$venv/bin/python" -m pip install -q --disable-pip-version-check -e '.[test,dev]' >&2
"$venv/bin/python" -m ruff check netops tests benchmarks
"$venv/bin/python" -m mypy
