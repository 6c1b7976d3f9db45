#!/bin/sh
# synaps-memory-generator: a systemd generator (systemd.generator(7)) that sizes
# synaps-server.service's MemoryMax from Synaps' own settings, at boot and at each
# `systemctl daemon-reload`, so that a changed extraction limit or thread count never leaves the
# unit too tight (the server killed) or too loose (a runaway PDF taking the machine).
#
#   MemoryMax = 512 MiB + 8 MiB per request thread        (the server, its caches and stacks)
#             + one extraction worker per core (at most 8) x synaps.extract.memory_bytes
#
# With the shipped settings (64 threads, 1 GiB per worker) that is 3 GiB on 2 cores. The value
# goes into a drop-in in the generator's directory (/run/systemd/generator), below whatever an
# administrator writes with `systemctl edit synaps-server`, which therefore still wins.
# Arguments: the three output directories systemd gives; only the first is used.
# SYNAPS_SYSTEM_CONFIG names another settings file (tests); SYNAPS_CPUS another core count.
set -eu

out=${1:?usage: synaps-memory-generator NORMAL_DIR [EARLY_DIR LATE_DIR]}
config=${SYNAPS_SYSTEM_CONFIG:-/etc/synaps/synaps.properties}

# The last value a settings file gives `key` (conf.d files after the main one, in name order).
setting() {
  for file in "$config" "$(dirname "$config")"/conf.d/*.properties; do
    [ -r "$file" ] && sed -n "s/^[[:space:]]*$1[[:space:]]*[=:][[:space:]]*//p" "$file"
  done | tail -n 1 | sed 's/[[:space:]]*$//'
}
# `value` if it is a positive whole number, else `default` (a bad setting must not fail boot).
number_or() {
  case $1 in '' | *[!0-9]*) echo "$2" ;; *) [ "$1" -gt 0 ] && echo "$1" || echo "$2" ;; esac
}

threads=$(number_or "$(setting 'synaps\.http\.threads')" 64)
worker_bytes=$(number_or "$(setting 'synaps\.extract\.memory_bytes')" 1073741824)
cores=$(number_or "${SYNAPS_CPUS:-$(nproc 2>/dev/null || echo 1)}" 1)
[ "$cores" -gt 8 ] && cores=8
mib=$((1024 * 1024))
bytes=$((512 * mib + threads * 8 * mib + cores * worker_bytes))

mkdir -p "$out/synaps-server.service.d"
cat >"$out/synaps-server.service.d/50-memory-max.conf" <<CONF
# Written by synaps-memory-generator from Synaps' settings ($threads request threads, $cores
# extraction workers of $worker_bytes bytes). Override: systemctl edit synaps-server
[Service]
MemoryMax=$bytes
CONF
