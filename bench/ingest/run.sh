#!/usr/bin/env bash
# Ingest benchmark: a generated tree of 100,000 small files (100 folders of 1,000, 200 B to
# 4 KiB, all different) as a `share` source. Measures, in the same run and over the same tree:
#   - the first `synaps ingest` (every file read, hashed, stored, its type detected) against the
#     floor of reading the tree once (`tar cf - TREE | wc -c`);
#   - the no-change re-run (listing and comparing only: nothing is opened) against
#     `find TREE -printf '%s %T@\n'` (one stat per file). Aim: within 2x of find.
# Each re-run and find is timed three times, the best kept (the tree is in the page cache for
# both). Prints the figures and the ratios. Not part of the test suite.
#
#   bench/ingest/run.sh [WORK_DIR]   (default: build/bench-ingest; FILES=N for another size)
set -euo pipefail
cd "$(dirname "$0")/../.."
synaps=$PWD/build/bin/synaps
[[ -x $synaps ]] || { echo "build first: cmake -S . -B build -G Ninja && cmake --build build" >&2; exit 1; }
work=${1:-$PWD/build/bench-ingest}
files=${FILES:-100000}
rm -rf "$work" && mkdir -p "$work"
tree=$work/tree
data=$work/data
config=$work/synaps.properties
echo "synaps.sources_dir = $work/sources.d" >"$config"
run() { "$synaps" --data "$data" --config "$config" "$@"; }

echo "generating $files files in $tree"
python3 - "$tree" "$files" <<'PY'
import os, random, sys
root, count = sys.argv[1], int(sys.argv[2])
rng = random.Random(16)
for i in range(count):
    folder = os.path.join(root, "dossier-%03d" % (i % 100))
    if i < 100:
        os.makedirs(folder, exist_ok=True)
    size = rng.randint(200, 4096)
    head = ("Note %d du service, compte rendu n° %d.\n" % (i, rng.randint(1, 10**9))).encode()
    with open(os.path.join(folder, "note-%06d.txt" % i), "wb") as out:
        out.write(head + bytes(rng.getrandbits(8) % 26 + 97 for _ in range(max(0, size - len(head)))))
PY
sync

seconds() { date +%s.%N; }
# Sets $best to the best wall time (s) of three runs of the command.
best_of_three() {
  best=""
  for _ in 1 2 3; do
    local start end t
    start=$(seconds)
    "$@" >/dev/null
    end=$(seconds)
    t=$(echo "$end - $start" | bc -l)
    if [[ -z $best ]] || (($(echo "$t < $best" | bc -l))); then best=$t; fi
  done
}

run init >/dev/null
run service add DDT --name Territoires >/dev/null
run source add bench --type share --location "$tree" --service DDT >/dev/null

start=$(seconds)
tar cf - -C "$tree" . | wc -c >/dev/null
read_floor=$(echo "$(seconds) - $start" | bc -l)
start=$(seconds)
run --json ingest --source bench >"$work/first.json"
first=$(echo "$(seconds) - $start" | bc -l)
grep -q "\"new\":$files" "$work/first.json" || { cat "$work/first.json"; echo "first run did not store $files files" >&2; exit 1; }

best_of_three find "$tree" -printf '%s %T@\n'
find_time=$best
best_of_three run --json ingest --source bench
rerun=$best
run --json ingest --source bench >"$work/rerun.json"
grep -q '"new":0' "$work/rerun.json" && grep -q '"changed":0' "$work/rerun.json" ||
  { cat "$work/rerun.json"; echo "the re-run found changes" >&2; exit 1; }

printf '%-40s %8.2f s  %8.0f files/s\n' "first run (synaps ingest)" "$first" "$(echo "$files / $first" | bc -l)"
printf '%-40s %8.2f s\n' "  floor: tar cf - TREE | wc -c" "$read_floor"
printf '%-40s %8.2f\n' "  ratio first run / read floor" "$(echo "$first / $read_floor" | bc -l)"
printf '%-40s %8.3f s  %8.0f files/s\n' "no-change re-run (synaps ingest)" "$rerun" "$(echo "$files / $rerun" | bc -l)"
printf '%-40s %8.3f s\n' "  floor: find -printf '%s %T@\\n'" "$find_time"
printf '%-40s %8.2f   (aim: <= 2)\n' "  ratio re-run / find" "$(echo "$rerun / $find_time" | bc -l)"
