#!/usr/bin/env bash
# Debian packages the product needs: a CJK TrueType font for the PDF (and the browser), and for the tests
# Chromium, its driver, poppler-utils, PostgreSQL and HAProxy (the replicas test); `--replicas` adds HAProxy only
# (scripts/replicas.sh). Installs only what is missing; needs root (or sudo).
set -euo pipefail
want=(fonts-wqy-microhei)
[ "${1:-}" = "--test" ] && want+=(chromium chromium-driver poppler-utils postgresql haproxy)
[ "${1:-}" = "--replicas" ] && want+=(haproxy)
missing=()
for pkg in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ]; then SUDO=""; elif command -v sudo >/dev/null; then SUDO="sudo"; else
  echo "缺少系统软件包（需要 root 安装）：${missing[*]}" >&2; exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
