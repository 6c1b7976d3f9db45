#!/usr/bin/env bash
# Backup and restore benchmark (not part of the test suite). In one run, on one machine:
#  1. a data directory of DOCS documents totalling about TOTAL_MB (default 100,000 documents,
#     10 GiB): one document in ten a short French note (indexed, searched below), the rest
#     scans of random bytes (stored, found by name), imported with `synaps import` and indexed;
#  2. synaps-server on it, under a search load (wrk, CONNECTIONS connections): latency p50/p99
#     alone, then while each backup below runs;
#  3. backups of the live data directory, each timed: `cp -a` (the floor: no consistency),
#     `sqlite3 .backup` + `rsync -a blobs/` (the hand-made recipe), `synaps backup`, and
#     `synaps backup --hard-links`;
#  4. restores: `cp -a` of the backup (floor) and `synaps restore` (which also verifies every
#     blob's SHA-256 and rebuilds the index, since the server held it during the backup).
# Prints a table with the ratios to the floor and writes it to WORK_DIR/summary.txt.
#
#   bench/backup/run.sh [WORK_DIR]           (default build/bench-backup; needs 4 x TOTAL_MB free)
#   DOCS=10000 TOTAL_MB=1024 bench/backup/run.sh      (a quicker run)
#
# Knobs: BIN_DIR (default build/bin), DOCS, TOTAL_MB, CONNECTIONS (8), PORT (18490), KEEP=1
# (keep the work folder), NO_INSTALL=1. The data directory is kept in WORK_DIR/data-DOCS-TOTAL_MB
# for the next runs (REBUILD=1 makes it again).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
bin=${BIN_DIR:-$root/build/bin}
work=${1:-$root/build/bench-backup}
docs=${DOCS:-100000}
total_mb=${TOTAL_MB:-10240}
connections=${CONNECTIONS:-8}
port=${PORT:-18490}
say() { printf '\n== %s\n' "$*" >&2; }

if [[ -z ${NO_INSTALL:-} && $(id -u) -eq 0 ]]; then
  apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends wrk rsync sqlite3 \
    curl python3 >/dev/null
fi
synaps() { "$bin/synaps" --data "$data" "$@"; }
seconds() { local t0=$EPOCHREALTIME; "$@" >/dev/null; echo "$EPOCHREALTIME - $t0" | bc; }

mkdir -p "$work"
data=$work/data-$docs-$total_mb
if [[ -n ${REBUILD:-} || ! -f $data/.complete ]]; then
  say "making $docs documents, $total_mb MB, and importing them"
  rm -rf "$data" "$work/corpus"
  python3 - "$work/corpus" "$docs" "$total_mb" <<'PY'
import os, random, sys
root, docs, total_mb = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
random.seed(7)
words = ("arrêté préfectoral crue inondation sécheresse permis construire réunion service "
         "direction territoires cabinet citoyenneté titre séjour association déclaration "
         "subvention commune maire élection sécurité routière plan prévention risques").split()
