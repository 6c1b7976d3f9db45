#!/usr/bin/env bash
# The systemd units of appliance/systemd/ checked by `systemd-analyze verify` in a small root
# laid out as the package installs them (the programs as stubs), without building the package
# (package_test.sh verifies the installed ones too). Exit 77 (skipped) without systemd-analyze.
# Usage: units_test.sh SOURCE_DIR
set -euo pipefail
source_dir=$1
command -v systemd-analyze >/dev/null || { echo "skipped: no systemd-analyze"; exit 77; }
root=$(mktemp -d /tmp/synaps-units.XXXXXX)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/usr/lib/systemd/system" "$root/usr/bin" "$root/usr/lib/synaps" "$root/etc"
cp "$source_dir"/appliance/systemd/* "$root/usr/lib/systemd/system/"
cp /usr/lib/systemd/system/*.target "$root/usr/lib/systemd/system/" 2>/dev/null || true
for program in usr/bin/synaps usr/bin/synaps-server usr/lib/synaps/synaps-first-start; do
  printf '#!/bin/sh\n' >"$root/$program"
  chmod +x "$root/$program"
done
echo 'synaps:x:999:999::/var/lib/synaps:/usr/sbin/nologin' >"$root/etc/passwd"
echo 'synaps:x:999:' >"$root/etc/group"
units=()
for unit in "$source_dir"/appliance/systemd/*; do units+=("$(basename "$unit")"); done
output=$(systemd-analyze verify --man=no --root="$root" "${units[@]}" 2>&1) || true
if [[ -n $output ]]; then
  echo "$output"
  echo "0 passed, 1 failed"
  exit 1
fi
echo "systemd-analyze verify: ${units[*]} clean"
