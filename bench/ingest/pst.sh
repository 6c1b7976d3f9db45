#!/usr/bin/env bash
# Outlook archive benchmark: an archive of 5,000 messages (1 to 40 KiB over ten folders, one in
# 20 with an attachment of 20 to 200 KiB) written by make_pst.cpp, measured in the same run
# against readpst (pst-utils, libpst's own tool) writing every message as an .eml file:
#   - the first `synaps ingest` of a `pst` source (every message composed by synaps-pst-reader,
#     stored, its attachment stored as a document, thread metadata recorded, indexing queued)
#     against `readpst -e`. Aim: within 1.5x;
#   - the no-change re-run (the archive's index read, nothing composed). Aim: under 1 s.
# Each measure is taken three times (fresh data directory or output folder), the best kept.
# Prints the figures and the ratios. Not part of the test suite.
#
#   bench/ingest/pst.sh [WORK_DIR]   (default: build/bench-pst; MESSAGES=N,
#                                     BIN_DIR=build-rel/bin for a Release build)
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=${BIN_DIR:-$PWD/build/bin}
synaps=$bin/synaps
[[ -x $synaps && -x $bin/synaps-pst-reader ]] ||
  { echo "build first: cmake -S . -B build -G Ninja && cmake --build build" >&2; exit 1; }
command -v readpst >/dev/null || { echo "needs readpst (pst-utils)" >&2; exit 1; }
work=${1:-$PWD/build/bench-pst}
messages=${MESSAGES:-5000}
rm -rf "$work" && mkdir -p "$work/archives"

echo "writing an archive of $messages messages"
c++ -std=c++20 -O2 -I. bench/ingest/make_pst.cpp tests/support/pst_writer.cpp -o "$work/make_pst"
"$work/make_pst" "$work/archives/Archives.pst" "$messages"
ls -l "$work/archives/Archives.pst" | awk '{printf "archive: %.1f MB\n", $5 / 1e6}'

source bench/ingest/common.sh

readpst_first=""
for _ in 1 2 3; do
  rm -rf "$work/readpst" && mkdir -p "$work/readpst"
  start=$(seconds)
  readpst -q -e -o "$work/readpst" "$work/archives/Archives.pst" >/dev/null
  readpst_first=$(min "$readpst_first" "$(since "$start")")
done
written=$(find "$work/readpst" -name '*.eml' | wc -l)
[[ $written -eq $messages ]] || { echo "readpst wrote $written messages, not $messages" >&2; exit 1; }

first_runs outlook CAB --type pst --location "$work/archives"
attachments=$(((messages + 19) / 20))
grep -q "\"new\":$((messages + attachments))" "$work/first-1.json" ||
  { cat "$work/first-1.json"; echo "the first run did not store $messages messages" >&2; exit 1; }
reruns outlook

printf '%-44s %8.2f s  %8.0f messages/s\n' "first run (synaps ingest, pst)" "$first" "$(echo "$messages / $first" | bc -l)"
printf '%-44s %8.2f s\n' "  floor: readpst -e (an .eml per message)" "$readpst_first"
printf '%-44s %8.2f   (aim: <= 1.5)\n' "  ratio first run / readpst" "$(echo "$first / $readpst_first" | bc -l)"
printf '%-44s %8.3f s   (aim: < 1 s)\n' "no-change re-run (synaps ingest)" "$rerun"
