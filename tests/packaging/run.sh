#!/usr/bin/env bash
# The Debian packages, end to end, in a clean Debian 12 root (debootstrap, kept between runs
# in /var/cache/molar-test; each run works in an overlay of it and leaves it untouched):
# lintian, install, molard started exactly as its systemd unit says (user, environment file,
# working folder, ExecStart), the first admin made the way docs/operations.md says and
# signed in over HTTP, an upgrade to a rebuilt package, a plugin's removal, and a purge.
# Prints "ok"/"not ok" per check, then "N passed, N failed".
#   tests/packaging/run.sh [--no-build]   (--no-build: use the packages build-deb/ has)
set -uo pipefail

project="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cache=/var/cache/molar-test
base="$cache/debian-12-minbase"
archives="$cache/apt-archives"
work="$(mktemp -d /tmp/molar-package-test.XXXXXX)"
root="$work/root"
passed=0
failed=0
molard_pid=

ok() { passed=$((passed + 1)); echo "ok - $*"; }
not_ok() { failed=$((failed + 1)); echo "not ok - $*"; }
# check "what" command...: one counted check.
check() {
  local what=$1
  shift
  if "$@"; then ok "$what"; else not_ok "$what"; fi
}
finish() {
  echo
  echo "$passed passed, $failed failed"
  if [ "$failed" -gt 0 ]; then exit 1; fi
  exit 0
}
in_root() { chroot "$root" "$@"; }
# As the service user, with the unit's environment file, as systemd would run a command.
as_service() {
  in_root setpriv --reuid=molar --regid=molar --init-groups --inh-caps=-all \
    env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin $(service_environment) "$@"
}
service_environment() {
  grep -E '^[A-Z_][A-Z0-9_]*=' "$root/etc/molar/environment" 2>/dev/null || true
}
unit_value() { sed -n "s/^$1=//p" "$root/lib/systemd/system/molard.service" | tail -n 1; }

