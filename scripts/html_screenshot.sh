#!/usr/bin/env bash
# Opens quidit's HTML view in headless Chromium (Debian's `chromium`) and saves a screenshot
# of a document's page and of the index, to look at what a reader sees.
#
# Usage: scripts/html_screenshot.sh [TEXT_DIR] [OUT_DIR]   (defaults: tests/exports, /tmp/quidit-html)
set -euo pipefail
cd "$(dirname "$0")/.."
texts=${1:-tests/exports}
out=${2:-/tmp/quidit-html}
command -v chromium >/dev/null || { echo "chromium is not installed (apt-get install chromium)"; exit 1; }
cargo build --release -q
rm -rf "$out" && target/release/quidit tag -q --format html --output "$out" "$texts"
shoot() { # PAGE PNG
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1200,1400 \
    --screenshot="$2" "file://$(realpath "$1")" 2>/dev/null
  echo "$2"
}
shoot "$out/index.html" "$out/index.png"
for page in "$out"/*.html; do
  [ "$(basename "$page")" = index.html ] || shoot "$page" "${page%.html}.png"
done
