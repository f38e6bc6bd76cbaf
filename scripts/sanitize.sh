#!/usr/bin/env bash
# Runs the CppUnit suites under a sanitizer, on SQLite and on MariaDB:
#
#   scripts/sanitize.sh asan [ctest args...]   AddressSanitizer + LeakSanitizer + UBSan (build-asan/)
#   scripts/sanitize.sh tsan [ctest args...]   ThreadSanitizer (build-tsan/): the concurrency suites
#   scripts/sanitize.sh tsan all               ThreadSanitizer over every suite
#   scripts/sanitize.sh asan fuzz              the fuzz targets' smoke runs (ctest label fuzz)
#
# Configures and builds the tree (cmake --preset asan|tsan), starts the private MariaDB
# (scripts/mariadb.sh; stopped again only if this script started it), sets the sanitizers'
# options with the suppressions in tests/sanitizers/, then runs ctest one suite at a time.
# Extra arguments go to ctest (e.g. -R '^http-'); a -R of your own replaces TSan's default set.
# The last line reads "N passed, N failed"; the exit code is non-zero when a suite failed.
#
# Environment:
#   MOLAR_BUILD_LOCK=<file>   build under `flock <file>` (a machine shared by several builds;
#                             1 means /tmp/molar-build.lock); unset: build without a lock
#   MOLAR_SANITIZE_BUILD=0    skip configure and build, run the tree as it is
#   MOLAR_SANITIZE_TARGETS="a b"  build only these targets (and what they depend on), not
#                             the whole tree: the suites and fuzzers a run needs
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

usage() {
  echo "usage: scripts/sanitize.sh asan|tsan [all] [ctest args...]" >&2
  exit 2
}
[ $# -ge 1 ] || usage
kind=$1
shift
case "$kind" in
  asan | tsan) ;;
  *) usage ;;
esac
tree="$root/build-$kind"
supp="$root/tests/sanitizers"
started=$(date +%s)

run_all=0
fuzz_smoke=0
if [ "${1:-}" = all ]; then
  run_all=1
  shift
elif [ "${1:-}" = fuzz ]; then
  fuzz_smoke=1
  shift
fi
user_regex=0
for arg in "$@"; do
  case "$arg" in -R | --tests-regex | -R* ) user_regex=1 ;; esac
done

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

elapsed() {
  local seconds=$(($(date +%s) - started))
  printf '%dm%02ds' $((seconds / 60)) $((seconds % 60))
}
# A step before any suite ran: its failure is one failed suite.
give_up() {
  echo "sanitize.sh: $*" >&2
  echo "elapsed: $(elapsed)"
  echo "0 passed, 1 failed"
  exit 1
}

# --- build ---------------------------------------------------------------------------------
if [ "${MOLAR_SANITIZE_BUILD:-1}" != 0 ]; then
  locked=()
  if [ -n "${MOLAR_BUILD_LOCK:-}" ]; then
    lock=$MOLAR_BUILD_LOCK
    [ "$lock" = 1 ] && lock=/tmp/molar-build.lock
    locked=(flock "$lock")
  fi
  echo "==== configure and build $tree ===="
  targets=()
  if [ -n "${MOLAR_SANITIZE_TARGETS:-}" ]; then
    # Names split on spaces and new lines alike (read -a alone would stop at the first line).
    read -r -d '' -a names <<<"$MOLAR_SANITIZE_TARGETS" || true
    targets=(--target "${names[@]}")
  fi
  "${locked[@]}" bash -c 'cmake --preset "$1" >/dev/null && cmake --build --preset "$1" "${@:2}"' _ "$kind" \
    "${targets[@]}" || give_up "the $kind build failed"
fi
[ -f "$tree/CTestTestfile.cmake" ] || give_up "$tree is not configured (cmake --preset $kind)"

# --- MariaDB for the *-mysql suites --------------------------------------------------------
if ! bash scripts/mariadb.sh status >/dev/null 2>&1; then
  mariadb_started=1
  bash scripts/mariadb.sh start || give_up "MariaDB did not start"
fi
MOLAR_TEST_MYSQL_URL="$(bash scripts/mariadb.sh url)"
export MOLAR_TEST_MYSQL_URL

