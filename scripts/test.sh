#!/usr/bin/env bash
# The README's test command: installs everything the tests need, then runs ruff, mypy and the whole suite
# (AppTest, real-browser tests in Debian's Chromium, PDF checks, SQLite and a private PostgreSQL).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-deps.sh --test
python3 -m venv .venv
.venv/bin/pip install -q --disable-pip-version-check -r requirements-dev.txt >.venv/pip.log 2>&1 \
  || { grep -v "is ignored: it is neither" .venv/pip.log; exit 1; }
.venv/bin/ruff check .
.venv/bin/mypy  # files and strictness per package: pyproject.toml [tool.mypy]
bash scripts/with-postgres.sh .venv/bin/python -m pytest "$@"
