#!/usr/bin/env bash
# Runs every test: the Rust suite, again as novelle is released (a release
# build, linked statically on Linux: scripts/release.sh), then the
# real-browser check of the hearing report. Installs Debian's chromium and
# poppler-utils first if they are missing (the browser check needs them;
# nothing else does).
set -euo pipefail
cd "$(dirname "$0")/.."

cargo test --locked
bash scripts/release.sh test

if ! command -v chromium >/dev/null || ! command -v pdftotext >/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    echo "== installing chromium and poppler-utils for the browser check"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq chromium poppler-utils >/dev/null
  else
    echo "the browser check needs chromium and poppler-utils: sudo apt-get install chromium poppler-utils" >&2
    exit 1
  fi
fi

bash scripts/browser-check.sh
