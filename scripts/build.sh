#!/usr/bin/env bash
# Configures build/ (RelWithDebInfo) and builds everything, incrementally.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo
# Optional arguments name the targets to build (default: everything).
if [ "$#" -gt 0 ]; then
  cmake --build build -j2 --target "$@"
else
  cmake --build build -j2
fi