cleanup() {
  stop_molard
  for mount in "$root/var/cache/apt/archives" "$root/dev" "$root/proc" "$root"; do
    if mountpoint -q "$mount"; then umount -l "$mount"; fi
  done
  # MOLAR_PACKAGE_TEST_KEEP=1 keeps the root's changes and the logs for a look afterwards.
  if [ "${MOLAR_PACKAGE_TEST_KEEP:-0}" = 1 ]; then echo "kept: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

# --- the packages: revision 1, and 2 for the upgrade ------------------------------------------
if [ "${1:-}" != --no-build ]; then
  for revision in 2 1; do
    if ! bash "$project/scripts/package.sh" "$revision" > "$work/package-$revision.log" 2>&1; then
      tail -n 40 "$work/package-$revision.log"
      not_ok "scripts/package.sh $revision builds the packages"
      finish
    fi
  done
fi
debs1="$project/build-deb/packages/0.1.0-1"
debs2="$project/build-deb/packages/0.1.0-2"
plugins=(cases billing pay-bank pay-stripe pay-razorpay credits warranty nps aligners notify-email notify-whatsapp)
for plugin in "${plugins[@]}"; do
  check "molar-plugin-$plugin is built" test -f "$(ls "$debs1"/molar-plugin-"$plugin"_*.deb 2>/dev/null | head -n 1)"
done
check "libmolar-sdk1, libmolar-sdk-dev and their -dbgsym are built" \
  test -f "$(ls "$debs1"/libmolar-sdk1_*.deb)" -a -f "$(ls "$debs1"/libmolar-sdk-dev_*.deb)" \
  -a -f "$(ls "$debs1"/molar-dbgsym_*.ddeb)"

# --- lintian: errors and warnings fail; each override in a package says why -----------------
if lintian --fail-on error,warning --display-level '>=warning' --tag-display-limit 0 \
  "$debs1"/*.deb > "$work/lintian.log" 2>&1; then
  ok "lintian: no error or warning"
else
  cat "$work/lintian.log"
  not_ok "lintian: no error or warning"
fi

# --- the built files: stripped, hardened, debug symbols by build id ---------------------------
extract="$work/extract"
mkdir -p "$extract/molar" "$extract/dbgsym"
dpkg-deb -x "$(ls "$debs1"/molar_*.deb)" "$extract/molar"
dpkg-deb -x "$(ls "$debs1"/molar-dbgsym_*.ddeb)" "$extract/dbgsym"
molard_bin="$extract/molar/usr/bin/molard"
check "molard is stripped" sh -c "! readelf -S '$molard_bin' | grep -q '\.debug_info'"
check "molard is linked with relro and bind-now" sh -c \
  "readelf -lW '$molard_bin' | grep -q GNU_RELRO && readelf -dW '$molard_bin' | grep -Eq 'BIND_NOW|FLAGS_1.*NOW'"
check "molard is built with the stack protector and FORTIFY" sh -c \
  "readelf -sW --dyn-syms '$molard_bin' | grep -q __stack_chk_fail && readelf -sW --dyn-syms '$molard_bin' | grep -Eq '__[a-z]+_chk@'"
build_id="$(readelf -n "$molard_bin" | sed -n 's/.*Build ID: \([0-9a-f]*\)/\1/p')"
check "molar-dbgsym holds molard's symbols by its build id" \
  test -f "$extract/dbgsym/usr/lib/debug/.build-id/${build_id:0:2}/${build_id:2}.debug"
check "molard carries no RUNPATH" sh -c "! readelf -dW '$molard_bin' | grep -Eq 'RUNPATH|RPATH'"
# systemd's own rating of the unit's sandbox, 0 (locked down) to 10; Debian's daemons that
# are hardened score 1 to 3.
exposure="$(systemd-analyze security --offline=true "$extract/molar/lib/systemd/system/molard.service" 2>/dev/null |
  sed -n 's/.*Overall exposure level for molard.service: \([0-9.]*\).*/\1/p')"
echo "systemd-analyze security: exposure ${exposure:-unknown}"
check "systemd-analyze security rates the unit 2.0 or less (is ${exposure:-unknown})" \
  awk -v e="${exposure:-99}" 'BEGIN { exit !(e <= 2.0) }'


# --- a clean Debian 12 root -----------------------------------------------------------------
mkdir -p "$cache" "$archives"
if [ ! -f "$base/.complete" ]; then
  rm -rf "$base"
  if ! debootstrap --variant=minbase bookworm "$base" http://deb.debian.org/debian > "$work/debootstrap.log" 2>&1; then
    tail -n 20 "$work/debootstrap.log"
    not_ok "debootstrap a Debian 12 root"
    finish
  fi
  touch "$base/.complete"
fi
mkdir -p "$work/upper" "$work/overlay-work" "$root"
mount -t overlay overlay -o "lowerdir=$base,upperdir=$work/upper,workdir=$work/overlay-work" "$root"
mount -t proc proc "$root/proc"
mount --bind /dev "$root/dev"
mount --bind "$archives" "$root/var/cache/apt/archives"
# The same archive as this machine: bookworm with its updates and security fixes, which the
# packages' shared-library versions come from.
rm -f "$root/etc/apt/sources.list"
cp /etc/apt/sources.list.d/*.sources "$root/etc/apt/sources.list.d/" 2>/dev/null || cp /etc/apt/sources.list "$root/etc/apt/"
cp /etc/resolv.conf "$root/etc/resolv.conf"
mkdir -p "$root/debs1" "$root/debs2"
cp "$debs1"/*.deb "$root/debs1/"
cp "$debs2"/*.deb "$root/debs2/"
export DEBIAN_FRONTEND=noninteractive
if ! in_root apt-get update -q > "$work/apt-update.log" 2>&1; then
  tail -n 20 "$work/apt-update.log"
  not_ok "apt-get update in the root"
  finish
fi

# --- install ------------------------------------------------------------------------------
install_list() { # the host, the SDK's library and every plugin of one revision's folder
  local dir=$1
  ls "$root/$dir"/molar_*.deb "$root/$dir"/libmolar-sdk1_*.deb "$root/$dir"/molar-plugin-*.deb | sed "s|^$root||"
}
if in_root apt-get install -y -q --no-install-recommends $(install_list debs1) < /dev/null > "$work/install.log" 2>&1; then
  ok "apt-get install the packages into the clean root"
else
  tail -n 30 "$work/install.log"
  not_ok "apt-get install the packages into the clean root"
  finish
fi
check "molard --version names the version" sh -c "chroot '$root' molard --version | grep -q '^molard 0.1.0 (Molar SDK 1\.'"
check "the molar system user exists, home /var/lib/molar" sh -c \
  "chroot '$root' getent passwd molar | awk -F: '\$3 < 1000 && \$6 == \"/var/lib/molar\"' | grep -q molar"
owner_mode() { in_root stat -c '%U %a' "$1"; }
check "/var/lib/molar belongs to molar, mode 750 (is $(owner_mode /var/lib/molar))" \
  test "$(owner_mode /var/lib/molar)" = "molar 750"
check "/etc/molar/environment is root's alone, 600 (is $(owner_mode /etc/molar/environment))" \
  test "$(owner_mode /etc/molar/environment)" = "root 600"
check "molard.service is enabled (multi-user.target.wants)" test -L "$root/etc/systemd/system/multi-user.target.wants/molard.service"
for plugin in "${plugins[@]}"; do
  check "molar-plugin-$plugin enabled itself (plugins.d/$plugin.conf)" \
    in_root grep -qx "plugin = $plugin" "/etc/molar/plugins.d/$plugin.conf"
done
check "every package has its copyright and changelog.Debian.gz" sh -c "
  for p in molar libmolar-sdk1 $(printf 'molar-plugin-%s ' "${plugins[@]}"); do
    test -f '$root'/usr/share/doc/\$p/copyright && test -f '$root'/usr/share/doc/\$p/changelog.Debian.gz || exit 1
  done"
check "molard(8) and molar-create-admin(8) are installed" \
  test -f "$root/usr/share/man/man8/molard.8.gz" -a -f "$root/usr/share/man/man8/molar-create-admin.8.gz"
check "the unit keeps a configuration error from restarting (RestartPreventExitStatus=78)" \
  sh -c "grep -Eq '^RestartPreventExitStatus=.*\\b78\\b' '$root/lib/systemd/system/molard.service'"

# --- molard as the unit runs it -------------------------------------------------------------
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
exec_start="$(unit_value ExecStart)"
unit_user="$(unit_value User)"
working_dir="$(unit_value WorkingDirectory)"
check "the unit runs molard as molar" test "$unit_user" = molar
start_molard() {
  local log=$1
  in_root setpriv --reuid="$unit_user" --regid="$(unit_value Group)" --init-groups --inh-caps=-all \
    env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin $(service_environment) \
    sh -c "cd '$working_dir' && exec $exec_start" > "$log" 2>&1 &
  molard_pid=$!
}
stop_molard() {
  if [ -n "$molard_pid" ] && kill -0 "$molard_pid" 2>/dev/null; then
    pkill -TERM -f "^/usr/bin/molard --config /etc/molar" || true
    wait "$molard_pid" 2>/dev/null || true
  fi
  molard_pid=
}
# Waits for /readyz; answers 1 if molard exited first.
await_ready() {
  for _ in $(seq 1 150); do
    if curl -fsS "http://127.0.0.1:$port/readyz" > /dev/null 2>&1; then return 0; fi
    if ! kill -0 "$molard_pid" 2>/dev/null; then return 1; fi
    sleep 0.2
  done
  return 1
}
# Exit status of a molard started as the unit and expected to stop by itself.
exit_status_of_start() {
  start_molard "$1"
  wait "$molard_pid"
  local status=$?
  molard_pid=
  return $status
}

# Right after install: the shipped settings are production's (secure cookies), and the
# portal's public address is still the default loopback one.
echo "http.port = $port" >> "$root/etc/molar/molar.properties"
exit_status_of_start "$work/molard-first.log"
status=$?
check "molard refuses a loopback http.publicUrl with exit 78 (was $status)" test "$status" = 78
check "and says which setting to change" grep -q "set http.publicUrl to the address clinics reach" "$work/molard-first.log"
echo "http.publicUrl = https://portal.lab.test" >> "$root/etc/molar/molar.properties"

# Every plugin installed: the payment providers and WhatsApp need the lab's accounts.
exit_status_of_start "$work/molard-plugin-settings.log"
status=$?
check "a plugin's missing setting is a configuration error too: exit 78 (was $status)" test "$status" = 78
check "which names the setting" grep -Eq "molard: .*\.properties: [a-z-]+\.[A-Za-z]+ = .* is not allowed; expected" \
  "$work/molard-plugin-settings.log"
# Settings in the conffile; secrets in the environment file, as docs/operations.md says.
cat >> "$root/etc/molar/molar.properties" <<'EOF'
pay-bank.accountName = Bright Smile Dental Lab
pay-bank.iban = DE89370400440532013000
pay-bank.bic = COBADEFFXXX
pay-stripe.currencies = EUR
pay-razorpay.keyId = rzp_test_PackageTest01
notify-whatsapp.phoneNumberId = 106540352242922
EOF
cat >> "$root/etc/molar/environment" <<'EOF'
MOLAR_PAY_STRIPE_SECRETKEY=sk_test_51PackageTestKey0000000000
MOLAR_PAY_STRIPE_WEBHOOKSECRETS=whsec_packagetest000000000000
MOLAR_PAY_RAZORPAY_KEYSECRET=packagetestsecret0000000
MOLAR_PAY_RAZORPAY_WEBHOOKSECRETS=packagetestwebhook00000
MOLAR_NOTIFY_WHATSAPP_ACCESSTOKEN=EAAPackageTestToken000000000
MOLAR_NOTIFY_WHATSAPP_APPSECRET=packagetestappsecret0000
MOLAR_NOTIFY_WHATSAPP_VERIFYTOKEN=packagetestverify0000
EOF

as_service molard --config /etc/molar --data-dir /usr/share/molar --check-config > "$work/check-config.log" 2>&1
status=$?
cat "$work/check-config.log"
check "molard --check-config passes once the settings are made (was $status)" test "$status" = 0
as_service molard --config /etc/molar --data-dir /usr/share/molar --list-plugins > "$work/list-plugins.log" 2>&1
check "molard --list-plugins names each plugin's plugins.d file" \
  grep -q "^cases 1.0.0  enabled by /etc/molar/plugins.d/cases.conf  /usr/lib/.*/molar/plugins/cases/cases.so" "$work/list-plugins.log"

start_molard "$work/molard.log"
if await_ready; then ok "molard serves /readyz, started as the unit"; else
  tail -n 30 "$work/molard.log"
  not_ok "molard serves /readyz, started as the unit"
  finish
fi
running_uid() { awk '/^Uid:/ {print $2}' "/proc/$(pgrep -f '^/usr/bin/molard --config /etc/molar' | head -n 1)/status"; }
check "molard runs as molar (uid $(running_uid))" test "$(running_uid)" = "$(in_root id -u molar)"
check "molard logs to standard output (the journal), not a file" sh -c \
  "grep -q 'started plugin cases' '$work/molard.log' && ! ls '$root'/var/log/molar/* >/dev/null 2>&1"
check "no secret of the environment file is in the log" sh -c \
  "! grep -Eq 'sk_test_51PackageTestKey|packagetestsecret|EAAPackageTestToken|packagetestappsecret' '$work/molard.log'"

# --- the first admin, as docs/operations.md says --------------------------------------------
in_root molard --config /etc/molar --data-dir /usr/share/molar --create-admin root@lab.test > "$work/root-admin.log" 2>&1
status=$?
check "molard --create-admin as root is refused (exit 77, was $status)" test "$status" = 77
check "and points at molar-create-admin" grep -q "molar-create-admin" "$work/root-admin.log"
in_root molar-create-admin admin@lab.test > "$work/admin.log" 2>&1
status=$?
cat "$work/admin.log"
check "molar-create-admin makes the first admin (exit 0, was $status)" test "$status" = 0
one_time="$(sed -n 's/^One-time password: //p' "$work/admin.log")"
check "nothing under /var/lib/molar belongs to root" test -z "$(find "$root/var/lib/molar" ! -user "$(stat -c %u "$root/var/lib/molar")")"
passphrase='glacier orbit pencil 42'
check "the admin signs in over HTTP and replaces the one-time password" \
  python3 "$project/tests/packaging/sign_in.py" "$port" admin@lab.test "$one_time" --new-password "$passphrase"
stop_molard

# --- upgrade to the rebuilt package ---------------------------------------------------------
cp "$root/etc/molar/molar.properties" "$work/properties-before"
if in_root apt-get install -y -q --no-install-recommends $(install_list debs2) < /dev/null > "$work/upgrade.log" 2>&1; then
  ok "apt-get install upgrades to 0.1.0-2"
else
  tail -n 30 "$work/upgrade.log"
  not_ok "apt-get install upgrades to 0.1.0-2"
fi
check "molar 0.1.0-2 is installed" test "$(in_root dpkg-query -W -f='${Version}' molar)" = 0.1.0-2
check "the edited /etc/molar/molar.properties is kept (a conffile)" cmp -s "$work/properties-before" "$root/etc/molar/molar.properties"
check "molard.service is still enabled" test -L "$root/etc/systemd/system/multi-user.target.wants/molard.service"
check "the plugins stay enabled" in_root test -e /etc/molar/plugins.d/cases.conf -a -e /etc/molar/plugins.d/nps.conf
start_molard "$work/molard-upgraded.log"
check "the upgraded molard serves" await_ready
check "the admin's account and passphrase survived the upgrade" \
  python3 "$project/tests/packaging/sign_in.py" "$port" admin@lab.test "$passphrase"
stop_molard

# --- removing a plugin disables it ----------------------------------------------------------
in_root apt-get remove -y -q molar-plugin-nps < /dev/null > "$work/remove-nps.log" 2>&1
check "apt-get remove molar-plugin-nps" test $? = 0
as_service molard --config /etc/molar --data-dir /usr/share/molar --list-plugins > "$work/list-after-remove.log" 2>&1
check "molard no longer loads nps, and starts" sh -c \
  "! grep -q '^nps ' '$work/list-after-remove.log' && grep -q '^cases ' '$work/list-after-remove.log'"
start_molard "$work/molard-without-nps.log"
check "molard serves without the removed plugin" await_ready
stop_molard

# --- purge -----------------------------------------------------------------------------------
in_root apt-get purge -y -q molar libmolar-sdk1 $(printf 'molar-plugin-%s ' "${plugins[@]}") < /dev/null > "$work/purge.log" 2>&1
check "apt-get purge every package" test $? = 0
check "purge removes the service user and group" sh -c "! chroot '$root' getent passwd molar && ! chroot '$root' getent group molar"
check "purge removes /var/lib/molar, /var/log/molar and /etc/molar" \
  test ! -e "$root/var/lib/molar" -a ! -e "$root/var/log/molar" -a ! -e "$root/etc/molar"
check "purge removes the unit's enablement links" sh -c "! find '$root/etc/systemd' -name 'molard*' | grep -q ."
left="$(cd "$root" && find . -path ./proc -prune -o -path ./dev -prune -o -path ./debs1 -prune -o -path ./debs2 -prune \
  -o -path ./var/cache/apt -prune -o -path ./var/lib/dpkg -prune -o -path ./var/lib/apt -prune -o -path ./var/log -prune \
  -o -iname '*molar*' -print)"
echo "left after purge: ${left:-nothing}"
check "nothing named molar is left on the system" test -z "$left"
finish
