#!/usr/bin/env bash
# A private MariaDB server for the test suites: its own files under build/mariadb/ and its data
# in memory (/dev/shm, when it is there), listening on 127.0.0.1 only, on a free port. It never
# touches the system's MariaDB service.
#
#   scripts/mariadb.sh start   start it (or reuse the one already running) and prepare
#                              database molar_test and user molar/molar (ALL on `molar\_%`)
#   scripts/mariadb.sh stop    shut it down
#   scripts/mariadb.sh url     print mysql://molar:molar@127.0.0.1:PORT/molar_test
#   scripts/mariadb.sh status  exit 0 when it is running
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="$root/build/mariadb"
data="$dir/data"
# A test server's data need not outlive the machine: in memory, each suite's databases are
# made and dropped without waiting on the disk (the MariaDB suites run about twice as fast).
# One directory per checkout; a restarted machine starts it afresh.
if [ -z "${MOLAR_MARIADB_ON_DISK:-}" ] && [ -d /dev/shm ] && [ -w /dev/shm ]; then
  data="/dev/shm/molar-mariadb-$(printf '%s' "$root" | md5sum | cut -c1-12)"
fi
sock="$dir/mysqld.sock"
pidfile="$dir/mysqld.pid"
portfile="$dir/port"
log="$dir/error.log"
# A Unix socket path must fit in 108 bytes; a deep checkout puts it under /tmp instead.
if [ "${#sock}" -gt 100 ]; then
  sock="/tmp/molar-mariadb-$(printf '%s' "$root" | md5sum | cut -c1-12).sock"
fi
# Below Linux's ephemeral range (32768-60999), where outgoing connections and their
# TIME-WAIT leftovers would otherwise collide with the listening port.
first_port="${MOLAR_MARIADB_FIRST_PORT:-23306}"
wait_seconds=60

# The first matching binary on PATH or in /usr/sbin (not always on a non-login root's PATH).
find_bin() {
  local name
  for name in "$@"; do
    if command -v "$name" >/dev/null 2>&1; then command -v "$name"; return 0; fi
    if [ -x "/usr/sbin/$name" ]; then echo "/usr/sbin/$name"; return 0; fi
    if [ -x "/usr/bin/$name" ]; then echo "/usr/bin/$name"; return 0; fi
  done
  echo "mariadb.sh: none of $* found; run scripts/install-deps.sh" >&2
  return 1
}

# Administrative connections go over the socket as root, who has no password here.
admin() { "$(find_bin mariadb-admin mysqladmin)" --no-defaults --socket="$sock" -uroot "$@"; }
client() { "$(find_bin mariadb mysql)" --no-defaults --socket="$sock" -uroot; }

server_pid() {
  [ -s "$pidfile" ] || return 1
  local pid
  pid="$(cat "$pidfile")"
  kill -0 "$pid" 2>/dev/null || return 1
  echo "$pid"
}

is_running() { server_pid >/dev/null && admin --connect-timeout=2 ping >/dev/null 2>&1; }

# True when something accepts connections on 127.0.0.1:$1 (bash's /dev/tcp; no extra tools).
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

free_port() {
  local port=$1
  while [ "$port" -lt $((first_port + 200)) ]; do
    if ! port_in_use "$port"; then echo "$port"; return 0; fi
    port=$((port + 1))
  done
  echo "mariadb.sh: no free port in $first_port..$((first_port + 199))" >&2
  return 1
}

show_log() {
  echo "mariadb.sh: last lines of $log:" >&2
  tail -n 40 "$log" >&2 2>/dev/null || true
}

initialise() {
  # A data directory without the system tables is empty or half-made: start it again.
  if [ -d "$data/mysql" ]; then return 0; fi
  rm -rf "$data"
  mkdir -p "$data"
  echo "mariadb.sh: initialising $data"
  if ! "$(find_bin mariadb-install-db mysql_install_db)" --no-defaults --user=root \
      --datadir="$data" --auth-root-authentication-method=normal --skip-test-db \
      >>"$log" 2>&1; then
    echo "mariadb.sh: mariadb-install-db failed" >&2
    show_log
    rm -rf "$data"
    return 1
  fi
}

