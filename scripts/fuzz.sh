#!/usr/bin/env bash
# Runs the libFuzzer targets of the asan build (build-asan/, CMakePresets.json) for a chosen
# time each, one after another or --jobs N at once, and prints a table of executions, speed,
# coverage and findings. New inputs are kept in build-asan/fuzz/corpus/<target>/ across
# runs; with --merge, the interesting ones are minimised into the target's seed corpus in
# the tree.
#
#   bash scripts/fuzz.sh [--time SECONDS] [--jobs N] [--merge] [--no-build] [TARGET...]
#
# --jobs runs N targets at once (default 1; each takes one core).
# TARGET names a target as CMake knows it without "fuzz-" (http-head, zip, ...); none
# means every target. Crashes, leaks and timeouts are written to
# build-asan/fuzz/artifacts/<target>/; the script exits non-zero when any target found one.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

seconds=600
merge=0
build=1
jobs=1
wanted=()
while [ "$#" -gt 0 ]; do
  case "$1" in
    --time) seconds=$2; shift 2 ;;
    --jobs) jobs=$2; shift 2 ;;
    --merge) merge=1; shift ;;
    --no-build) build=0; shift ;;
    -h|--help) sed -n 2,14p "${BASH_SOURCE[0]}"; exit 0 ;;
    *) wanted+=("$1"); shift ;;
  esac
done

tree="$root/build-asan"
if [ "$build" = 1 ]; then
  cmake --preset asan >/dev/null
  cmake --build --preset asan --target molar-fuzzers
fi
manifest="$tree/fuzz/targets.tsv"
if [ ! -f "$manifest" ]; then
  echo "fuzz.sh: no $manifest; configure with cmake --preset asan" >&2
  exit 1
fi

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$root/tests/sanitizers/lsan.supp}"

results="$tree/fuzz/results.tsv"
rows="$tree/fuzz/rows"
rm -rf "$rows"
mkdir -p "$rows"

# The number in the last match of a pattern in a log, or nothing.
last_number() {
  grep -Eo "$1" "$2" | tail -n 1 | grep -Eo '[0-9]+$' || true
}

# Runs one target for the chosen time; writes its row of the table to $rows/<name>.tsv and
# returns non-zero when it found a crash, a leak or a timeout.
run_target() {
  local name=$1 program=$2 seeds=$3 dictionary=$4
  local corpus="$tree/fuzz/corpus/$name"
  local artifacts="$tree/fuzz/artifacts/$name"
  local log="$tree/fuzz/logs/$name.log"
  mkdir -p "$corpus" "$artifacts" "$(dirname "$log")"
  local args=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
              -artifact_prefix="$artifacts/")
  [ -n "$dictionary" ] && args+=(-dict="$dictionary")
  local inputs=("$corpus")
  [ -n "$seeds" ] && inputs+=("$seeds")
  echo "fuzz.sh: $name for ${seconds}s"
  local started rc elapsed executions speed cov ft units findings=0
  started=$(date +%s)
  set +e
  "$program" "${args[@]}" "${inputs[@]}" >"$log" 2>&1
  rc=$?
  set -e
  elapsed=$(($(date +%s) - started))
  executions="$(last_number 'stat::number_of_executed_units: *[0-9]+' "$log")"
  speed="$(last_number 'stat::average_exec_per_sec: *[0-9]+' "$log")"
  # The last status line: "#1234  DONE   cov: 567 ft: 890 corp: 12/3456b ..."
  cov="$(last_number 'cov: [0-9]+' "$log")"
  ft="$(last_number 'ft: [0-9]+' "$log")"
  units="$(find "$corpus" -type f | wc -l)"
  if [ "$rc" -ne 0 ]; then
    findings="$(find "$artifacts" -type f | wc -l)"
    [ "$findings" -gt 0 ] || findings=1
    echo "fuzz.sh: $name stopped with exit code $rc; see $log and $artifacts" >&2
    tail -n 30 "$log" >&2
  fi
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$elapsed" "${executions:-?}" "${speed:-?}" \
    "${cov:-?}" "${ft:-?}" "$units" "$findings" >"$rows/$name.tsv"
  if [ "$merge" = 1 ] && [ -n "$seeds" ] && [ "$rc" -eq 0 ]; then
    # Adds to the seeds only the inputs that reach coverage they do not, minimised.
    "$program" -merge=1 -timeout=10 -rss_limit_mb=2048 "$seeds" "$corpus" >>"$log" 2>&1
  fi
  [ "$rc" -eq 0 ]
}

# Up to $jobs targets at once; each libFuzzer process uses one core.
found=0
running=0
names=()
while IFS=$'\t' read -r name program seeds dictionary; do
  [ -n "$name" ] || continue
  if [ "${#wanted[@]}" -gt 0 ] && [[ ! " ${wanted[*]} " =~ " $name " ]]; then
    continue
  fi
  names+=("$name")
  if [ "$running" -ge "$jobs" ]; then
    wait -n || found=1
    running=$((running - 1))
  fi
  run_target "$name" "$program" "$seeds" "$dictionary" &
  running=$((running + 1))
done <"$manifest"
while [ "$running" -gt 0 ]; do
  wait -n || found=1
  running=$((running - 1))
done

printf 'target\tseconds\texecutions\texec/s\tcov\tft\tcorpus\tfindings\n' >"$results"
for name in "${names[@]}"; do
  cat "$rows/$name.tsv" >>"$results" 2>/dev/null || found=1
done
echo
column -t -s $'\t' "$results"
exit "$found"
