#!/usr/bin/env bash
# End-to-end checks of the built site (issue 4): builds the default site, then
#   1. validates every HTML page with the Nu HTML Checker (vnu),
#   2. runs tests/e2e/*.test.mjs with node's built-in test runner: navigation
#      from disk, search, accessibility (axe-core) and screenshots, in Debian's
#      Chromium driven by playwright-core.
#
# Run from anywhere (it moves to the repository root):  bash tests/e2e/run.sh
# Idempotent: installs only what is missing (chromium, a Java runtime, the npm
# packages of tests/e2e). Never downloads a browser: Chromium comes from apt.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
ROOT=$(pwd)
E2E="$ROOT/tests/e2e"
START=$(date +%s)

section() {
  printf '\n==== %s ==== (+%ss)\n' "$*" "$(($(date +%s) - START))"
}

as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    echo "error: need root (or sudo) to run: $*" >&2
    exit 1
  fi
}

APT_UPDATED=0
apt_install() {
  export DEBIAN_FRONTEND=noninteractive
  if [ "$APT_UPDATED" -eq 0 ]; then
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    APT_UPDATED=1
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

section "Setup: system packages"
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium fonts-liberation)
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "installing with apt: ${missing[*]}"
  apt_install "${missing[@]}"
else
  echo "chromium, java, node and npm already present: nothing to install"
fi
node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 20 ]; then
  echo "error: node $(node --version) is too old: playwright-core needs node 20 or later" >&2
  exit 1
fi
echo "chromium: $(/usr/bin/chromium --version 2>/dev/null)"
echo "java:     $(java -version 2>&1 | head -n 1)"
echo "node:     $(node --version), npm $(npm --version 2>/dev/null)"

section "Setup: npm packages (tests/e2e)"
# --ignore-scripts: vnu-jar's postinstall would download a Java runtime from
# GitHub; the Java from apt is used instead. playwright-core downloads nothing.
if [ -f "$E2E/package-lock.json" ]; then
  (cd "$E2E" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
else
  (cd "$E2E" && npm install --ignore-scripts --no-audit --no-fund --loglevel=error)
fi

section "Build the default site: cargo run --release -- build"
if ! command -v cargo >/dev/null 2>&1 && [ -x "$HOME/.cargo/bin/cargo" ]; then
  export PATH="$HOME/.cargo/bin:$PATH"
fi
cargo run --quiet --release -- build
echo "public/: $(find public -name '*.html' | wc -l) HTML pages"

section "Nu HTML Checker (vnu): every page in public/"
VNU="$E2E/node_modules/vnu-jar/build/dist/vnu.jar"
if java -jar "$VNU" --errors-only --skip-non-html public; then
  echo "vnu: no errors"
  vnu_status=0
else
  echo "vnu: FAILED (errors above)" >&2
  vnu_status=1
fi

section "Browser tests: node --test tests/e2e/*.test.mjs"
test_status=0
node --test "$E2E"/*.test.mjs || test_status=$?

section "Summary"
echo "screenshots: $(cd "$ROOT" && ls docs/screenshots/*.png 2>/dev/null | tr '\n' ' ')"
[ "$vnu_status" -eq 0 ] && echo "vnu:           passed" || echo "vnu:           FAILED"
[ "$test_status" -eq 0 ] && echo "browser tests: passed" || echo "browser tests: FAILED"
echo "took $(($(date +%s) - START))s"
[ "$vnu_status" -eq 0 ] && [ "$test_status" -eq 0 ]
