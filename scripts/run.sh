#!/usr/bin/env bash
# The README's run command: installs the runtime into .venv and starts the wizard on http://127.0.0.1:8599
# (SQLite under data/ unless DATABASE_URL is set).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-deps.sh || echo "提示：未能安装中文字体 fonts-wqy-microhei，PDF 报告将无法生成（可设置 GF_CJK_FONT 指向 TTF 字体）" >&2
python3 -m venv .venv
.venv/bin/pip install -q --disable-pip-version-check -r requirements.txt >.venv/pip.log 2>&1 \
  || { grep -v "is ignored: it is neither" .venv/pip.log; exit 1; }
exec .venv/bin/streamlit run serve.py "$@"  # the wizard app.py plus its sign-in routes
