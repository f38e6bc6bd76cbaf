#!/usr/bin/env bash
# The foundation benchmark: molard (with the bench plugin) against molar-bare-server,
# a plain Poco server doing the same work, side by side in one run. See bench/README.md.
set -euo pipefail

usage() {
    cat <<'EOF'
usage: bench/run.sh [--no-build] [--build-dir DIR] [--molard BIN] [--bare BIN]
                    [--plugins DIR] [--set KEY=VALUE]...

  --no-build        use the binaries already built
  --build-dir DIR   build tree holding bin/ and plugins/ (default: <repo>/build)
  --molard BIN      molard binary (default: DIR/bin/molard)
  --bare BIN        bare server binary (default: DIR/bin/molar-bare-server)
  --plugins DIR     folder holding bench/ (default: DIR/plugins)
  --set KEY=VALUE   extra molard setting, e.g. --set db.poolSize=16 (repeatable)

Environment:
  MOLAR_BENCH_MYSQL_URL     also run against mysql://user:password@host:port/database
                            (a database of its own: both servers share its bench_items)
  MOLAR_BENCH_THREADS       server threads, both servers (default 32)
  MOLAR_BENCH_CONNECTIONS   wrk connections, at most the threads (default 32)
  MOLAR_BENCH_DURATION      seconds per measured run (default 8)
  MOLAR_BENCH_WARMUP        seconds of warm-up per server and route (default 2)
  MOLAR_BENCH_ROUNDS        measured runs per server and route, alternating (default 3)
  MOLAR_BENCH_KEEP=1        keep the temporary folder (logs, SQLite files, wrk output)

Exits 0 when every run completed with every connection answered, whatever the
ratios; non-zero when a server failed or a connection went unanswered.
EOF
}

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=1
BUILD_DIR=$ROOT/build
MOLARD=""
BARE=""
PLUGINS=""
MOLARD_SETTINGS=()
THREADS=${MOLAR_BENCH_THREADS:-32}
CONNECTIONS=${MOLAR_BENCH_CONNECTIONS:-32}
DURATION=${MOLAR_BENCH_DURATION:-8}
WARMUP=${MOLAR_BENCH_WARMUP:-2}
ROUNDS=${MOLAR_BENCH_ROUNDS:-3}
TARGET=0.8
ROW_SCRIPT=$ROOT/bench/random-row.lua

while (($#)); do
    case $1 in
    --no-build) BUILD=0 ;;
    --build-dir) BUILD_DIR=$(cd "$2" && pwd); shift ;;
    --molard) MOLARD=$2; shift ;;
    --bare) BARE=$2; shift ;;
    --plugins) PLUGINS=$2; shift ;;
    --set) MOLARD_SETTINGS+=("--set=$2"); shift ;;
    -h | --help) usage; exit 0 ;;
    *) echo "run.sh: unknown argument $1" >&2; usage >&2; exit 2 ;;
    esac
    shift
done
MOLARD=${MOLARD:-$BUILD_DIR/bin/molard}
BARE=${BARE:-$BUILD_DIR/bin/molar-bare-server}
PLUGINS=${PLUGINS:-$BUILD_DIR/plugins}

BENCH_SCRIPT=run.sh
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

for tool in wrk curl ss awk; do
    command -v "$tool" >/dev/null || die "$tool is not installed"
done
for n in "$THREADS" "$CONNECTIONS" "$DURATION" "$WARMUP" "$ROUNDS"; do
    [[ $n =~ ^[1-9][0-9]*$ ]] || die "thread, connection, duration, warm-up and round counts must be positive integers"
done
# Poco holds one thread per open connection: with more connections than threads the
# extra ones are never answered, and wrk would not say so.
((CONNECTIONS <= THREADS)) || die "MOLAR_BENCH_CONNECTIONS ($CONNECTIONS) must not exceed MOLAR_BENCH_THREADS ($THREADS)"
((DURATION >= 4)) || die "MOLAR_BENCH_DURATION must be at least 4 seconds (connections are checked mid-run)"

if ((BUILD)); then
    [[ -f $BUILD_DIR/CMakeCache.txt ]] || cmake -S "$ROOT" -B "$BUILD_DIR"
    cmake --build "$BUILD_DIR" -j2 --target molard molar-bare-server molar-plugin-bench
fi
[[ -x $MOLARD ]] || die "no molard at $MOLARD (build it, or pass --molard)"
[[ -x $BARE ]] || die "no bare server at $BARE (build it, or pass --bare)"
[[ -f $PLUGINS/bench/bench.so ]] || die "no bench plugin in $PLUGINS/bench (build molar-plugin-bench, or pass --plugins)"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/molar-bench.XXXXXX")
trap bench_cleanup EXIT
trap 'exit 130' INT TERM

# run_route <label> <port> <path> <seconds> [measure]
#   path: the route, or for the PK read its prefix ending in "/" (random-row.lua adds
#   the id).
run_route() {
    local label=$1 port=$2 path=$3 seconds=$4 measure=${5:-}
    if [[ $path == */ ]]; then
        BENCH_ROW_PREFIX=$path run_wrk "$label" "$port" / "$seconds" "$measure" -s "$ROW_SCRIPT"
    else
        run_wrk "$label" "$port" "$path" "$seconds" "$measure"
    fi
}

DATABASES=()

