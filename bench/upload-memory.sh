#!/usr/bin/env bash
# Memory during a large upload: molard's peak resident memory before and after a
# clinic uploads a 200 MB scan to a case. Uploads are streamed to disk, so the peak
# should grow by a small fraction of the file, not by the file.
#
# usage: bench/upload-memory.sh [--no-build] [--build-dir DIR] [--megabytes N]
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=1
BUILD_DIR=$ROOT/build
MEGABYTES=200
while (($#)); do
    case $1 in
    --no-build) BUILD=0 ;;
    --build-dir) BUILD_DIR=$(cd "$2" && pwd); shift ;;
    --megabytes) MEGABYTES=$2; shift ;;
    -h | --help) sed -n 2,7p "$0"; exit 0 ;;
    *) echo "upload-memory.sh: unknown argument $1" >&2; exit 2 ;;
    esac
    shift
done
die() { echo "upload-memory.sh: $*" >&2; exit 1; }
[[ $MEGABYTES =~ ^[1-9][0-9]*$ ]] || die "--megabytes takes a positive whole number"

if ((BUILD)); then
    [[ -f $BUILD_DIR/CMakeCache.txt ]] || cmake -S "$ROOT" -B "$BUILD_DIR"
    cmake --build "$BUILD_DIR" -j2 --target molard molar-plugin-cases
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/molar-upload.XXXXXX")
PID=""
cleanup() {
    [[ -n $PID ]] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null
    rm -rf "$WORK"
}
trap cleanup EXIT

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$BUILD_DIR/bin/molard" --config="$WORK" --demo-data --set=demo.enabled=true \
    --set=http.port="$PORT" --set=db.url="sqlite:$WORK/molar.db" --set=files.root="$WORK/files" \
    --set=plugins.path="$BUILD_DIR/plugins" --set=plugins.enabled=cases \
    --set=cases.files.maxMegabytes="$((MEGABYTES + 1))" --set=http.timeoutSeconds=300 \
    --set=logging.accessLog=false --set=logging.level=warning >"$WORK/molard.log" 2>&1 &
PID=$!
for _ in $(seq 100); do
    curl -fsS "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1 && break
    kill -0 "$PID" 2>/dev/null || { cat "$WORK/molard.log"; die "molard stopped"; }
    sleep 0.2
done

# A binary STL of the requested size: 80-byte header, triangle count, 50 bytes each.
TRIANGLES=$(((MEGABYTES * 1024 * 1024 - 84) / 50))
python3 - "$WORK/scan.stl" "$TRIANGLES" <<'PY'
import struct, sys
path, n = sys.argv[1], int(sys.argv[2])
with open(path, "wb") as f:
    f.write(b"molar upload benchmark".ljust(80, b" ") + struct.pack("<I", n))
    f.truncate(84 + 50 * n)
PY

BASE=http://127.0.0.1:$PORT
JAR=$WORK/cookies
# The form token comes with pages, as a browser asks for them.
curl -fsS -c "$JAR" -b "$JAR" -H "Accept: text/html" "$BASE/sign-in" >/dev/null
csrf() { awk '$6 == "molar_csrf" { print $7 }' "$JAR"; }
curl -fsS -c "$JAR" -b "$JAR" -o /dev/null --data-urlencode "login=dentist@smile.example" \
    --data-urlencode "password=demo smile dentist" --data-urlencode "_csrf=$(csrf)" "$BASE/sign-in"
DRAFT=$(curl -sS -c "$JAR" -b "$JAR" -o /dev/null -w '%{redirect_url}' \
    --data-urlencode "patientRef=BENCH-1" --data-urlencode "_csrf=$(csrf)" "$BASE/cases/new")
CASE=$(echo "$DRAFT" | sed -n 's|.*/cases/\([0-9]*\)/edit/.*|\1|p')
[[ -n $CASE ]] || die "could not create a draft (answer: $DRAFT)"

peak() { awk '/^VmHWM/ { print $2 }' "/proc/$PID/status"; }
BEFORE=$(peak)
START=$(date +%s.%N)
STATUS=$(curl -sS -c "$JAR" -b "$JAR" -o "$WORK/answer" -w '%{http_code}' -H "Accept: application/json" \
    -H "X-CSRF-Token: $(csrf)" -F slot=scan -F "file=@$WORK/scan.stl;type=model/stl" "$BASE/cases/$CASE/files")
END=$(date +%s.%N)
AFTER=$(peak)
[[ $STATUS == 200 ]] || { cat "$WORK/answer"; die "upload answered $STATUS"; }
STORED=$(find "$WORK/files" -type f -size +1M | wc -l)
((STORED == 1)) || die "expected one stored file, found $STORED"

awk -v before="$BEFORE" -v after="$AFTER" -v mb="$MEGABYTES" -v start="$START" -v end="$END" 'BEGIN {
    grown = (after - before) / 1024
    printf "upload of %d MB: peak RSS %.1f MB before, %.1f MB after, grown %.1f MB\n", mb, before / 1024, after / 1024, grown
    printf "growth / file size: %.3f (target < 0.05), %.1f MB/s\n", grown / mb, mb / (end - start)
}'
