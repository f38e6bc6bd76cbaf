#!/usr/bin/env bash
# Runs every suite: installs what is missing, builds, starts a private MariaDB, runs the
# CppUnit suites through ctest (on SQLite and on MariaDB) and the browser tests, then stops
# MariaDB. Exits non-zero when anything failed; the last line reads "N passed, N failed".
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

logs="$root/build/test-logs"
# These suites run under ASan+UBSan at the end (ctest names, both databases) instead of in
# the gcc build: the same tests, with the sanitizers' checks, once.
asan_suites='^(http-(sqlite|mysql)|multipart|files|cases-files|outbox-(sqlite|mysql)|money|payments-(sqlite|mysql)|credits-(sqlite|mysql)|credits-logic|billing-logic|warranty-logic|nps-logic|aligners-logic|pay-(bank|stripe|razorpay)-logic)$'
# What build-asan/ needs for them and the fuzz targets: their programs (with the plugins and
# molard they declare), not the whole tree.
asan_targets='http-test multipart-test files-test cases-files-test outbox-test money-test payments-test
  credits-test credits-logic-test billing-logic-test warranty-logic-test nps-logic-test aligners-logic-test
  pay-bank-logic-test pay-stripe-logic-test pay-razorpay-logic-test molar-fuzzers'

passed=0
failed=0
mariadb_started=0

stop_mariadb() {
  if [ "$mariadb_started" = 1 ]; then
    mariadb_started=0
    bash scripts/mariadb.sh stop || true
  fi
}
trap stop_mariadb EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

section() { printf '\n==== %s ====\n' "$*"; }

finish() {
  stop_mariadb
  echo
  echo "$passed passed, $failed failed"
  if [ "$failed" -gt 0 ]; then exit 1; fi
  exit 0
}

# A step that must succeed before any suite can run; its failure counts as one failed suite.
require() {
  local what=$1
  shift
  section "$what"
  if ! "$@"; then
    echo "test.sh: $what failed" >&2
    failed=$((failed + 1))
    finish
  fi
}

require "install dependencies" bash scripts/install-deps.sh
require "build" bash scripts/build.sh
mkdir -p "$logs"
mariadb_started=1
require "start MariaDB" bash scripts/mariadb.sh start
MOLAR_TEST_MYSQL_URL="$(bash scripts/mariadb.sh url)"
export MOLAR_TEST_MYSQL_URL
echo "MOLAR_TEST_MYSQL_URL=$MOLAR_TEST_MYSQL_URL"

# --- CppUnit suites (ctest) ---------------------------------------------------------------
section "ctest"
ctest_log="$logs/ctest.log"
set +e
# Two suites at once on the two cores: each has its own SQLite file or MariaDB database
# (molar_test_<random>) and listens on a port of its own.
ctest --test-dir build --output-on-failure -j2 --timeout 600 -E "$asan_suites" 2>&1 | tee "$ctest_log"
ctest_rc=${PIPESTATUS[0]}
set -e
# "100% tests passed, 0 tests failed out of 12"
summary="$(grep -Eo '[0-9]+ tests? failed out of [0-9]+' "$ctest_log" | tail -n 1 || true)"
if [ -n "$summary" ]; then
  ctest_failed="$(echo "$summary" | awk '{print $1}')"
  ctest_total="$(echo "$summary" | awk '{print $NF}')"
  passed=$((passed + ctest_total - ctest_failed))
  failed=$((failed + ctest_failed))
  if [ "$ctest_rc" -ne 0 ] && [ "$ctest_failed" -eq 0 ]; then
    echo "test.sh: ctest exited with $ctest_rc" >&2
    failed=$((failed + 1))
  fi
else
  echo "test.sh: no ctest summary found (exit code $ctest_rc); counting the suite as failed" >&2
  failed=$((failed + 1))
fi

# --- browser tests (node:test + playwright-core + Debian's Chromium) ----------------------
# Runs node --test on the given files, writing TAP to $1, and counts its tests in the summary.
run_browser_tests() {
  local tap=$1
  shift
  rm -f "$tap"
  set +e
  # Two files at once: each starts its own molard, database, mail server and Chromium.
  node --test --test-concurrency=2 \
    --test-reporter=spec --test-reporter-destination=stdout \
    --test-reporter=tap --test-reporter-destination="$tap" \
    "$@"
  local node_rc=$?
  set -e
  tap_count() { grep -E "^# $1 [0-9]+\$" "$tap" 2>/dev/null | tail -n 1 | awk '{print $3}' || true; }
  local node_pass node_fail node_cancelled node_failed
  node_pass="$(tap_count pass)"
  node_fail="$(tap_count fail)"
  node_cancelled="$(tap_count cancelled)"
  if [ -n "$node_pass" ] && [ -n "$node_fail" ]; then
    node_failed=$((node_fail + ${node_cancelled:-0}))
    passed=$((passed + node_pass))
    failed=$((failed + node_failed))
    if [ "$node_rc" -ne 0 ] && [ "$node_failed" -eq 0 ]; then
      echo "test.sh: node --test exited with $node_rc" >&2
      failed=$((failed + 1))
    fi
  else
    echo "test.sh: no node --test summary found (exit code $node_rc); counting the suite as failed" >&2
    failed=$((failed + 1))
  fi
}

