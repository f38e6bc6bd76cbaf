#!/usr/bin/env bash
# End to end: install the SDK to a temporary prefix, build sdk/examples/hello from
# a copy of its folder against that prefix alone, start the real molard with it on
# a free loopback port, check its route, page, migration, event handler, static
# file and demo data; restart without it and check that its route and listing are gone. Also checks that bad
# configuration is refused with one line. Usage: sdk_example_test.sh <build dir> <source dir>
set -euo pipefail

build=$1
source=$2
backend=${MOLAR_TEST_DB:-sqlite}
work=$(mktemp -d)
pid=
database=
cleanup() {
  if [ -n "$pid" ]; then kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  if [ -n "$database" ]; then mysql_cli -e "DROP DATABASE IF EXISTS $database" || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
check() { echo "ok - $*"; }

# mysql://user:pass@host:port/db -> client arguments
mysql_cli() {
  local url=${MOLAR_TEST_MYSQL_URL#mysql://}
  local user=${url%%:*} rest=${url#*:}
  local pass=${rest%%@*} hostport=${rest#*@}
  hostport=${hostport%%/*}
  mariadb -h "${hostport%%:*}" -P "${hostport##*:}" -u "$user" -p"$pass" "$@"
}

# 1. The SDK alone, installed to a prefix.
# (the runtime library and the development files, as libmolar-sdk1 and libmolar-sdk-dev hold them)
cmake --install "$build" --component sdk --prefix "$work/prefix" > "$work/install.log"
cmake --install "$build" --component sdk-dev --prefix "$work/prefix" >> "$work/install.log"
[ -f "$work/prefix/include/molar/sdk/Sdk.h" ] || fail "SDK headers not installed"
[ -f "$work/prefix/lib/cmake/MolarSDK/MolarSDKConfig.cmake" ] && check "SDK installed with its CMake package" ||
  fail "no MolarSDKConfig.cmake"

# 2. The example, copied out of the tree, built against the prefix only.
cp -r "$source/sdk/examples/hello" "$work/hello-src"
cmake -S "$work/hello-src" -B "$work/hello-build" -DCMAKE_PREFIX_PATH="$work/prefix" \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo > "$work/hello-configure.log" 2>&1 || { cat "$work/hello-configure.log"; fail "configure"; }
cmake --build "$work/hello-build" -j2 > "$work/hello-build.log" 2>&1 || { cat "$work/hello-build.log"; fail "build"; }
plugin_dir="$work/hello-build/plugins"
[ -f "$plugin_dir/hello/hello.so" ] && check "example plugin built from the installed SDK" || fail "no hello.so"
if grep -q -- "-I$source" "$work/hello-build/CMakeFiles/molar-plugin-hello.dir/flags.make"; then
  fail "the example was compiled with include paths into the source tree"
fi

if [ "$backend" = mysql ]; then
  [ -n "${MOLAR_TEST_MYSQL_URL:-}" ] || fail "MOLAR_TEST_DB=mysql needs MOLAR_TEST_MYSQL_URL"
  database="molar_e2e_$RANDOM$RANDOM"
  mysql_cli -e "CREATE DATABASE $database"
  db_url="${MOLAR_TEST_MYSQL_URL%/*}/$database"
  sql() { mysql_cli -N -B "$database" -e "$1"; }
else
  db_url="sqlite:$work/molar.db"
  sql() { sqlite3 "$work/molar.db" "$1"; }
fi

mkdir -p "$work/etc"
start() {
  : > "$work/molard.log"
  "$build/bin/molard" --config "$work/etc" --data-dir "$source" --set http.port=0 --set "db.url=$db_url" \
    --set "plugins.path=$plugin_dir" --set logging.accessLog=false "$@" > "$work/molard.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 100); do
    port=$(sed -n 's|^Molar is serving at http://127.0.0.1:\([0-9]*\)/$|\1|p' "$work/molard.log")
    if [ -n "$port" ]; then base="http://127.0.0.1:$port"; return 0; fi
    kill -0 "$pid" 2>/dev/null || { cat "$work/molard.log"; fail "molard exited"; }
    sleep 0.1
  done
  cat "$work/molard.log"
  fail "molard did not start"
}
stop() {
  kill -TERM "$pid"
  local rc=0
  wait "$pid" || rc=$?
  pid=
  [ "$rc" = 0 ] || { cat "$work/molard.log"; fail "molard exited with $rc after SIGTERM"; }
}
status_of() { curl -s -o /dev/null -w '%{http_code}' "$1"; }

# 3. molard with the plugin.
start --set plugins.enabled=hello
[ "$(status_of "$base/readyz")" = 200 ] && check "ready with hello enabled" || fail "not ready"
page=$(curl -s -H 'Accept: text/html' "$base/hello/Ada")
grep -q 'Hello, Ada!' <<<"$page" && check "route and page answer" || fail "page: $page"
grep -q '<title>Greetings' <<<"$page" || fail "page title from the plugin's catalog missing"
page=$(curl -s -H 'Accept: text/html' "$base/hello/Ada")
grep -q 'Greetings so far: <strong>2</strong>' <<<"$page" && check "event handler counted in the publishing transaction" ||
  fail "count: $page"
[ "$(sql "SELECT visits FROM hello_visits WHERE name = 'Ada'")" = 2 ] || fail "hello_visits row"
[ "$(sql "SELECT COUNT(*) FROM molar_migrations WHERE owner = 'hello' AND version = 1")" = 1 ] &&
  check "migration recorded" || fail "migration not recorded"
grep -q 'started plugin hello 1.0.0' "$work/molard.log" && check "start-up names the module and its version" ||
  fail "module not named at start-up"
grep -q '<link rel="stylesheet" href="/static/hello/hello.css">' <<<"$page" || fail "page does not link its stylesheet"
css_type=$(curl -s -o "$work/hello.css" -w '%{content_type}' "$base/static/hello/hello.css")
grep -q 'hello-greeting' "$work/hello.css" && [ "${css_type%%;*}" = text/css ] &&
  check "the plugin's static/ folder served at /static/hello/" || fail "static file: $css_type"
[ "$(curl -s --path-as-is -o /dev/null -w '%{http_code}' "$base/static/hello/../hello.so")" = 404 ] ||
  fail "static path climbed out of static/"
stop
check "stopped cleanly on SIGTERM"

# 3b. Demo data: the plugin's seedDemoData() runs with --demo-data, once per start, idempotently.
[ -z "$(sql "SELECT visits FROM hello_visits WHERE name = 'Demo'")" ] || fail "demo row without --demo-data"
start --set plugins.enabled=hello --demo-data --set demo.enabled=true
grep -q "plugin hello added its demo data" "$work/molard.log" || fail "no demo data log line"
[ "$(sql "SELECT visits FROM hello_visits WHERE name = 'Demo'")" = 7 ] && check "plugin added its demo data" ||
  fail "demo row missing"
stop
start --set plugins.enabled=hello --demo-data --set demo.enabled=true
[ "$(sql "SELECT COUNT(*) FROM hello_visits WHERE name = 'Demo'")" = 1 ] && check "demo data added once" ||
  fail "demo data added twice"
stop

# 4. molard without it: its route and listing are gone, the rest works.
start --set plugins.enabled=
[ "$(status_of "$base/hello/Ada")" = 404 ] && check "route gone when disabled" || fail "route still there"
curl -s "$base/" | grep -q '<strong>hello</strong>' && fail "module still listed" || check "module no longer listed"
[ "$(status_of "$base/readyz")" = 200 ] || fail "not ready without plugins"
stop

# 5. Refusals: one line naming the file or key, the value, and what is allowed.
refused() {
  local rc=0
  "$build/bin/molard" --config "$work/etc" --data-dir "$source" --set "db.url=$db_url" \
    --set "plugins.path=$plugin_dir" "$@" > "$work/refused.log" 2>&1 || rc=$?
  [ "$rc" != 0 ] || fail "molard accepted $*"
  [ "$(wc -l < "$work/refused.log")" = 1 ] || { cat "$work/refused.log"; fail "refusal is not one line"; }
  cat "$work/refused.log"
}
line=$(refused --set http.port=eighty)
grep -q -- "--set: http.port = 'eighty' is not allowed; expected an integer from 0 to 65535" <<<"$line" &&
  check "bad host value refused" || fail "$line"
mkdir -p "$work/etc/conf.d"
echo "hello.greting = Hi" > "$work/etc/conf.d/hello.properties"
line=$(refused --set plugins.enabled=hello)
grep -q "$work/etc/conf.d/hello.properties: unknown key hello.greting" <<<"$line" && check "misspelt plugin key refused" ||
  fail "$line"
echo "hello.greeting = " > "$work/etc/conf.d/hello.properties"
line=$(refused --set plugins.enabled=hello)
grep -q "$work/etc/conf.d/hello.properties: hello.greeting = '' is not allowed; expected text of 1 to 40 characters" \
  <<<"$line" && check "bad plugin value refused with its file" || fail "$line"
rm "$work/etc/conf.d/hello.properties"
echo "htpp.port = 1" > "$work/etc/molar.properties"
line=$(refused)
grep -q "$work/etc/molar.properties: unknown key htpp.port" <<<"$line" && check "unknown top-level key refused" ||
  fail "$line"
rm "$work/etc/molar.properties"
line=$(refused --set "plugins.path=$build/tests/loader/plugins" --set plugins.enabled=demo-fails --demo-data --set demo.enabled=true \
  --set logging.console=false)
grep -q "plugin 'demo-fails' failed to add its demo data: the demo lab has no catalog" <<<"$line" &&
  check "failing demo data refuses start-up" || fail "$line"
# The plugin's own defaults: read from its folder while it is enabled; the site's override wins.
[ -f "$plugin_dir/hello/config/hello.properties" ] && check "the plugin's defaults are copied beside its library" ||
  fail "no config/hello.properties in the plugin's folder"
echo "hello.greeting = " > "$plugin_dir/hello/config/hello.properties"
line=$(refused --set plugins.enabled=hello)
grep -q "$plugin_dir/hello/config/hello.properties: hello.greeting = '' is not allowed" <<<"$line" &&
  check "the plugin's defaults are read from its folder" || fail "$line"
echo "hello.greeting = Salaam" > "$work/etc/conf.d/hello.properties"
start --set plugins.enabled=hello
grep -q 'Salaam, Ada!' <<<"$(curl -s -H 'Accept: text/html' "$base/hello/Ada")" &&
  check "the site's override beats the plugin's defaults" || fail "override not applied"
stop
rm "$work/etc/conf.d/hello.properties"
line=$(refused --set plugins.enabled=nosuch)
grep -q "plugin 'nosuch' is enabled but there is no nosuch/nosuch.so" <<<"$line" && check "missing plugin refused" ||
  fail "$line"

echo "e2e ($backend): all checks passed"
