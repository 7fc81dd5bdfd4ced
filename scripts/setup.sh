#!/usr/bin/env bash
# Installs everything kplay needs on a fresh Debian 12 machine (run as root), then builds kplay.
set -euo pipefail
cd "$(dirname "$0")/.."

packages() {
  cat scripts/apt-packages.txt test/lab/APT_PACKAGES 2>/dev/null | sed 's/#.*//' | tr -s ' \t' '\n' | grep -v '^$' | sort -u
}

if [ "$(id -u)" = 0 ]; then
  missing=$(packages | while read -r p; do dpkg -s "$p" >/dev/null 2>&1 || echo "$p"; done)
  if [ -n "$missing" ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # shellcheck disable=SC2086
    apt-get install -y -qq --no-install-recommends $missing >/dev/null
  fi
else
  echo "setup: not root, skipping apt packages (tests that need test hosts will be skipped)" >&2
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
npm run build --silent