section "browser tests"
shopt -s nullglob
browser_tests=(tests/browser/*.test.mjs)
billing_tests=(tests/browser/billing-*.test.mjs tests/browser/credits-*.test.mjs tests/browser/warranty*.test.mjs tests/browser/nps*.test.mjs tests/browser/aligners*.test.mjs)
shopt -u nullglob
# The pages the browser tests are served are kept here for the Nu HTML checker below.
rm -rf build/artifacts/pages
if [ "${#browser_tests[@]}" -eq 0 ]; then
  echo "test.sh: no tests/browser/*.test.mjs found; counting the suite as failed" >&2
  failed=$((failed + 1))
else
  run_browser_tests "$logs/browser.tap" "${browser_tests[@]}"
fi

# The fake payment gateways' own tests (tests/fakes/<gateway>/*.test.mjs): node builtins only.
section "fake gateways"
fake_tests=(tests/fakes/*/*.test.mjs)
if [ "${#fake_tests[@]}" -eq 0 ] || [ ! -e "${fake_tests[0]}" ]; then
  echo "test.sh: no tests/fakes/*/*.test.mjs found; counting the suite as failed" >&2
  failed=$((failed + 1))
else
  run_browser_tests "$logs/fakes.tap" "${fake_tests[@]}"
fi

# The billing, credits, warranty, feedback and aligner journeys again, each molard on its own fresh database on the MariaDB above.
section "browser tests on MariaDB (billing, credits, warranty, feedback and aligner journeys)"
if [ "${#billing_tests[@]}" -eq 0 ]; then
  echo "test.sh: no tests/browser/billing-*.test.mjs found; counting the suite as failed" >&2
  failed=$((failed + 1))
elif ! bash scripts/mariadb.sh status; then
  echo "test.sh: MariaDB is no longer running; counting the suite as failed" >&2
  failed=$((failed + 1))
else
  MOLAR_BROWSER_DB=mysql run_browser_tests "$logs/browser-mysql.tap" "${billing_tests[@]}"
fi

# --- the Nu HTML checker over every page the browser tests were served -----------------------
section "HTML validity (Nu HTML checker)"
if node scripts/check-html.mjs; then
  passed=$((passed + 1))
else
  failed=$((failed + 1))
fi

# --- under the sanitizers: clang's ASan+UBSan (build-asan/, scripts/sanitize.sh) ------------------
# Adds a script's last line, "N passed, N failed", to the totals; no such line is one failure.
run_counted() {
  local log rc line script_passed script_failed
  log="$(mktemp)"
  set +e
  "$@" 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  set -e
  line="$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -n 1 || true)"
  rm -f "$log"
  if [ -z "$line" ]; then
    echo "test.sh: no summary from $*; counting it as failed" >&2
    failed=$((failed + 1))
    return
  fi
  script_passed="$(echo "$line" | awk '{print $1}')"
  script_failed="$(echo "$line" | awk '{print $3}')"
  passed=$((passed + script_passed))
  failed=$((failed + script_failed))
  if [ "$rc" -ne 0 ] && [ "$script_failed" -eq 0 ]; then
    echo "test.sh: $* exited with $rc" >&2
    failed=$((failed + 1))
  fi
}

# The Debian packages: built (build-deb/), checked by lintian, installed into a clean Debian 12
# root, run as the systemd unit runs molard, upgraded, and purged (tests/packaging/run.sh).
section "Debian packages in a clean Debian 12 root"
run_counted bash tests/packaging/run.sh

# Every fuzz target over its seed corpus and a few seconds of new inputs: a target that no
# longer builds or crashes at once fails here. Builds build-asan/ first.
section "ASan+UBSan: build, and the fuzz targets' smoke runs"
MOLAR_SANITIZE_TARGETS="$asan_targets" MOLAR_SANITIZE_JOBS=2 run_counted bash scripts/sanitize.sh asan fuzz

# The suites that matter most under a sanitizer, on both databases: HTTP framing and uploads,
# multipart, files, the outbox, and the money (payments, providers, billing's and credits'
# logic, the credit ledger). The gcc run above left them out; scripts/sanitize.sh runs the
# rest under ASan+UBSan, and TSan.
section "ASan+UBSan: HTTP, multipart, files, outbox and money suites"
MOLAR_SANITIZE_BUILD=0 MOLAR_SANITIZE_JOBS=2 run_counted bash scripts/sanitize.sh asan -R "$asan_suites"

finish
