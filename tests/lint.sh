#!/usr/bin/env bash
# Lint and type-check, as CI does: ruff on the code and tests, mypy (strict on the domain
# packages; see pyproject.toml). Installs the pinned tools of the `dev` extra first.
#   bash tests/lint.sh
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m pip install -q --disable-pip-version-check -e '.[dev]' >&2
python3 -m ruff check netops tests benchmarks
python3 -m mypy
