#!/usr/bin/env bash
# Installs what building, running and testing Molar needs on Debian 12, from Debian's
# repositories and the npm registry only. Safe to run again: it installs only what is missing.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

packages=(
  build-essential cmake ccache pkg-config
  libpoco-dev libboost-dev libboost-filesystem-dev libkainjow-mustache-dev libcppunit-dev
  libssl-dev libargon2-dev libmariadb-dev libsqlite3-dev libjemalloc-dev
  libhowardhinnant-date-dev libexiv2-dev exiv2 libzip-dev libjpeg-dev libpng-dev zlib1g-dev
  libicu-dev libhpdf-dev libhpdf-2.3.0 libfribidi-dev libfribidi0 poppler-utils libqrencode-dev libqrencode4 zbar-tools
  mariadb-server mariadb-client
  chromium fonts-liberation fonts-dejavu-core fonts-noto-core
  wrk curl ca-certificates sqlite3 clang-format iproute2 tzdata nginx slowhttptest
  python3 python3-aiosmtpd openssl default-jre-headless
  clang-14 libfuzzer-14-dev libclang-rt-14-dev llvm-14
  debootstrap lintian dpkg-dev binutils
)
# Node.js: keep whatever node is already installed; otherwise take Debian's.
if ! command -v node >/dev/null 2>&1; then
  packages+=(nodejs npm)
fi

is_installed() {
  [ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null || true)" = installed ]
}

missing=()
for p in "${packages[@]}"; do
  is_installed "$p" || missing+=("$p")
done

if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "install-deps: missing packages: ${missing[*]}; run this script as root" >&2
    exit 1
  fi
  echo "install-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}"
else
  echo "install-deps: system packages present"
fi

if ! command -v npm >/dev/null 2>&1; then
  echo "install-deps: node is on PATH but npm is not; install npm for $(command -v node)" >&2
  exit 1
fi

# Browser-test dependencies, pinned by tests/browser/package-lock.json. playwright-core never
# downloads a browser: the tests drive Debian's /usr/bin/chromium.
browser_dir="$root/tests/browser"
if [ ! -d "$browser_dir/node_modules" ] \
   || [ ! -f "$browser_dir/node_modules/.package-lock.json" ] \
   || [ "$browser_dir/package-lock.json" -nt "$browser_dir/node_modules/.package-lock.json" ]; then
  echo "install-deps: npm ci in tests/browser"
  (cd "$browser_dir" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
else
  echo "install-deps: tests/browser/node_modules up to date"
fi

# three.js for the cases plugin's scan preview, pinned by plugins/cases/web/package-lock.json;
# the build copies it into the plugin's static folder.
cases_web_dir="$root/plugins/cases/web"
if [ ! -d "$cases_web_dir/node_modules" ] \
   || [ ! -f "$cases_web_dir/node_modules/.package-lock.json" ] \
   || [ "$cases_web_dir/package-lock.json" -nt "$cases_web_dir/node_modules/.package-lock.json" ]; then
  echo "install-deps: npm ci in plugins/cases/web"
  (cd "$cases_web_dir" && npm ci --no-audit --no-fund)
else
  echo "install-deps: plugins/cases/web/node_modules up to date"
fi

# Room in ccache for three builds (build/, build-asan/, build-tsan/), so that a fresh
# clone's test command recompiles only what changed.
if command -v ccache >/dev/null 2>&1; then
  ccache --max-size=20G >/dev/null
fi