notes = docs // 10
scan_bytes = max(1, (total_mb * 1024 * 1024) // max(1, docs - notes))
for i in range(docs):
    folder = os.path.join(root, f"lot{i // 1000:03d}")
    os.makedirs(folder, exist_ok=True)
    if i % 10 == 0:
        text = " ".join(random.choice(words) for _ in range(200)) + f" dossier{i}\n"
        with open(os.path.join(folder, f"note{i}.txt"), "w") as out:
            out.write(text)
    else:
        with open(os.path.join(folder, f"scan{i}.bin"), "wb") as out:
            out.write(os.urandom(scan_bytes))
PY
  "$bin/synaps" --data "$data" init >/dev/null
  synaps service add CAB --name Cabinet >/dev/null
  printf 'bench-password\n' | synaps user add agent --service CAB --role reader \
    --password-stdin >/dev/null
  synaps import "$work/corpus" --service CAB >/dev/null
  synaps index >/dev/null
  rm -rf "$work/corpus"
  touch "$data/.complete"
fi
size_mb=$(du -sm "$data" | cut -f1)

say "synaps-server under a search load"
"$bin/synaps-server" --data "$data" --listen "127.0.0.1:$port" >"$work/server.log" 2>&1 &
server=$!
# Under `set -e` a failing command in the trap becomes the script's status: the server is
# usually stopped already when the trap runs, so its kill may fail.
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true
      [[ -n ${KEEP:-} ]] || rm -rf "$work"/backup-* "$work"/restored-*' EXIT
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
auth=$(printf 'agent:bench-password' | base64)
load() {  # wrk for $1 seconds; prints "p50 p99" in ms
  wrk -t2 -c"$connections" -d"$1"s --latency -H "Authorization: Basic $auth" \
    "http://127.0.0.1:$port/api/v1/search?q=crue+inondation" >"$work/wrk.out" 2>&1 || true
  awk '/ 50%/{p50=$2} / 99%/{p99=$2} END{print p50, p99}' "$work/wrk.out"
}
# While `$@` runs: its time, and the search latency meanwhile.
under_load() {
  local t0=$EPOCHREALTIME
  wrk -t2 -c"$connections" -d600s --latency -H "Authorization: Basic $auth" \
    "http://127.0.0.1:$port/api/v1/search?q=crue+inondation" >"$work/wrk.out" 2>&1 &
  local wrk_pid=$!
  "$@" >/dev/null
  local elapsed
  elapsed=$(echo "$EPOCHREALTIME - $t0" | bc)
  kill -INT "$wrk_pid"
  wait "$wrk_pid" || true
  echo "$elapsed $(awk '/ 50%/{p50=$2} / 99%/{p99=$2} END{print p50, p99}' "$work/wrk.out")"
}
idle=$(load 10)

rm -rf "$work"/backup-* "$work"/restored-*
sync
say "backups (data directory: $size_mb MB)"
read -r cp_s cp_p50 cp_p99 < <(under_load cp -a "$data" "$work/backup-cp")
recipe() {
  mkdir -p "$work/backup-recipe"
  sqlite3 "$data/synaps.db" ".backup $work/backup-recipe/synaps.db"
  rsync -a "$data/blobs/" "$work/backup-recipe/blobs/"
}
read -r recipe_s recipe_p50 recipe_p99 < <(under_load recipe)
read -r synaps_s synaps_p50 synaps_p99 < <(under_load synaps backup "$work/backup-synaps")
read -r link_s link_p50 link_p99 < <(under_load synaps backup --hard-links "$work/backup-links")
kill $server
wait $server 2>/dev/null || true

say "restores"
restore_cp_s=$(seconds cp -a "$work/backup-cp" "$work/restored-cp")
restore_s=$(seconds "$bin/synaps" restore "$work/backup-synaps" --data "$work/restored-synaps")

ratio() { echo "scale=2; $1 / $2" | bc; }
{
  printf 'backup and restore of %s documents (%s MB of data directory), search load %s connections\n' \
    "$docs" "$size_mb" "$connections"
  printf 'search latency with no backup running: p50 %s, p99 %s\n\n' $idle
  printf '%-36s %9s %9s %10s %10s\n' operation seconds "x floor" "search p50" "search p99"
  printf '%-36s %9.1f %9s %10s %10s\n' "cp -a (floor)" "$cp_s" 1.00 "$cp_p50" "$cp_p99"
  printf '%-36s %9.1f %9s %10s %10s\n' "sqlite3 .backup + rsync" "$recipe_s" \
    "$(ratio "$recipe_s" "$cp_s")" "$recipe_p50" "$recipe_p99"
  printf '%-36s %9.1f %9s %10s %10s\n' "synaps backup" "$synaps_s" "$(ratio "$synaps_s" "$cp_s")" \
    "$synaps_p50" "$synaps_p99"
  printf '%-36s %9.1f %9s %10s %10s\n' "synaps backup --hard-links" "$link_s" \
    "$(ratio "$link_s" "$cp_s")" "$link_p50" "$link_p99"
  printf '%-36s %9.1f %9s\n' "restore: cp -a (floor)" "$restore_cp_s" 1.00
  printf '%-36s %9.1f %9s   (verifies every blob, rebuilds the index)\n' "synaps restore" \
    "$restore_s" "$(ratio "$restore_s" "$restore_cp_s")"
} | tee "$work/summary.txt"
