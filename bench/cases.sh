#!/usr/bin/env bash
# The cases benchmark: one million cases across 500 organizations, then the clinic's
# case list, invoices and credit activity, the lab board, the public tracker and the
# warranty check under load, each beside the bare Poco server of the foundation
# benchmark doing the same work. See bench/README.md.
set -euo pipefail

usage() {
    cat <<'EOF'
usage: bench/cases.sh [--no-build] [--build-dir DIR] [--molard BIN] [--bare BIN]
                      [--plugins DIR] [--set KEY=VALUE]... [--explain]

  --no-build        use the binaries already built
  --build-dir DIR   build tree holding bin/ and plugins/ (default: <repo>/build)
  --molard BIN      molard binary (default: DIR/bin/molard)
  --bare BIN        bare server binary (default: DIR/bin/molar-bare-server)
  --plugins DIR     folder holding cases/ (default: DIR/plugins)
  --set KEY=VALUE   extra molard setting, e.g. --set db.poolSize=32 (repeatable)
  --explain         print the query plans of the case list's SQL after seeding

For SQLite (a new file in a temporary folder) and, when MOLAR_BENCH_MYSQL_URL is set,
MariaDB/MySQL: molard migrates a fresh database and adds the demo data, the script
seeds organizations, clinics, dentists and cases with SQL, then measures
GET /cases (first page, a page deep in the list, ?status=in_design), GET /billing/invoices
and GET /credits/activity signed in as the demo owner of Pearl Dental and GET /lab/cases
(the lab board) signed in as the demo lab admin, each alternating with the bare server's
same page (GET /cases?org=<Pearl>&..., GET /lab/cases, ...: the same session, the same
queries, rows, dates, amounts and templates), and
GET /track/<number> over many real numbers, alternating with the bare server's
primary-key read. The floor is a page's queries from one thread in a loop.

Environment:
  MOLAR_BENCH_MYSQL_URL       also run against mysql://user:password@host:port/database;
                              EVERY TABLE IN THAT DATABASE IS DROPPED first: give it
                              one of its own
  MOLAR_BENCH_CASES           cases to seed (default 1000000)
  MOLAR_BENCH_ORGANIZATIONS   organizations sharing them, the demo's included (default 500)
  MOLAR_BENCH_CONNECTIONS     wrk connections (default 64)
  MOLAR_BENCH_THREADS         the bare server's threads, one per connection (default:
                              the connections, at least 32); never fewer than the connections
  MOLAR_BENCH_POOL            molard's database connections (default 16)
  MOLAR_BENCH_MOLARD_THREADS  molard's workers (default: the pool, as molard's defaults
                              have it; its reactor holds the connections, not its workers)
  MOLAR_BENCH_DURATION        seconds per measured run (default 8)
  MOLAR_BENCH_WARMUP          seconds of warm-up per server and route (default 2)
  MOLAR_BENCH_ROUNDS          measured runs per server and route, alternating (default 3)
  MOLAR_BENCH_KEEP=1          keep the temporary folder (logs, SQLite files, wrk output)

Exits 0 when every run completed with every request answered, whatever the
figures; non-zero when a server failed, a request errored or went unanswered.
EOF
}

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=1
BUILD_DIR=$ROOT/build
MOLARD=""
BARE=""
PLUGINS=""
EXPLAIN=0
MOLARD_SETTINGS=()
CASES=${MOLAR_BENCH_CASES:-1000000}
ORGANIZATIONS=${MOLAR_BENCH_ORGANIZATIONS:-500}
CONNECTIONS=${MOLAR_BENCH_CONNECTIONS:-64}
THREADS=${MOLAR_BENCH_THREADS:-$((CONNECTIONS > 32 ? CONNECTIONS : 32))}
POOL=${MOLAR_BENCH_POOL:-16}
MOLARD_THREADS=${MOLAR_BENCH_MOLARD_THREADS:-$POOL}
# Room in the accept queue for every connection: wrk opens them all at once, faster
# than the servers start threads, and a full queue turns a connection away.
QUEUE=$((CONNECTIONS > 64 ? CONNECTIONS : 64))
DURATION=${MOLAR_BENCH_DURATION:-8}
WARMUP=${MOLAR_BENCH_WARMUP:-2}
ROUNDS=${MOLAR_BENCH_ROUNDS:-3}
TARGET_P99=20    # ms, the case list's p99
TARGET_RATIO=0.8 # molard req/s over the bare server's doing the same work
ROW_SCRIPT=$ROOT/bench/random-row.lua
PATH_SCRIPT=$ROOT/bench/random-path.lua
CASES_CONFIG=$ROOT/plugins/cases/config/cases.properties
# ?status= names a clinic stage: in_design, the stage of the design status, which
# ?status=design (no stage) asked for before stages replaced statuses in the list.
STATUS_STAGE=in_design
# Cases created more than OPEN_DAYS ago are closed (delivered, or cancelled as they
# were): a lab finishes its work in days, so its board holds weeks of cases, not two
# years of them.
OPEN_DAYS=60
CLOSED_STATUS=delivered
# One delivered case in WARRANTY_EVERY has a warranty card (those of the demo's
# products that carry none, and the lab's own choices, leave the rest without), each
# with the check code VERIFY_CODE that the verify page asks for.
WARRANTY_EVERY=3
VERIFY_CODE=K7M2Q9RT
# One delivered case in INVOICE_EVERY has an invoice of its own (QAR; most paid, some
# issued, partly paid, overdue or void), the rest billed in monthly statements that
# the benchmark leaves out.
INVOICE_EVERY=5
# One submitted case in DEBIT_EVERY was paid for from prepaid credits (a debit in the
# organization's credit ledger), and a pack of credits was bought before one in
# TOPUP_EVERY.
DEBIT_EVERY=4
TOPUP_EVERY=40
OWNER_LOGIN=owner@pearl.example
OWNER_PASSWORD="demo pearl owner"
LAB_LOGIN=admin@lab.example
LAB_PASSWORD="demo lab admin"

while (($#)); do
    case $1 in
    --no-build) BUILD=0 ;;
    --build-dir) BUILD_DIR=$(cd "$2" && pwd); shift ;;
    --molard) MOLARD=$2; shift ;;
    --bare) BARE=$2; shift ;;
    --plugins) PLUGINS=$2; shift ;;
    --set) MOLARD_SETTINGS+=("--set=$2"); shift ;;
    --explain) EXPLAIN=1 ;;
    -h | --help) usage; exit 0 ;;
    *) echo "cases.sh: unknown argument $1" >&2; usage >&2; exit 2 ;;
    esac
    shift
