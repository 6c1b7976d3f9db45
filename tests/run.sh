#!/usr/bin/env bash
# Runs the whole test suite: installs what is needed, then builds and runs every test twice,
# once in the Release build users get (build/) and once under AddressSanitizer +
# UndefinedBehaviorSanitizer (build-asan/). Warnings are errors in both (SYNAPS_WERROR is off by
# default in a Release build). Then, as root, the Debian package: built with Debian's flags,
# checked by lintian, installed into a minimal Debian 12, started, upgraded
# (tests/appliance/package_test.sh). Exits non-zero if anything fails.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)

appliance/install-deps.sh

echo "== normal build"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DSYNAPS_WERROR=ON >/dev/null
cmake --build build -j"$jobs"
ctest --test-dir build --output-on-failure -j"$jobs"

echo "== sanitizer build (ASan + UBSan)"
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DSYNAPS_SANITIZE=ON -DSYNAPS_WERROR=ON \
  >/dev/null
cmake --build build-asan -j"$jobs"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
  LSAN_OPTIONS="suppressions=$PWD/tests/sanitizers/lsan.supp" \
  ctest --test-dir build-asan --output-on-failure -j"$jobs"

echo "== Debian package (lintian, a minimal Debian 12, systemd-analyze, /healthz, upgrade)"
if [[ $(id -u) -eq 0 ]]; then
  tests/appliance/package_test.sh
else
  echo "skipped: installing into a chroot needs root"
fi