launch() {
  local port=$1
  rm -f "$pidfile" "$sock"
  # setsid: the server outlives this script and is not in its process group. A test server
  # writes its log at each commit but lets the OS flush it: a killed client loses nothing,
  # and suites that create a database per test run several times faster.
  setsid "$(find_bin mariadbd mysqld)" --no-defaults --user=root \
    --datadir="$data" --socket="$sock" --pid-file="$pidfile" --log-error="$log" \
    --bind-address=127.0.0.1 --port="$port" --skip-name-resolve \
    --innodb-buffer-pool-size=64M --innodb-log-file-size=32M \
    --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
    --max-connections=300 --skip-log-bin \
    --innodb-flush-log-at-trx-commit=2 --innodb-doublewrite=0 \
    </dev/null >>"$log" 2>&1 &
  local launcher=$!
  local waited=0 pid
  while [ $waited -lt $((wait_seconds * 5)) ]; do
    if admin --connect-timeout=2 ping >/dev/null 2>&1; then
      echo "$port" >"$portfile"
      return 0
    fi
    if ! kill -0 "$launcher" 2>/dev/null && ! server_pid >/dev/null; then
      return 2   # exited: maybe the port was taken a moment ago
    fi
    sleep 0.2
    waited=$((waited + 1))
  done
  echo "mariadb.sh: no answer within ${wait_seconds}s" >&2
  kill "$launcher" 2>/dev/null || true
  if pid="$(server_pid)"; then kill "$pid" 2>/dev/null || true; fi
  return 1
}

prepare() {
  client <<'SQL'
CREATE DATABASE IF NOT EXISTS molar_test CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER IF NOT EXISTS 'molar'@'127.0.0.1' IDENTIFIED BY 'molar';
CREATE USER IF NOT EXISTS 'molar'@'localhost' IDENTIFIED BY 'molar';
GRANT ALL PRIVILEGES ON `molar\_%`.* TO 'molar'@'127.0.0.1';
GRANT ALL PRIVILEGES ON `molar\_%`.* TO 'molar'@'localhost';
FLUSH PRIVILEGES;
SQL
}

start() {
  mkdir -p "$dir"
  if is_running && [ -s "$portfile" ]; then
    echo "mariadb.sh: already running on 127.0.0.1:$(cat "$portfile")"
    prepare
    return 0
  fi
  # A server that is alive but does not answer, or left without its port file, is stopped.
  if server_pid >/dev/null; then stop; fi
  initialise
  local tries=0 rc port=$((first_port - 1)) log_size
  while :; do
    port="$(free_port $((port + 1)))"
    rc=0
    log_size=$(stat -c %s "$log" 2>/dev/null || echo 0)
    launch "$port" || rc=$?
    if [ $rc -eq 0 ]; then break; fi
    tries=$((tries + 1))
    if [ $rc -ne 2 ] || [ $tries -ge 5 ] || ! grep -q "Address already in use" < <(tail -c +$((log_size + 1)) "$log"); then
      echo "mariadb.sh: the server did not start" >&2
      show_log
      return 1
    fi
    echo "mariadb.sh: port $port was taken; trying another"
  done
  prepare
  echo "mariadb.sh: running on 127.0.0.1:$port (data in $data)"
}

stop() {
  local pid
  if ! pid="$(server_pid)"; then
    rm -f "$pidfile" "$portfile"
    echo "mariadb.sh: not running"
    return 0
  fi
  admin --connect-timeout=5 shutdown >/dev/null 2>&1 || kill -TERM "$pid" 2>/dev/null || true
  local waited=0
  while kill -0 "$pid" 2>/dev/null; do
    if [ $waited -ge 300 ]; then
      echo "mariadb.sh: server $pid did not stop within 60s; killing it" >&2
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.2
    waited=$((waited + 1))
  done
  rm -f "$pidfile" "$portfile" "$sock"
  echo "mariadb.sh: stopped"
}

url() {
  if [ ! -s "$portfile" ]; then
    echo "mariadb.sh: not running; run scripts/mariadb.sh start" >&2
    return 1
  fi
  echo "mysql://molar:molar@127.0.0.1:$(cat "$portfile")/molar_test"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  url) url ;;
  status) is_running ;;
  *) echo "usage: $0 start|stop|url|status" >&2; exit 2 ;;
esac
