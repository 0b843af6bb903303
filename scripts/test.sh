#!/usr/bin/env bash
# Install everything the tests need into .venv and run lint + the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/pip install -q --disable-pip-version-check -r requirements-dev.txt >.venv/pip.log 2>&1 || { grep -v "is ignored: it is neither" .venv/pip.log; exit 1; }
.venv/bin/ruff check .
.venv/bin/python -m pytest "$@"
