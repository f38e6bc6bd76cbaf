#!/usr/bin/env bash
# Connection handling of molard: 256 keep-alive clients against 32 workers, 400 slow-header
# connections beside a normal client, 2,000 idle connections. Prints each figure and its ratio
# to the target; see bench/connections.py.
#
#   bench/connections.sh [--no-build] [--only keepalive|slowloris|idle]
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=1
ARGS=()
while (($#)); do
    case $1 in
    --no-build) BUILD=0 ;;
    --only) ARGS+=(--only "$2"); shift ;;
    -h | --help) sed -n '2,6p' "$0"; exit 0 ;;
    *) echo "connections.sh: unknown argument $1" >&2; exit 2 ;;
    esac
    shift
done

BENCH_SCRIPT=connections.sh
CONNECTIONS=0
WORK=$(mktemp -d)
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
trap bench_cleanup EXIT

if ((BUILD)); then
    cmake -S "$ROOT" -B "$ROOT/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
    cmake --build "$ROOT/build" -j2 --target molard >/dev/null
fi
command -v slowhttptest >/dev/null || die "slowhttptest is missing: run scripts/install-deps.sh"

# The connection limit molard needs for 2,000 clients, as the systemd unit sets it.
ulimit -n 16384
port=$(free_port)
mkdir -p "$WORK/etc"
"$ROOT/build/bin/molard" --config "$WORK/etc" --data-dir "$ROOT" --set "http.port=$port" \
    --set "db.url=sqlite:$WORK/molar.db" --set plugins.enabled= --set logging.accessLog=false \
    --set http.threads=32 --set http.keepAliveSeconds=60 >"$WORK/molard.log" 2>&1 &
pid=$!
SERVER_PIDS+=("$pid")
wait_ready molard "$pid" "http://127.0.0.1:$port/healthz" "$WORK/molard.log"
echo "connections.sh: molard $pid on port $port, 32 workers, keep-alive 60 s, head deadline 10 s"
python3 "$ROOT/bench/connections.py" --port "$port" --pid "$pid" ${ARGS[@]+"${ARGS[@]}"}
