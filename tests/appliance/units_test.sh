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

# The memory generator: MemoryMax from the settings (conf.d after the main file), the shipped
# defaults when a value is missing or malformed, and a drop-in that systemd-analyze accepts.
generator=$source_dir/appliance/memory-generator.sh
mib=$((1024 * 1024))
memory_max() { # CPUS SETTINGS_DIR -> the MemoryMax the generator writes
  local out=$root/run/systemd/generator
  rm -rf "$out"
  SYNAPS_CPUS=$1 SYNAPS_SYSTEM_CONFIG=$2/synaps.properties "$generator" "$out" /dev/null /dev/null
  sed -n 's/^MemoryMax=//p' "$out/synaps-server.service.d/50-memory-max.conf"
}
expect() { # WHAT EXPECTED ACTUAL
  [[ $2 == "$3" ]] || { echo "memory generator, $1: MemoryMax=$3, expected $2"; echo "0 passed, 1 failed"; exit 1; }
}
settings=$root/settings
mkdir -p "$settings/conf.d"
: >"$settings/synaps.properties"
expect "shipped settings, 2 cores" $((3 * 1024 * mib)) "$(memory_max 2 "$settings")"
expect "shipped settings, 64 cores (8 workers)" $((1024 * mib + 8 * 1024 * mib)) "$(memory_max 64 "$settings")"
printf 'synaps.http.threads = 32\nsynaps.extract.memory_bytes = 1073741824\n' >"$settings/synaps.properties"
printf 'synaps.extract.memory_bytes=536870912\n' >"$settings/conf.d/90-local.properties"
expect "conf.d overriding the main file" $((768 * mib + 2 * 512 * mib)) "$(memory_max 2 "$settings")"
printf 'synaps.http.threads = many\n' >"$settings/conf.d/95-bad.properties"
expect "a malformed thread count" $((1024 * mib + 2 * 512 * mib)) "$(memory_max 2 "$settings")"
mkdir -p "$root/etc/systemd/system"
cp -r "$root/run/systemd/generator/synaps-server.service.d" "$root/etc/systemd/system/"
output=$(systemd-analyze verify --man=no --root="$root" synaps-server.service 2>&1) || true
[[ -z $output ]] || { echo "$output"; echo "0 passed, 1 failed"; exit 1; }
echo "memory generator: MemoryMax from the settings, drop-in clean"
