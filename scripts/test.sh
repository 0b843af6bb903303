#!/usr/bin/env bash
# Install everything the tests need into .venv and run lint + the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/pip install -q --disable-pip-version-check -r requirements-dev.txt 2>&1 | grep -v "is ignored: it is neither" || true
.venv/bin/ruff check .
.venv/bin/python -m pytest "$@"