# bench_database <name> <molard db.url> <bare db url>
bench_database() {
    local db=$1 molard_url=$2 bare_url=$3
    local molard_port bare_port config=$WORK/$db-config
    molard_port=$(free_port)
    bare_port=$(free_port "$molard_port")
    mkdir -p "$config"

    # One database connection per server thread on both sides, as the bare server's
    # thread-local sessions have.
    # molard first: its migration creates bench_items (the bare server only creates
    # it when missing, so a shared MySQL database gets molard's table).
    local molard_log=$WORK/$db-molard.log bare_log=$WORK/$db-bare.log
    # The --name=value form: Poco's option parser reads it the same in every version.
    "$MOLARD" --config="$config" \
        --set=http.port="$molard_port" --set=http.threads="$THREADS" --set=db.poolSize="$THREADS" \
        --set=db.url="$molard_url" --set=plugins.path="$PLUGINS" --set=plugins.enabled=bench \
        --set=logging.accessLog=false --set=logging.level=warning \
        ${MOLARD_SETTINGS[@]+"${MOLARD_SETTINGS[@]}"} >"$molard_log" 2>&1 &
    local molard_pid=$!
    SERVER_PIDS+=("$molard_pid")
    wait_ready molard "$molard_pid" "http://127.0.0.1:$molard_port/readyz" "$molard_log"

    "$BARE" --port "$bare_port" --threads "$THREADS" --db "$bare_url" >"$bare_log" 2>&1 &
    local bare_pid=$!
    SERVER_PIDS+=("$bare_pid")
    wait_ready molar-bare-server "$bare_pid" "http://127.0.0.1:$bare_port/hello" "$bare_log"

    # Both must give the same answers before their speeds mean anything.
    local a b
    a=$(curl -fsS "http://127.0.0.1:$molard_port/bench/row/42") || die "molard: GET /bench/row/42 failed"
    b=$(curl -fsS "http://127.0.0.1:$bare_port/row/42") || die "bare: GET /row/42 failed"
    [[ $a == "$b" ]] || echo "run.sh: note: bodies differ: molard $a, bare $b" >&2

    echo "== $db: molard :$molard_port, bare :$bare_port, $THREADS threads, $CONNECTIONS connections, ${DURATION}s x $ROUNDS"
    local scenario round molard_path bare_path
    for scenario in hello row; do
        if [[ $scenario == hello ]]; then
            molard_path=/bench/hello bare_path=/hello
        else
            molard_path=/bench/row/ bare_path=/row/
        fi
        run_route "$db:$scenario:warmup:molard" "$molard_port" "$molard_path" "$WARMUP"
        run_route "$db:$scenario:warmup:bare" "$bare_port" "$bare_path" "$WARMUP"
        # A B B A A B ...: a slow moment of the machine, or a database that warms up
        # as it goes, hits both servers alike, and neither always goes first.
        for ((round = 1; round <= ROUNDS; round++)); do
            if ((round % 2 == 1)); then
                run_route "$db:$scenario:molard" "$molard_port" "$molard_path" "$DURATION" measure
                check_alive molard "$molard_pid" "$molard_log"
                run_route "$db:$scenario:bare" "$bare_port" "$bare_path" "$DURATION" measure
                check_alive molar-bare-server "$bare_pid" "$bare_log"
            else
                run_route "$db:$scenario:bare" "$bare_port" "$bare_path" "$DURATION" measure
                check_alive molar-bare-server "$bare_pid" "$bare_log"
                run_route "$db:$scenario:molard" "$molard_port" "$molard_path" "$DURATION" measure
                check_alive molard "$molard_pid" "$molard_log"
            fi
        done
    done

    stop_server "$bare_pid"
    stop_server "$molard_pid"
    SERVER_PIDS=()
    DATABASES+=("$db")
}

bench_database sqlite "sqlite:$WORK/molard.db" "sqlite:$WORK/bare.db"
if [[ -n ${MOLAR_BENCH_MYSQL_URL:-} ]]; then
    bench_database mysql "$MOLAR_BENCH_MYSQL_URL" "$MOLAR_BENCH_MYSQL_URL"
fi

echo
echo "Best of $ROUNDS runs each; ratio = molard req/s / bare req/s, target >= $TARGET"
printf '%-8s %-9s %13s %13s %7s %12s %12s  %s\n' database scenario "molard req/s" "bare req/s" ratio "molard p99" "bare p99" target
for db in "${DATABASES[@]}"; do
    for scenario in hello row; do
        m=${BEST_RPS[$db:$scenario:molard]:-}
        b=${BEST_RPS[$db:$scenario:bare]:-}
        if [[ -z $m || -z $b ]]; then
            printf '%-8s %-9s %13s\n' "$db" "$scenario" "no figures"
            continue
        fi
        ratio=$(awk -v m="$m" -v b="$b" 'BEGIN { printf "%.2f", m / b }')
        verdict=$(awk -v r="$ratio" -v t="$TARGET" 'BEGIN { print (r >= t ? "PASS" : "FAIL") }')
        if [[ -n ${UNANSWERED[$db:$scenario:molard]:-}${UNANSWERED[$db:$scenario:bare]:-} ]]; then
            verdict="INVALID (failed or unanswered requests)"
        fi
        label=$([[ $scenario == hello ]] && echo trivial || echo "pk-read")
        printf '%-8s %-9s %13.0f %13.0f %7s %9s ms %9s ms  %s\n' "$db" "$label" "$m" "$b" "$ratio" \
            "${BEST_P99[$db:$scenario:molard]}" "${BEST_P99[$db:$scenario:bare]}" "$verdict"
    done
done

if ((FAILURES > 0)); then
    echo "run.sh: $FAILURES run(s) had unanswered connections or errors (see above)" >&2
    exit 1
fi