done
MOLARD=${MOLARD:-$BUILD_DIR/bin/molard}
BARE=${BARE:-$BUILD_DIR/bin/molar-bare-server}
PLUGINS=${PLUGINS:-$BUILD_DIR/plugins}
# The lab's zone, in which molard shows dates to users who chose none: portal.timeZone
# of a --set, else of config/molar.properties, else UTC.
LAB_ZONE=$(awk '/^[ \t]*portal\.timeZone[ \t]*=/ { v = $0; sub(/^[^=]*=[ \t]*/, "", v); sub(/[ \t]+$/, "", v) }
    END { print v }' "$ROOT/config/molar.properties")
for setting in ${MOLARD_SETTINGS[@]+"${MOLARD_SETTINGS[@]}"}; do
    [[ $setting != --set=portal.timeZone=* ]] || LAB_ZONE=${setting#--set=portal.timeZone=}
done
LAB_ZONE=${LAB_ZONE:-UTC}

BENCH_SCRIPT=cases.sh
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

for tool in wrk curl ss awk sqlite3; do
    command -v "$tool" >/dev/null || die "$tool is not installed"
done
for n in "$CASES" "$ORGANIZATIONS" "$THREADS" "$CONNECTIONS" "$POOL" "$MOLARD_THREADS" "$DURATION" "$WARMUP" "$ROUNDS"; do
    [[ $n =~ ^[1-9][0-9]*$ ]] || die "case, organization, thread, connection, pool, duration, warm-up and round counts must be positive integers"
done
# The bare server (Poco's HTTPServer) holds one thread per open connection: with more
# connections than threads the extra ones are never answered, and wrk would not say so.
((CONNECTIONS <= THREADS)) || die "MOLAR_BENCH_CONNECTIONS ($CONNECTIONS) must not exceed MOLAR_BENCH_THREADS ($THREADS)"
((DURATION >= 4)) || die "MOLAR_BENCH_DURATION must be at least 4 seconds (connections are checked mid-run)"
((ORGANIZATIONS >= 2 && ORGANIZATIONS <= 99999)) || die "MOLAR_BENCH_ORGANIZATIONS must be 2 to 99999 (the demo has 2)"
((CASES >= ORGANIZATIONS * 30)) || die "MOLAR_BENCH_CASES must be at least 30 per organization (a few list pages each)"
# Case numbers are <prefix>-<YYMMDD>-<4 hex digits>: seeded ones take the day from
# the row and the digits from a per-day counter, 731 days of at most 65536.
((CASES <= 731 * 65536)) || die "MOLAR_BENCH_CASES must be at most $((731 * 65536))"
[[ -f $CASES_CONFIG ]] || die "no $CASES_CONFIG"

if ((BUILD)); then
    [[ -f $BUILD_DIR/CMakeCache.txt ]] || cmake -S "$ROOT" -B "$BUILD_DIR"
    cmake --build "$BUILD_DIR" -j2 --target molard molar-plugin-cases molar-bare-server
fi
[[ -x $MOLARD ]] || die "no molard at $MOLARD (build it, or pass --molard)"
[[ -x $BARE ]] || die "no bare server at $BARE (build it, or pass --bare)"
[[ -f $PLUGINS/cases/cases.so ]] || die "no cases plugin in $PLUGINS/cases (build molar-plugin-cases, or pass --plugins)"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/molar-bench-cases.XXXXXX")
trap bench_cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------------------
# The catalog and workflows the seeded cases follow, from cases.properties
# ---------------------------------------------------------------------------

# key=value per line, continuation lines joined, comments dropped.
awk '
    !cont && /^[ \t]*(#|$)/ { next }
    {
        line = $0
        if (cont) { sub(/^[ \t]+/, "", line); buf = buf " " line } else buf = line
        if (buf ~ /\\$/) { sub(/[ \t]*\\$/, "", buf); cont = 1; next }
        cont = 0
        key = buf; sub(/[ \t]*=.*/, "", key); sub(/^[ \t]+/, "", key)
        value = buf; sub(/^[^=]*=[ \t]*/, "", value); sub(/[ \t]+$/, "", value)
        print key "=" value
    }' "$CASES_CONFIG" >"$WORK/cases.properties"

prop() {
    awk -v key="$1" -v fallback="${2:-}" '
        index($0, key "=") == 1 { value = substr($0, length(key) + 2); found = 1 }
        END { print found ? value : fallback }' "$WORK/cases.properties"
}

# A comma-separated value as words.
list_prop() {
    prop "$1" | tr ',' '\n' | awk '{ gsub(/[ \t]/, ""); if ($0 != "") print }'
}

NUMBER_PREFIX=$(prop cases.numberPrefix TR)
mapfile -t PRODUCTS < <(list_prop cases.products)
((${#PRODUCTS[@]} > 0)) || die "no cases.products in $CASES_CONFIG"

# VALUES rows of the seeding's helper tables.
product_rows=""
state_rows=""
STAGE_STATUSES="" # SQL list of the statuses whose stage is STATUS_STAGE
declare -A STATE_COUNT
for workflow in $(list_prop cases.workflows); do
    mapfile -t states < <(list_prop "cases.workflow.$workflow.states")
    mapfile -t terminal < <(list_prop "cases.workflow.$workflow.terminal")
    entry=$(prop "cases.workflow.$workflow.entry")
    STATE_COUNT[$workflow]=${#states[@]}
    delivered=""
    for i in "${!states[@]}"; do
        [[ ${states[$i]} != "$CLOSED_STATUS" ]] || delivered=$i
    done
    [[ -n $delivered ]] || die "workflow $workflow has no $CLOSED_STATUS state"
    for i in "${!states[@]}"; do
        state=${states[$i]}
        stage=$(prop "cases.workflow.$workflow.stage.$state" "$state")
        previous=""
        [[ $state != on_hold ]] || previous=$entry
        [[ $stage != "$STATUS_STAGE" || $STAGE_STATUSES == *"'$state'"* ]] || STAGE_STATUSES+="${STAGE_STATUSES:+, }'$state'"
        # The state a case in this one has once older than OPEN_DAYS: its own when it ends
        # the case, else delivered.
        aged=$delivered
        [[ " ${terminal[*]} " != *" $state "* ]] || aged=$i
        state_rows+="${state_rows:+, }('$workflow', $i, '$state', '$stage', '$previous', $aged)"
    done
done
for i in "${!PRODUCTS[@]}"; do
    product=${PRODUCTS[$i]}
    workflow=$(prop "cases.product.$product.workflow")
    [[ -n ${STATE_COUNT[$workflow]:-} ]] || die "product $product: no workflow $workflow in $CASES_CONFIG"
    teeth="" arches="" guide="" shade=""
    case $(prop "cases.product.$product.chart") in
    teeth) teeth="11:crown,21:crown" ;;
    arches) arches=both ;;
    esac
    if [[ $(prop "cases.product.$product.shade") == true ]]; then
        guide=classical shade=A2
    fi
    product_rows+="${product_rows:+, }($i, '$product', '$workflow', ${STATE_COUNT[$workflow]}, '$teeth', '$arches', '$guide', '$shade')"
done

# ---------------------------------------------------------------------------
# Database access: the sqlite3 client, or the mariadb/mysql client
# ---------------------------------------------------------------------------

DIALECT=""
SQLITE_FILE=""
MYSQL_ARGS=()

# Runs SQL from standard input; tab-separated rows without a header on standard output.
sql() {
    if [[ $DIALECT == sqlite ]]; then
        sqlite3 -batch -bail -tabs "$SQLITE_FILE"
    else
        "$MYSQL_CLIENT" "${MYSQL_ARGS[@]}" --batch --skip-column-names
    fi
}

sql_value() {
    sql <<<"$1" | head -n 1
}

# Dialect pieces of the seeding SQL.
sql_div() { [[ $DIALECT == sqlite ]] && echo "($1 / $2)" || echo "($1 DIV $2)"; }
sql_hex4() { [[ $DIALECT == sqlite ]] && echo "printf('%04X', $1)" || echo "LPAD(HEX($1), 4, '0')"; }
sql_pad5() { [[ $DIALECT == sqlite ]] && echo "printf('%05d', $1)" || echo "LPAD($1, 5, '0')"; }
sql_day() {
    [[ $DIALECT == sqlite ]] && echo "date($1, 'unixepoch')" || echo "DATE_FORMAT(FROM_UNIXTIME($1), '%Y-%m-%d')"
}
sql_yymmdd() {
    [[ $DIALECT == sqlite ]] && echo "substr(strftime('%Y%m%d', $1, 'unixepoch'), 3)" || echo "DATE_FORMAT(FROM_UNIXTIME($1), '%y%m%d')"
}
# Integers first..last as a derived table with column seq.
sql_range() {
    if [[ $DIALECT == sqlite ]]; then
        echo "(WITH RECURSIVE r(seq) AS (SELECT $1 UNION ALL SELECT seq + 1 FROM r WHERE seq < $2) SELECT seq FROM r)"
    else
        echo "(SELECT CAST(seq AS SIGNED) AS seq FROM seq_$1_to_$2)"
    fi
}

# ---------------------------------------------------------------------------
# Seeding
# ---------------------------------------------------------------------------

# Runs molard once with --demo-data on the empty database: migrations, the demo's
# accounts and cases.
migrate_with_demo_data() {
    local db=$1 url=$2 port i
    local log=$WORK/$db-migrate.log
    port=$(free_port)
    "$MOLARD" --config="$WORK/$db-config" --demo-data --set=demo.enabled=true \
        --set=http.port="$port" --set=db.url="$url" --set=plugins.path="$PLUGINS" --set=plugins.enabled=cases,warranty,billing,credits \
        --set=logging.accessLog=false --set=logging.level=warning >"$log" 2>&1 &
    local pid=$!
    SERVER_PIDS+=("$pid")
    # The plugins' demo data is added after start-up, before this line.
    for ((i = 0; i < 1200; i++)); do
        grep -q "^Demo sign-ins" "$log" && break
        if ! kill -0 "$pid" 2>/dev/null; then
            echo "cases.sh: molard --demo-data exited; its log:" >&2
            cat "$log" >&2
            exit 1
        fi
        sleep 0.1
    done
    grep -q "^Demo sign-ins" "$log" || { cat "$log" >&2; die "molard --demo-data did not finish within 120 s"; }
    stop_server "$pid"
    SERVER_PIDS=()
}

seed() {
    local now base existing missing chunk first last
    now=$(date +%s)
    base=$((now / 86400 * 86400)) # today, 00:00 UTC
    existing=$(sql_value "SELECT COUNT(*) FROM molar_organizations;")
    missing=$((ORGANIZATIONS - existing))
    ((missing >= 0)) || die "the demo data made $existing organizations, more than $ORGANIZATIONS"
    local now_ms=$((now * 1000)) session=""
    # A third of the submitted cases are assigned, in turn, to the demo's lab users.
    local assigned="0" lab_users i
    lab_users=$(sql <<<"SELECT id FROM molar_users WHERE side = 'lab' ORDER BY id;" | tr '\n' ' ')
    read -ra lab_users <<<"$lab_users"
    if ((${#lab_users[@]} > 0)); then
        assigned="CASE $(sql_div x.seq 3) % ${#lab_users[@]}"
        for i in "${!lab_users[@]}"; do assigned+=" WHEN $i THEN ${lab_users[$i]}"; done
        assigned="CASE WHEN x.draft OR x.seq % 3 <> 0 THEN 0 ELSE $assigned END END"
    fi
    if [[ $DIALECT == sqlite ]]; then
        session="PRAGMA synchronous = OFF; PRAGMA cache_size = -1000000; PRAGMA temp_store = MEMORY;"
    else
        session="SET foreign_key_checks = 0;"
    fi

    # Organizations beyond the demo's, each with one clinic and one dentist who has
    # the demo dentist's password. Reference codes hold digits 0 and 1, which
    # generated codes never do.
    ((missing == 0)) || sql <<SQL
$session
INSERT INTO molar_organizations (name, reference_code, status, created_at)
SELECT 'Bench Dental ' || $(sql_pad5 seq), 'BEN' || $(sql_pad5 seq), 'active', $now_ms
FROM $(sql_range 1 "$missing") s;
INSERT INTO molar_clinics (organization_id, name, address, country, created_at)
SELECT id, name, 'Bench Street 1, Doha', 'QA', $now_ms FROM molar_organizations WHERE name LIKE 'Bench Dental %';
INSERT INTO molar_users (side, role, organization_id, email, username, first_name, last_name, phone, language,
  time_zone, status, password_hash, must_change_password, password_changed_at, created_at, updated_at)
SELECT 'clinic', 'dentist', o.id, 'dentist' || substr(o.reference_code, 4) || '@bench.example',
  'bench' || substr(o.reference_code, 4), d.first_name, d.last_name, d.phone, d.language, d.time_zone, 'active',
  d.password_hash, 0, $now_ms, $now_ms, $now_ms
FROM molar_organizations o CROSS JOIN molar_users d
WHERE o.name LIKE 'Bench Dental %' AND d.email = 'dentist@pearl.example';
SQL

    # Helper tables, then the cases in chunks (one statement and commit each).
    # Case seq (0-based): organization seq % N, its k-th case with k = seq / N;
    # created d + 2 days before today (d = seq % 731, so every organization's cases
    # cover two years), changed within the next 10 days but before today; the
    # number's digits are the per-day counter seq / 731 (or 65535 less it where the
    # demo's random digits took that number: bench_taken). Products rotate, statuses
    # rotate over the product's workflow (a case older than OPEN_DAYS delivered unless
    # its status ended it otherwise), and 1 in 5 cases of the last 30 days is still a
    # draft.
    local tables="bench_orgs, bench_products, bench_states"
    local d="s.seq % 731" c k
    c=$(sql_div s.seq 731)
    k=$(sql_div s.seq "$ORGANIZATIONS")
    local created="($base - ($d + 2) * 86400 + (s.seq * 7919) % 86400)"
    local draft="($d < 30 AND s.seq % 5 = 0)"
    # The secondary indexes of cases_cases are dropped and made again afterwards, as
    # the migration defined them: building an index over a million rows takes
    # seconds, adding the rows to seven indexes one by one takes minutes on MariaDB
    # (with the small buffer pool of scripts/mariadb.sh).
    local drop_indexes add_indexes
    if [[ $DIALECT == sqlite ]]; then
        drop_indexes=$(sql <<<"SELECT 'DROP INDEX ' || name || ';' FROM sqlite_master WHERE type = 'index' AND tbl_name = 'cases_cases' AND sql IS NOT NULL;")
        add_indexes=$(sql <<<"SELECT sql || ';' FROM sqlite_master WHERE type = 'index' AND tbl_name = 'cases_cases' AND sql IS NOT NULL;")
    else
        # In the order the migration made them: the optimiser breaks ties by it.
        local keys
        keys=$("$MYSQL_CLIENT" "${MYSQL_ARGS[@]}" --batch --raw --skip-column-names <<<"SHOW CREATE TABLE cases_cases;" |
            awk '/^ *(UNIQUE )?KEY `/ { sub(/^ */, ""); sub(/,$/, ""); print }')
        drop_indexes=$(awk 'match($0, /`[^`]+`/) { list = list (list ? ", " : "") "DROP INDEX " substr($0, RSTART, RLENGTH) }
            END { if (list) print "ALTER TABLE cases_cases " list ";" }' <<<"$keys")
        add_indexes=$(awk '{ list = list (list ? ", " : "") "ADD " $0 }
            END { if (list) print "ALTER TABLE cases_cases " list ";" }' <<<"$keys")
    fi
    [[ -n $drop_indexes && -n $add_indexes ]] || die "no indexes found on cases_cases"
    local seed_sql="$session
$drop_indexes
DROP TABLE IF EXISTS bench_orgs;
DROP TABLE IF EXISTS bench_products;
DROP TABLE IF EXISTS bench_states;
DROP TABLE IF EXISTS bench_taken;
CREATE TABLE bench_taken (number VARCHAR(32) NOT NULL PRIMARY KEY);
INSERT INTO bench_taken SELECT number FROM cases_cases WHERE number IS NOT NULL;
CREATE TABLE bench_orgs (idx BIGINT NOT NULL PRIMARY KEY, organization_id BIGINT NOT NULL,
  clinic_id BIGINT NOT NULL, user_id BIGINT NOT NULL);
INSERT INTO bench_orgs (idx, organization_id, clinic_id, user_id)
SELECT ROW_NUMBER() OVER (ORDER BY o.id) - 1, o.id,
  (SELECT MIN(c.id) FROM molar_clinics c WHERE c.organization_id = o.id),
  (SELECT MIN(u.id) FROM molar_users u WHERE u.organization_id = o.id AND u.role = 'dentist')
FROM molar_organizations o;
CREATE TABLE bench_products (idx BIGINT NOT NULL PRIMARY KEY, code VARCHAR(64) NOT NULL,
  workflow VARCHAR(32) NOT NULL, states BIGINT NOT NULL, teeth VARCHAR(100) NOT NULL, arches VARCHAR(10) NOT NULL,
  shade_guide VARCHAR(16) NOT NULL, shade VARCHAR(16) NOT NULL);
INSERT INTO bench_products VALUES $product_rows;
CREATE TABLE bench_states (workflow VARCHAR(32) NOT NULL, idx BIGINT NOT NULL, status VARCHAR(32) NOT NULL,
  stage VARCHAR(32) NOT NULL, previous_status VARCHAR(32) NOT NULL, aged_idx BIGINT NOT NULL,
  PRIMARY KEY (workflow, idx));
INSERT INTO bench_states VALUES $state_rows;
"
    chunk=100000
    for ((first = 0; first < CASES; first += chunk)); do
        last=$((first + chunk - 1 < CASES - 1 ? first + chunk - 1 : CASES - 1))
        seed_sql+="
INSERT INTO cases_cases (number, organization_id, clinic_id, owner_user_id, created_by, patient_ref, patient_name,
  product, workflow, status, previous_status, stage, numbering, teeth, arches, shade_guide, shade, fields,
  confirmed, assigned_to, hold_reason, created_at, updated_at, submitted_at, due_at, is_open, version)
SELECT CASE WHEN x.draft THEN NULL WHEN x.num IN (SELECT number FROM bench_taken) THEN x.other ELSE x.num END,
  o.organization_id, o.clinic_id, o.user_id, o.user_id, 'P-' || $(sql_pad5 "x.k + 1"), '',
  p.code, p.workflow, CASE WHEN x.draft THEN 'draft' ELSE st.status END,
  CASE WHEN x.draft THEN '' ELSE st.previous_status END, CASE WHEN x.draft THEN 'draft' ELSE st.stage END,
  'fdi', p.teeth, p.arches, p.shade_guide, p.shade, 'notes=Seeded%20for%20the%20benchmark',
  1, $assigned, CASE WHEN st.status = 'on_hold' AND NOT x.draft THEN 'Waiting for a clearer scan' ELSE '' END,
  x.created_at, x.created_at + (x.seq * 104729) % ((CASE WHEN x.d < 10 THEN x.d + 1 ELSE 10 END) * 86400),
  CASE WHEN x.draft THEN 0 ELSE x.created_at + 3600 END, CASE WHEN x.draft THEN 0 ELSE x.created_at + 5 * 86400 END,
  CASE WHEN x.draft OR st.status IN ('delivered', 'cancelled') THEN 0 ELSE 1 END, 0
FROM (SELECT s.seq, $d AS d, $k AS k, $created AS created_at, $draft AS draft,
        '$NUMBER_PREFIX-' || $(sql_yymmdd "$created") || '-' || $(sql_hex4 "$c") AS num,
        '$NUMBER_PREFIX-' || $(sql_yymmdd "$created") || '-' || $(sql_hex4 "65535 - $c") AS other
      FROM $(sql_range "$first" "$last") s) x
JOIN bench_orgs o ON o.idx = x.seq % $ORGANIZATIONS
JOIN bench_products p ON p.idx = x.seq % ${#PRODUCTS[@]}
JOIN bench_states sr ON sr.workflow = p.workflow AND sr.idx = $(sql_div x.seq "${#PRODUCTS[@]}") % p.states
JOIN bench_states st ON st.workflow = p.workflow AND st.idx = CASE WHEN x.d >= $OPEN_DAYS THEN sr.aged_idx ELSE sr.idx END;"
    done
    # Warranty cards of delivered cases, as the warranty plugin issues them on delivery:
    # five years from the day of delivery, the restoration and clinic copied.
    seed_sql+="
INSERT INTO warranty_cards (number, case_id, case_number, organization_id, clinic_id, clinic_name, owner_user_id,
  product, restoration, teeth, term_months, issued_on, expires_on, issued_at, check_code)
SELECT 'W-' || c.number, c.id, c.number, c.organization_id, c.clinic_id, k.name, c.owner_user_id, c.product,
  c.product || ' (bench)', c.teeth, 60, $(sql_day c.updated_at), $(sql_day "c.updated_at + 1826 * 86400"),
  c.updated_at * 1000, '$VERIFY_CODE'
FROM cases_cases c JOIN molar_clinics k ON k.id = c.clinic_id
WHERE c.status = '$CLOSED_STATUS' AND c.number IS NOT NULL AND c.id % $WARRANTY_EVERY = 0
  AND c.id NOT IN (SELECT case_id FROM warranty_cards);"
    # Invoices of delivered cases, issued on the day of delivery, due 30 days later.
    local total="(50000 + (c.id % 97) * 1000)"
    seed_sql+="
INSERT INTO billing_invoices (number, organization_id, clinic_id, case_id, currency, state, subtotal_minor,
  total_minor, paid_minor, created_at, updated_at, issued_at, due_at, paid_at, overdue_at, voided_at)
SELECT 'BENCH-' || c.id, c.organization_id, c.clinic_id, c.id, 'QAR', v.state, $total, $total,
  CASE v.state WHEN 'paid' THEN $total WHEN 'partly_paid' THEN $(sql_div "$total" 2) ELSE 0 END,
  c.updated_at * 1000, c.updated_at * 1000, c.updated_at * 1000, (c.updated_at + 30 * 86400) * 1000,
  CASE v.state WHEN 'paid' THEN (c.updated_at + 86400) * 1000 ELSE 0 END,
  CASE v.state WHEN 'overdue' THEN (c.updated_at + 31 * 86400) * 1000 ELSE 0 END,
  CASE v.state WHEN 'void' THEN (c.updated_at + 3600) * 1000 ELSE 0 END
FROM (SELECT id, CASE id % 20 WHEN 0 THEN 'void' WHEN 1 THEN 'overdue' WHEN 2 THEN 'partly_paid'
        WHEN 3 THEN 'issued' ELSE 'paid' END AS state
      FROM cases_cases WHERE status = '$CLOSED_STATUS' AND number IS NOT NULL AND id % $INVOICE_EVERY = 0) v
JOIN cases_cases c ON c.id = v.id;"
    # The credit ledger: a debit when a case was received, a top-up now and then, and
    # each entry's balance after it as a running sum from a starting balance.
    seed_sql+="
INSERT INTO credits_ledger (organization_id, kind, amount_minor, currency, balance_after_minor, source_key, case_id,
  case_number, reason, actor_user_id, actor_name, created_at)
SELECT organization_id, kind, amount, 'QAR',
  1000000 + SUM(amount) OVER (PARTITION BY organization_id ORDER BY at, kind_order, case_id), source_key, case_id,
  case_number, reason, actor, '', at
FROM (SELECT c.organization_id, 'debit' AS kind, -(5000 + (c.id % 50) * 100) AS amount,
        'bench:debit:' || c.id AS source_key, c.id AS case_id, c.number AS case_number, '' AS reason,
        c.owner_user_id AS actor, (c.submitted_at + 600) * 1000 AS at, 1 AS kind_order
      FROM cases_cases c WHERE c.number IS NOT NULL AND c.id % $DEBIT_EVERY = 0
      UNION ALL
      SELECT c.organization_id, 'topup', 100000, 'bench:topup:' || c.id, 0, '', 'Pack of credits (bench)',
        c.owner_user_id, c.submitted_at * 1000, 0
      FROM cases_cases c WHERE c.number IS NOT NULL AND c.id % $TOPUP_EVERY = 0) e
ORDER BY at, kind_order, case_id;"
    seed_sql+="
$add_indexes
DROP TABLE bench_orgs;
DROP TABLE bench_products;
DROP TABLE bench_states;
DROP TABLE bench_taken;"
    if [[ $DIALECT == sqlite ]]; then
        sql <<<"$seed_sql
ANALYZE;"
    else
        sql <<<"$seed_sql
ANALYZE TABLE cases_cases, warranty_cards, billing_invoices, credits_ledger, molar_organizations, molar_clinics, molar_users, molar_sessions;" >/dev/null
    fi
}

# The SQL CaseStore::list and countByStage send for the owner's pages (and a dentist's),
# with values in place of the parameters, through EXPLAIN.
explain() {
    local org=$1 cursor=$2 updated=${2%.*} id=${2#*.} columns staged
    columns="id, number, organization_id, owner_user_id, patient_ref, product, workflow, status, stage, \
assigned_to, created_at, updated_at, due_at"
    staged="${STAGE_STATUSES:+status IN ($STAGE_STATUSES) AND }stage = '$STATUS_STAGE'"
    local order="ORDER BY updated_at DESC, id DESC LIMIT 26" how
    how=$([[ $DIALECT == sqlite ]] && echo "EXPLAIN QUERY PLAN" || echo "EXPLAIN")
    local -a names=("first page" "page after $cursor" "status=$STATUS_STAGE" "countByStage (owner)" \
        "countByStage (dentist)" "first page (dentist)")
    local dentist
    dentist=$(sql_value "SELECT MIN(id) FROM molar_users WHERE organization_id = $org AND role = 'dentist';")
    local -a queries=(
        "SELECT $columns FROM cases_cases WHERE organization_id = $org $order"
        "SELECT $columns FROM cases_cases WHERE organization_id = $org AND updated_at <= $updated AND (updated_at < $updated OR id < $id) $order"
        "SELECT $columns FROM cases_cases WHERE organization_id = $org AND $staged $order"
        "SELECT stage, COUNT(*) AS n FROM cases_cases WHERE organization_id = $org GROUP BY stage"
        "SELECT stage, COUNT(*) AS n FROM cases_cases WHERE owner_user_id = $dentist AND organization_id = $org GROUP BY stage"
        "SELECT $columns FROM cases_cases WHERE owner_user_id = $dentist AND organization_id = $org $order")
    local i
    for i in "${!queries[@]}"; do
        echo "-- ${names[$i]}"
        sql <<<"$how ${queries[$i]};" | sed 's/^/   /'
    done
}

# ---------------------------------------------------------------------------
# Measuring
# ---------------------------------------------------------------------------

DATABASES=()
SCENARIOS=(list later status board invoices activity track verify)
declare -A SCENARIO_NAME=([list]="case list" [later]="list, later" [status]="list, in design" [board]="lab board"
    [invoices]="invoice list" [activity]="credit activity" [track]="tracker" [verify]="verify")
# The later page starts after this many of the owner's cases: page 41 at 2,000 per
# organization.
LATER_OFFSET=$((CASES / ORGANIZATIONS / 2 / 25 * 25))
LATER_OFFSET=$((LATER_OFFSET > 1000 ? 1000 : LATER_OFFSET < 25 ? 25 : LATER_OFFSET))
declare -A SEED_SECONDS FLOOR

# A page as the same-work comparison reads it: the CSRF token and the signed-in user's
# name (in the layout's header) masked.
same_work_view() {
    sed -e 's/[0-9a-f]\{64\}/TOKEN/g' -e 's|^\( *<span translate="no">\)[^<]*</span>$|\1NAME</span>|' "$1"
}

# bench_database <name> <db url, as molard's db.url>
bench_database() {
    local db=$1 url=$2
    local config=$WORK/$db-config
    mkdir -p "$config"

    echo "== $db: migrating, demo data"
    migrate_with_demo_data "$db" "$url"
    local pearl
    pearl=$(sql_value "SELECT o.id FROM molar_organizations o JOIN molar_users u ON u.organization_id = o.id WHERE u.email = '$OWNER_LOGIN';")
    [[ -n $pearl ]] || die "$db: no organization for $OWNER_LOGIN after --demo-data"

    echo "== $db: seeding $CASES cases across $ORGANIZATIONS organizations"
    local started=$SECONDS
    seed
    SEED_SECONDS[$db]=$((SECONDS - started))
    local count pearl_count
    count=$(sql_value "SELECT COUNT(*) FROM cases_cases;")
    pearl_count=$(sql_value "SELECT COUNT(*) FROM cases_cases WHERE organization_id = $pearl;")
    echo "   $count cases ($pearl_count of them Pearl Dental's) in ${SEED_SECONDS[$db]} s, analysed"

    # A page deep in the owner's list, as its "Next page" links lead to: page 41,
    # after the 1,000th case (or halfway with fewer cases).
    local cursor
    cursor=$(sql_value "SELECT updated_at || '.' || id FROM (SELECT updated_at, id FROM cases_cases WHERE organization_id = $pearl ORDER BY updated_at DESC, id DESC LIMIT 1 OFFSET $((LATER_OFFSET - 1))) t;")
    [[ $cursor =~ ^[0-9]+\.[0-9]+$ ]] || die "$db: no cursor for a later page ($cursor)"
    # Real numbers for the tracker, spread over every organization and age; not cases
    # delivered more than cases.tracker.visibleDaysAfterDelivery (30) days ago, which
    # the tracker answers as unknown.
    local shown_since=$(($(date +%s) - 25 * 86400))
    sql <<<"SELECT '/track/' || number FROM cases_cases WHERE number IS NOT NULL AND id % 7 = 0 AND NOT (stage = 'delivered' AND updated_at < $shown_since) ORDER BY id LIMIT 10000;" \
        >"$WORK/$db-track-paths.txt"
    (($(wc -l <"$WORK/$db-track-paths.txt") >= 100)) || die "$db: too few case numbers for the tracker"
    # And of warranty cards for the verify page, each with its check code.
    sql <<<"SELECT '/verify/' || case_number || '?code=' || check_code FROM warranty_cards WHERE id % 31 = 0 ORDER BY id LIMIT 10000;" \
        >"$WORK/$db-verify-paths.txt"
    (($(wc -l <"$WORK/$db-verify-paths.txt") >= 100)) || die "$db: too few warranty cards for the verify page"
    ((EXPLAIN == 0)) || explain "$pearl" "$cursor"

    # The owner's pages on the bare server: the organization and the zone come with the
    # request, where molard takes them from the session. The bare server reads the same
    # session (the same cookie, the same query) and checks that its user owns the page. The zone is the owner's, or
    # for owners who chose none the lab's, as molard shows them dates.
    local zone
    zone=$(sql_value "SELECT time_zone FROM molar_users WHERE email = '$OWNER_LOGIN';")
    [[ -n $zone && $zone != NULL ]] || zone=$LAB_ZONE
    local bare_list="/cases?org=$pearl&zone=${zone//+/%2B}" lab_zone
    lab_zone=$(sql_value "SELECT time_zone FROM molar_users WHERE email = '$LAB_LOGIN';")
    [[ -n $lab_zone && $lab_zone != NULL ]] || lab_zone=$LAB_ZONE
    declare -A bare_paths=([list]=$bare_list [later]="$bare_list&after=$cursor"
        [status]="$bare_list&status=$STATUS_STAGE" [board]="/lab/cases?zone=${lab_zone//+/%2B}"
        [invoices]="/billing/invoices?org=$pearl&zone=${zone//+/%2B}"
        [activity]="/credits/activity?org=$pearl&zone=${zone//+/%2B}")

    # The database floor of each list page: its two queries from one thread, back to
    # back, before any server runs.
    local scenario out
    local -a floor_args
    for scenario in list later status board invoices activity; do
        case $scenario in
        later) floor_args=(--org "$pearl" --after "$cursor") ;;
        status) floor_args=(--org "$pearl" --status "$STATUS_STAGE") ;;
        board) floor_args=(--board) ;;
        invoices) floor_args=(--invoices --org "$pearl") ;;
        activity) floor_args=(--activity --org "$pearl") ;;
        *) floor_args=(--org "$pearl") ;;
        esac
        out=$("$BARE" --floor --db "$url" --templates "$ROOT" "${floor_args[@]}") ||
            die "$db: molar-bare-server --floor failed for the $scenario page"
        FLOOR[$db:$scenario]=$(awk '$1 == "floor" { sub(/\/s$/, "", $2); print $2 }' <<<"$out")
        [[ ${FLOOR[$db:$scenario]} =~ ^[0-9]+$ ]] || die "$db: no figure from molar-bare-server --floor: $out"
        echo "   floor, ${SCENARIO_NAME[$scenario]}: ${FLOOR[$db:$scenario]} pages/s"
    done

    local molard_port bare_port
    molard_port=$(free_port)
    bare_port=$(free_port "$molard_port")
    local molard_log=$WORK/$db-molard.log bare_log=$WORK/$db-bare.log
    "$MOLARD" --config="$config" \
        --set=http.port="$molard_port" --set=http.threads="$MOLARD_THREADS" --set=http.queue="$QUEUE" \
        --set=db.poolSize="$POOL" \
        --set=db.url="$url" --set=plugins.path="$PLUGINS" --set=plugins.enabled=cases,warranty,billing,credits \
        --set=cases.tracker.requestsPerMinute=100000000 --set=warranty.verify.perMinute=100000000 \
        --set=logging.accessLog=false --set=logging.level=warning \
        ${MOLARD_SETTINGS[@]+"${MOLARD_SETTINGS[@]}"} >"$molard_log" 2>&1 &
    local molard_pid=$!
    SERVER_PIDS+=("$molard_pid")
    wait_ready molard "$molard_pid" "http://127.0.0.1:$molard_port/readyz" "$molard_log"

    # The bare server reads the same cases, with the templates, messages and catalog
    # of the source tree, and keeps its own table beside them (it creates and fills
    # bench_items when missing).
    "$BARE" --port "$bare_port" --threads "$THREADS" --queue "$QUEUE" --db "$url" --templates "$ROOT" \
        >"$bare_log" 2>&1 &
    local bare_pid=$!
    SERVER_PIDS+=("$bare_pid")
    wait_ready molar-bare-server "$bare_pid" "http://127.0.0.1:$bare_port/hello" "$bare_log"

    # Sign in as the Pearl owner and as the lab admin: the CSRF cookie from the form,
    # then the session. Requests look like a browser's: page requests get the CSRF
    # cookie only then.
    local base=http://127.0.0.1:$molard_port code
    local accept="Accept: text/html,application/xhtml+xml"
    sign_in() { # <login> <password> <jar>: prints the Cookie header of the session
        local csrf session
        curl -fsS -o /dev/null -H "$accept" -c "$3" "$base/sign-in" || die "$db: GET /sign-in failed"
        csrf=$(awk '$6 == "molar_csrf" { print $7 }' "$3")
        [[ -n $csrf ]] || die "$db: no molar_csrf cookie from GET /sign-in"
        code=$(curl -sS -o /dev/null -w '%{http_code}' -H "$accept" -b "$3" -c "$3" \
            --data-urlencode "login=$1" --data-urlencode "password=$2" \
            --data-urlencode "_csrf=$csrf" "$base/sign-in")
        session=$(awk '$6 == "molar_session" { print $7 }' "$3")
        [[ -n $session ]] || die "$db: signing in as $1 failed (HTTP $code)"
        echo "Cookie: molar_session=$session; molar_csrf=$csrf"
    }
    local cookie lab_cookie
    cookie=$(sign_in "$OWNER_LOGIN" "$OWNER_PASSWORD" "$WORK/$db-cookies.txt")
    lab_cookie=$(sign_in "$LAB_LOGIN" "$LAB_PASSWORD" "$WORK/$db-lab-cookies.txt")
    declare -A cookies=([list]=$cookie [later]=$cookie [status]=$cookie [board]=$lab_cookie [invoices]=$cookie
        [activity]=$cookie)

    # Every route must answer as a browser would see it before its speed means anything.
    # Both servers' pages are kept (MOLAR_BENCH_KEEP=1) and must show the same cases.
    declare -A paths=([list]=/cases [later]="/cases?after=$cursor" [status]="/cases?status=$STATUS_STAGE"
        [board]=/lab/cases [invoices]=/billing/invoices [activity]=/credits/activity)
    local page bare_page rows
    for scenario in list later status board invoices activity; do
        page=$WORK/$db-$scenario.html
        code=$(curl -sS -o "$page" -w '%{http_code}' -H "$accept" -H "${cookies[$scenario]}" "$base${paths[$scenario]}")
        [[ $code == 200 ]] || die "$db: GET ${paths[$scenario]} answered $code"
        bare_page=$WORK/$db-$scenario-bare.html
        code=$(curl -sS -o "$bare_page" -w '%{http_code}' -H "$accept" -H "${cookies[$scenario]}" \
            "http://127.0.0.1:$bare_port${bare_paths[$scenario]}")
        [[ $code == 200 ]] || die "$db: the bare server's GET ${bare_paths[$scenario]} answered $code"
        rows=$(grep -oE '<a href="/(cases|billing/invoices)/[0-9]+"' "$page" | tr '\n' ' ')
        [[ -n $rows ]] || die "$db: GET ${paths[$scenario]} shows no cases or invoices"
        [[ $rows == $(grep -oE '<a href="/(cases|billing/invoices)/[0-9]+"' "$bare_page" | tr '\n' ' ') ]] ||
            die "$db: the bare server's GET ${bare_paths[$scenario]} shows other rows than molard's GET ${paths[$scenario]}"
        # The rest of the page too: only the signed-in user's name and the CSRF token may differ.
        diff -q <(same_work_view "$page") <(same_work_view "$bare_page") >/dev/null ||
            die "$db: the bare server's GET ${bare_paths[$scenario]} differs from molard's GET ${paths[$scenario]} beyond the user's name and CSRF token (diff $page $bare_page, MOLAR_BENCH_KEEP=1 keeps them)"
    done
    grep -q 'after=' "$WORK/$db-list.html" || die "$db: GET /cases shows no next page"
    # The bare server does the session's work, not a pretence of it: no session, no page;
    # the lab admin's session does not open the owner's page, nor the owner's the board.
    code=$(curl -sS -o /dev/null -w '%{http_code}' -H "$accept" "http://127.0.0.1:$bare_port${bare_paths[list]}")
    [[ $code == 303 ]] || die "$db: the bare server's GET ${bare_paths[list]} without a session answered $code"
    code=$(curl -sS -o /dev/null -w '%{http_code}' -H "$accept" -H "$lab_cookie" \
        "http://127.0.0.1:$bare_port${bare_paths[invoices]}")
    [[ $code == 403 ]] || die "$db: the bare server's GET ${bare_paths[invoices]} as the lab admin answered $code"
    code=$(curl -sS -o /dev/null -w '%{http_code}' -H "$accept" -H "$cookie" "http://127.0.0.1:$bare_port${bare_paths[board]}")
    [[ $code == 403 ]] || die "$db: the bare server's GET ${bare_paths[board]} as the owner answered $code"
    # Both answer 404 for a number they do not know, or a card whose code is wrong.
    local public_path
    for public_path in "$(head -n 1 "$WORK/$db-track-paths.txt")" "$(head -n 1 "$WORK/$db-verify-paths.txt")"; do
        code=$(curl -sS -o /dev/null -w '%{http_code}' -H "$accept" "$base$public_path")
        [[ $code == 200 ]] || die "$db: GET $public_path answered $code"
    done
    [[ $(curl -fsS "http://127.0.0.1:$bare_port/row/42") == '{"id":42,"name":"item 42"}' ]] ||
        die "$db: the bare server's GET /row/42 is not as expected"

    echo "== $db: molard :$molard_port ($MOLARD_THREADS workers, pool $POOL), bare :$bare_port ($THREADS threads), $CONNECTIONS connections, ${DURATION}s x $ROUNDS"
    # molard_run and bare_run <scenario> <seconds> <measure> [label]
    molard_run() {
        if [[ $1 == track || $1 == verify ]]; then
            BENCH_PATHS=$WORK/$db-$1-paths.txt \
                run_wrk "$db:$1:${4:-molard}" "$molard_port" / "$2" "$3" -H "$accept" -s "$PATH_SCRIPT"
        else
            run_wrk "$db:$1:${4:-molard}" "$molard_port" "${paths[$1]}" "$2" "$3" -H "$accept" -H "${cookies[$1]}"
        fi
        check_alive molard "$molard_pid" "$molard_log"
    }
    bare_run() {
        if [[ $1 == track || $1 == verify ]]; then
            BENCH_ROW_PREFIX=/row/ run_wrk "$db:$1:${4:-bare}" "$bare_port" / "$2" "$3" -s "$ROW_SCRIPT"
        else
            run_wrk "$db:$1:${4:-bare}" "$bare_port" "${bare_paths[$1]}" "$2" "$3" -H "$accept" -H "${cookies[$1]}"
        fi
        check_alive molar-bare-server "$bare_pid" "$bare_log"
    }
    for scenario in "${SCENARIOS[@]}"; do
        molard_run "$scenario" "$WARMUP" "" warmup
        bare_run "$scenario" "$WARMUP" "" warmup
    done
    # Each molard route beside the bare server's (the same page; for the tracker and verify
    # the primary-key read), A B, B A, ...: a slow moment of the machine hits both
    # alike, and neither always goes first.
    local round
    for ((round = 1; round <= ROUNDS; round++)); do
        for scenario in "${SCENARIOS[@]}"; do
            if ((round % 2 == 1)); then
                molard_run "$scenario" "$DURATION" measure
                bare_run "$scenario" "$DURATION" measure
            else
                bare_run "$scenario" "$DURATION" measure
                molard_run "$scenario" "$DURATION" measure
            fi
        done
    done

    stop_server "$bare_pid"
    stop_server "$molard_pid"
    SERVER_PIDS=()
    DATABASES+=("$db")
}

# Cold start and idle memory: molard with every plugin of the lab (the demo's
# configuration, and made-up credentials for the providers it leaves out: nothing is
# sent), on a SQLite database it migrated on a first start, started START_RUNS more
# times. Start-up is the time from launch until /readyz answers (the best run); idle
# memory its resident set a second later, nothing asking it anything (the largest).
START_PLUGINS=${MOLAR_BENCH_START_PLUGINS:-cases,billing,pay-bank,pay-stripe,pay-razorpay,credits,warranty,nps,aligners,notify-email,notify-whatsapp}
START_SETTINGS=(--set=notify-whatsapp.phoneNumberId=100000000000001 --set=notify-whatsapp.accessToken=bench-token
    --set=notify-whatsapp.appSecret=bench-secret --set=notify-whatsapp.verifyToken=bench-verify
    --set=pay-stripe.secretKey=sk_test_bench --set=pay-stripe.webhookSecrets=whsec_bench
    --set=pay-stripe.currencies=QAR --set=pay-razorpay.keyId=rzp_test_bench
    --set=pay-razorpay.keySecret=bench-secret --set=pay-razorpay.webhookSecrets=bench-secret)
START_RUNS=3
TARGET_START_MS=500
TARGET_IDLE_MB=64
START_MS=""
IDLE_KB=0
measure_start() {
    local db=$WORK/start.db run port pid started elapsed rss i
    for ((run = 0; run <= START_RUNS; run++)); do
        port=$(free_port)
        started=$(date +%s%N)
        "$MOLARD" --config="$ROOT/config/demo" --set=http.port="$port" --set=db.url="sqlite:$db" \
            --set=plugins.path="$PLUGINS" --set=plugins.enabled="$START_PLUGINS" "${START_SETTINGS[@]}" \
            --set=logging.accessLog=false --set=logging.level=warning >"$WORK/start-$run.log" 2>&1 &
        pid=$!
        SERVER_PIDS+=("$pid")
        for ((i = 0; i < 6000; i++)); do
            curl -fs -o /dev/null --max-time 1 "http://127.0.0.1:$port/readyz" 2>/dev/null && break
            kill -0 "$pid" 2>/dev/null || { cat "$WORK/start-$run.log" >&2; die "molard exited while starting with $START_PLUGINS"; }
            sleep 0.01
        done
        elapsed=$((($(date +%s%N) - started) / 1000000))
        sleep 1
        rss=$(awk '$1 == "VmRSS:" { print $2 }' "/proc/$pid/status")
        stop_server "$pid"
        SERVER_PIDS=()
        # The first start migrates the new database: not a start an operator waits for twice.
        ((run > 0)) || continue
        if [[ -z $START_MS ]] || ((elapsed < START_MS)); then START_MS=$elapsed; fi
        ((rss <= IDLE_KB)) || IDLE_KB=$rss
    done
}
echo "== start-up: molard with $START_PLUGINS"
measure_start

# sqlite
DIALECT=sqlite
SQLITE_FILE=$WORK/cases.db
bench_database sqlite "sqlite:$SQLITE_FILE"

if [[ -n ${MOLAR_BENCH_MYSQL_URL:-} ]]; then
    [[ $MOLAR_BENCH_MYSQL_URL =~ ^mysql://([^:@/]+)(:([^@/]*))?@([^:/]+)(:([0-9]+))?/([A-Za-z0-9_]+)$ ]] ||
        die "MOLAR_BENCH_MYSQL_URL must read mysql://user:password@host:port/database"
    MYSQL_USER=${BASH_REMATCH[1]} MYSQL_PASSWORD=${BASH_REMATCH[3]} MYSQL_HOST=${BASH_REMATCH[4]}
    MYSQL_PORT=${BASH_REMATCH[6]:-3306} MYSQL_DATABASE=${BASH_REMATCH[7]}
    MYSQL_CLIENT=$(command -v mariadb || command -v mysql) || die "no mariadb or mysql client installed"
    # || concatenates in every statement, as in SQLite; FROM_UNIXTIME in UTC like the
    # portal's own dates.
    MYSQL_ARGS=(--no-defaults --protocol=TCP -h "$MYSQL_HOST" -P "$MYSQL_PORT" -u "$MYSQL_USER"
        "--init-command=SET SESSION sql_mode = CONCAT(@@sql_mode, ',PIPES_AS_CONCAT'), time_zone = '+00:00'")
    export MYSQL_PWD=$MYSQL_PASSWORD
    DIALECT=mysql
    sql <<<"CREATE DATABASE IF NOT EXISTS \`$MYSQL_DATABASE\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;" ||
        die "cannot reach or create database $MYSQL_DATABASE"
    MYSQL_ARGS+=("$MYSQL_DATABASE")
    # A fresh database: every table in it goes.
    tables=$(sql_value "SELECT GROUP_CONCAT(CONCAT('\`', table_name, '\`')) FROM information_schema.tables WHERE table_schema = DATABASE();")
    if [[ -n $tables && $tables != NULL ]]; then
        sql <<<"SET foreign_key_checks = 0; DROP TABLE $tables;"
    fi
    bench_database mysql "$MOLAR_BENCH_MYSQL_URL"
fi

echo
echo "Best of $ROUNDS runs each. bare = molar-bare-server in the same rounds doing the same work: the"
echo "same page, signed in by the same session (GET /cases?org=..., /lab/cases, /billing/invoices,"
echo "/credits/activity), for the tracker and verify its primary-key read (GET /row/<id>);"
echo "ratio = molard req/s / bare req/s; floor/s = the page's own queries (the session's not counted)"
echo "from one thread."
echo "Targets: ratio >= $TARGET_RATIO, and for the signed-in pages p99 < $TARGET_P99 ms."
printf '%-8s %-15s %12s %9s %9s %12s %9s %9s %6s  %s\n' database scenario "molard req/s" "p50 ms" "p99 ms" \
    "bare req/s" "p99 ms" "floor/s" ratio target
for db in "${DATABASES[@]}"; do
    for scenario in "${SCENARIOS[@]}"; do
        m=${BEST_RPS[$db:$scenario:molard]:-}
        b=${BEST_RPS[$db:$scenario:bare]:-}
        if [[ -z $m || -z $b ]]; then
            printf '%-8s %-15s %12s\n' "$db" "${SCENARIO_NAME[$scenario]}" "no figures"
            continue
        fi
        ratio=$(awk -v m="$m" -v b="$b" 'BEGIN { printf "%.2f", m / b }')
        p99=${BEST_P99[$db:$scenario:molard]}
        missed=""
        awk -v r="$ratio" -v t="$TARGET_RATIO" 'BEGIN { exit !(r >= t) }' || missed=ratio
        if [[ $scenario != track && $scenario != verify ]]; then
            awk -v p="$p99" -v t="$TARGET_P99" 'BEGIN { exit !(p < t) }' || missed+="${missed:+, }p99"
        fi
        verdict=PASS
        [[ -z $missed ]] || verdict="FAIL ($missed)"
        if [[ -n ${UNANSWERED[$db:$scenario:molard]:-}${UNANSWERED[$db:$scenario:bare]:-} ]]; then
            verdict="INVALID (failed or unanswered requests)"
        fi
        printf '%-8s %-15s %12.0f %9s %9s %12.0f %9s %9s %6s  %s\n' "$db" "${SCENARIO_NAME[$scenario]}" "$m" \
            "${BEST_P50[$db:$scenario:molard]}" "$p99" "$b" "${BEST_P99[$db:$scenario:bare]}" \
            "${FLOOR[$db:$scenario]:--}" "$ratio" "$verdict"
    done
done
for db in "${DATABASES[@]}"; do
    echo "$db: seeded $CASES cases in ${SEED_SECONDS[$db]} s"
done
awk -v ms="$START_MS" -v kb="$IDLE_KB" -v tms="$TARGET_START_MS" -v tmb="$TARGET_IDLE_MB" -v runs="$START_RUNS" 'BEGIN {
    printf "cold start, every plugin: %d ms (best of %d; target < %d ms)  %s\n", ms, runs, tms, ms < tms ? "PASS" : "FAIL"
    printf "idle resident memory:     %.1f MiB (target < %d MiB)  %s\n", kb / 1024, tmb, kb / 1024 < tmb ? "PASS" : "FAIL" }'

if ((FAILURES > 0)); then
    echo "cases.sh: $FAILURES run(s) had unanswered connections or errors (see above)" >&2
    exit 1
fi
