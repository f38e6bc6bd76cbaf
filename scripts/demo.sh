#!/usr/bin/env bash
# Builds Molar and runs the portal in the foreground on SQLite with demo data.
# Extra arguments go to molard, e.g. --set http.port=9090.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

bash scripts/install-deps.sh
bash scripts/build.sh molar-portal
cat <<'BANNER'

Molar demo: the portal starts at http://127.0.0.1:8080/ on SQLite (var/demo.db).
  Home page .............. http://127.0.0.1:8080/
  Sign in ................ http://127.0.0.1:8080/sign-in (the demo sign-ins are printed below)
  Health and readiness ... http://127.0.0.1:8080/healthz  http://127.0.0.1:8080/readyz
  Metrics ................ http://127.0.0.1:8080/metrics
  Messages sent .......... http://127.0.0.1:8080/admin/notifications (as the lab admin)
The demo has no mail server or WhatsApp account: every message the portal would send
(case updates, password-reset links) is written below as a "notifications:" line.
Stop it with Ctrl-C.

BANNER
exec build/bin/molard --config config/demo --demo-data "$@"
