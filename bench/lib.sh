# shellcheck shell=bash disable=SC2034 # the BEST_* and UNANSWERED tables are read by the sourcing script
# Shared by the benchmark scripts (run.sh, cases.sh): starting and stopping servers,
# free ports, running wrk and keeping each label's best figures. Sourced, not run.
#
# The sourcing script sets BENCH_SCRIPT (its name, for messages), CONNECTIONS (wrk
# connections) and WORK (a temporary folder) before calling anything here.

SERVER_PIDS=()
WRK_PID=""
FAILURES=0
declare -A BEST_RPS BEST_P50 BEST_P99 UNANSWERED

die() {
    echo "$BENCH_SCRIPT: $*" >&2
    exit 1
}

stop_server() {
    local pid=$1 i
    kill -TERM "$pid" 2>/dev/null || return 0
    for ((i = 0; i < 50; i++)); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}

# Stops what is still running and removes WORK (kept with MOLAR_BENCH_KEEP=1).
bench_cleanup() {
    local pid
    # Background jobs ignore SIGINT: stop a running wrk too.
    [[ -z $WRK_PID ]] || kill "$WRK_PID" 2>/dev/null || true
    for pid in ${SERVER_PIDS[@]+"${SERVER_PIDS[@]}"}; do
        stop_server "$pid"
    done
    [[ -n ${WORK:-} ]] || return 0
    if [[ ${MOLAR_BENCH_KEEP:-0} == 1 ]]; then
        echo "$BENCH_SCRIPT: kept $WORK" >&2
    else
        rm -rf "$WORK"
    fi
}

# A loopback port nobody listens on; $1 is a port already handed out.
free_port() {
    local port
    while :; do
        port=$((20000 + RANDOM % 12000)) # below the ephemeral range wrk connects from
        [[ $port != "${1:-}" ]] || continue
        ss -Htln "( sport = :$port )" | grep -q . || break
    done
    echo "$port"
}

# Fails with the server's log when it exits or is not ready within 60 s.
wait_ready() {
    local name=$1 pid=$2 url=$3 log=$4 i
    for ((i = 0; i < 600; i++)); do
        if ! kill -0 "$pid" 2>/dev/null; then
            echo "$BENCH_SCRIPT: $name exited during start-up; its log:" >&2
            cat "$log" >&2
            exit 1
        fi
        if curl -fsS -o /dev/null --max-time 2 "$url" 2>/dev/null; then
            return 0
        fi
        sleep 0.1
    done
    echo "$BENCH_SCRIPT: $name not ready at $url after 60 s; its log:" >&2
    cat "$log" >&2
    exit 1
}

# Exits when a server has died: every later figure would be meaningless.
check_alive() {
    local name=$1 pid=$2 log=$3
    if ! kill -0 "$pid" 2>/dev/null; then
        echo "$BENCH_SCRIPT: $name died; its log:" >&2
        cat "$log" >&2
        exit 1
    fi
}

# Server-side connections on port $1 the server has not sent a single byte on.
silent_connections() {
    ss -Htni state established "( sport = :$1 )" | awk '
        /^[^ \t]/ { if (peer != "" && !sent) print peer; peer = $4; sent = 0; next }
        /bytes_sent:[1-9]/ { sent = 1 }
        END { if (peer != "" && !sent) print peer }' | sort
}

# wrk's "1.23ms", "870.00us", "1.02s" in milliseconds.
to_ms() {
    awk -v v="$1" 'BEGIN {
        n = v + 0
        if (v ~ /us$/) n /= 1000
        else if (v ~ /ms$/) n = n
        else if (v ~ /m$/) n *= 60000
        else if (v ~ /s$/) n *= 1000
        printf "%.2f", n }'
}

# run_wrk <label> <port> <path> <seconds> <measure> [wrk option]...
#   With measure non-empty the run counts toward the table: its figures are printed
#   and kept when they are the label's best (BEST_RPS, BEST_P50, BEST_P99), and its
#   connections are checked for ones never answered. Extra options (-s script,
#   -H header) go to wrk; a script's own environment comes from the caller.
run_wrk() {
    local label=$1 port=$2 path=$3 seconds=$4 measure=$5
    shift 5
    local out=$WORK/wrk-${label//:/-}-$RANDOM.txt url=http://127.0.0.1:$port$path
    wrk -t2 -c"$CONNECTIONS" -d"${seconds}s" --latency --timeout 5s "$@" "$url" >"$out" 2>&1 &
    WRK_PID=$!

    # Every connection must have had an answer: a connection the server has sent
    # nothing on at two moments 1-2 s apart mid-run was never served.
    local silent=""
    if [[ -n $measure ]]; then
        local first second
        sleep "$(awk -v d="$seconds" 'BEGIN { print d * 0.4 }')"
        first=$(silent_connections "$port")
        sleep "$(awk -v d="$seconds" 'BEGIN { print d * 0.3 }')"
        second=$(silent_connections "$port")
        silent=$(comm -12 <(echo "$first") <(echo "$second") | grep . || true)
    fi
    local status=0
    wait "$WRK_PID" || status=$?
    WRK_PID=""
    if ((status != 0)); then
        echo "$BENCH_SCRIPT: wrk failed on $label:" >&2
        cat "$out" >&2
        FAILURES=$((FAILURES + 1))
        UNANSWERED[$label]=1
        return 0
    fi

    local problems="" errors
    errors=$(grep -E 'Socket errors|Non-2xx' "$out" | sed 's/^ */  /' || true)
    [[ -z $errors ]] || problems+=$'\n'"$errors"
    if [[ -n $silent ]]; then
        problems+=$'\n'"  $(echo "$silent" | wc -l) of $CONNECTIONS connections never answered"
    fi
    local rps p50 p99
    rps=$(awk '/^Requests\/sec:/ { print $2 }' "$out")
    p50=$(awk '$1 == "50%" { print $2 }' "$out")
    p99=$(awk '$1 == "99%" { print $2 }' "$out")
    if [[ -z $rps || -z $p50 || -z $p99 ]]; then
        problems+=$'\n'"  no figures in wrk's output"
    fi
    local mark=""
    if [[ -n $problems ]]; then
        echo "$BENCH_SCRIPT: $label: failed or unanswered requests:$problems" >&2
        FAILURES=$((FAILURES + 1))
        UNANSWERED[$label]=1
        mark="  (failed or unanswered requests)"
    fi
    [[ -n $measure && -n $rps && -n $p50 && -n $p99 ]] || return 0

    p50=$(to_ms "$p50")
    p99=$(to_ms "$p99")
    printf '  %-30s %10.0f req/s  p50 %8s ms  p99 %8s ms%s\n' "$label" "$rps" "$p50" "$p99" "$mark"
    if [[ -z ${BEST_RPS[$label]:-} ]] || awk -v a="$rps" -v b="${BEST_RPS[$label]}" 'BEGIN { exit !(a > b) }'; then
        BEST_RPS[$label]=$rps
    fi
    if [[ -z ${BEST_P50[$label]:-} ]] || awk -v a="$p50" -v b="${BEST_P50[$label]}" 'BEGIN { exit !(a < b) }'; then
        BEST_P50[$label]=$p50
    fi
    if [[ -z ${BEST_P99[$label]:-} ]] || awk -v a="$p99" -v b="${BEST_P99[$label]}" 'BEGIN { exit !(a < b) }'; then
        BEST_P99[$label]=$p99
    fi
}
