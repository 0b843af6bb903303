#!/usr/bin/env bash
# Install the runtime dependencies into .venv and start the wizard on http://127.0.0.1:8599 (SQLite under data/).
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/pip install -q --disable-pip-version-check -r requirements.txt >.venv/pip.log 2>&1 || { grep -v "is ignored: it is neither" .venv/pip.log; exit 1; }
exec .venv/bin/streamlit run app.py "$@"