# --- the sanitizers' options ---------------------------------------------------------------
# Programs the suites start (molard, by the crash and e2e tests) inherit these, so their
# reports abort them too; tests/support/ChildProcess fails the test that ran one.
if command -v llvm-symbolizer >/dev/null 2>&1; then
  symbolizer=$(command -v llvm-symbolizer)
  export ASAN_SYMBOLIZER_PATH=$symbolizer TSAN_SYMBOLIZER_PATH=$symbolizer
fi
# abort_on_error: a report ends the program with SIGABRT (a crash the test sees, not an exit code
# a test might take for the program's own). detect_stack_use_after_return: a pointer to a
# returned function's local. strict_string_checks: a C string read past its terminator by
# strtol and the like. check_initialization_order: globals read before their constructors ran.
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:detect_stack_use_after_return=1:strict_string_checks=1:check_initialization_order=1:strict_init_order=1:print_suppressions=0"
export LSAN_OPTIONS="suppressions=$supp/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:suppressions=$supp/ubsan.supp:print_suppressions=0"
export TSAN_OPTIONS="suppressions=$supp/tsan.supp:halt_on_error=1:second_deadlock_stack=1:print_suppressions=0"

# --- which suites --------------------------------------------------------------------------
# Left out:
#   label fuzz        the fuzz targets' smoke runs: scripts/fuzz.sh and the README's test
#                     command run them (libFuzzer's own options, no suites)
# MOLAR_SANITIZE_JOBS suites at once (1 unless told): every suite has its own databases and
# ports, so they may share the machine; TSan runs one at a time whatever is asked.
jobs="${MOLAR_SANITIZE_JOBS:-1}"
if [ "$kind" = tsan ]; then
  jobs=1
fi
ctest_args=(--test-dir "$tree" -j"$jobs" --timeout 1200 --output-on-failure -LE fuzz)
if [ "$fuzz_smoke" = 1 ]; then
  ctest_args=(--test-dir "$tree" -j"$jobs" --timeout 300 --output-on-failure -L fuzz)
fi
if [ "$kind" = tsan ] && [ "$run_all" = 0 ] && [ "$user_regex" = 0 ]; then
  # What ThreadSanitizer is for: the suites where threads or hosts meet on shared state.
  #   outbox        job leases and concurrent workers (JobConcurrencyTest)
  #   events        the event bus's handlers in the publishing transaction
  #   database      the connection pool's waiting borrowers
  #   notifications the notification outbox's senders
  #   payments      attempts, the webhook inbox and the re-sync racing each other
  #   billing       invoice numbers under 16 concurrent issuers and two Portals on one MariaDB
  #   credits       the ledger's concurrent receptions, threads and two Portals on one MariaDB
  #   pay-bank      transfers recorded and imported at once (TransferSafety, PayOnce)
  ctest_args+=(-R '^(outbox|events|database|notifications|payments|billing|credits|pay-bank)-(sqlite|mysql)$')
fi

echo "==== ctest under $kind: ${ctest_args[*]} $* ===="
log=$(mktemp "/tmp/molar-sanitize-$kind.XXXXXX")
set +e
ctest "${ctest_args[@]}" "$@" 2>&1 | tee "$log"
ctest_rc=${PIPESTATUS[0]}
set -e

# "100% tests passed, 0 tests failed out of 12"
summary="$(grep -Eo '[0-9]+ tests? failed out of [0-9]+' "$log" | tail -n 1 || true)"
rm -f "$log"
passed=0
failed=0
if [ -n "$summary" ]; then
  failed=$(echo "$summary" | awk '{print $1}')
  passed=$(($(echo "$summary" | awk '{print $NF}') - failed))
  if [ "$ctest_rc" -ne 0 ] && [ "$failed" -eq 0 ]; then
    echo "sanitize.sh: ctest exited with $ctest_rc" >&2
    failed=1
  fi
else
  echo "sanitize.sh: no ctest summary (exit code $ctest_rc; no test matched?)" >&2
  failed=1
fi
stop_mariadb
echo "elapsed: $(elapsed)"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
