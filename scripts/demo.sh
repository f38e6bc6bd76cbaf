#!/usr/bin/env bash
# Builds Molar and runs the portal in the foreground on SQLite with demo data.
# Extra arguments go to molard, e.g. --set http.port=9090.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

bash scripts/install-deps.sh
bash scripts/build.sh
exec build/bin/molard --config config/demo "$@"
