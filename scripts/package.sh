#!/usr/bin/env bash
# Builds Molar's Debian packages into build-deb/packages/<version>/ the way a Debian package build
# would: installed under /usr, with dpkg-buildflags' hardening (FORTIFY, stack protector,
# relro and bindnow), stripped, the debug symbols in -dbgsym packages.
#   scripts/package.sh [revision]   the Debian revision (default 1): 0.1.0-<revision>
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
revision="${1:-1}"

# The paths in debug info are made relative by the project itself (-fdebug-prefix-map), so
# that a clone in another folder hits the same compiler cache; dpkg's own mapping would
# name this folder in every command line.
export DEB_BUILD_MAINT_OPTIONS="hardening=+all reproducible=-fixfilepath,-fixdebugpath"
CXXFLAGS="$(dpkg-buildflags --get CXXFLAGS) $(dpkg-buildflags --get CPPFLAGS)"
LDFLAGS="$(dpkg-buildflags --get LDFLAGS)"
export CXXFLAGS LDFLAGS

cmake -S . -B build-deb -DCMAKE_BUILD_TYPE=None \
  -DCMAKE_INSTALL_PREFIX=/usr -DCMAKE_INSTALL_SYSCONFDIR=/etc -DCMAKE_INSTALL_LOCALSTATEDIR=/var \
  -DMOLAR_DATA_DIR=/usr/share/molar -DMOLAR_BUILD_TESTS=OFF -DMOLAR_BUILD_BENCH=OFF \
  -DMOLAR_DEBIAN_REVISION="$revision"
cmake --build build-deb -j2
out="build-deb/packages/0.1.0-$revision"
rm -rf "$out"
(cd build-deb && cpack -G DEB -B "$root/$out")
rm -rf "$out/_CPack_Packages"
ls -1 "$out"
