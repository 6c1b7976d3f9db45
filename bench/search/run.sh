#!/bin/sh
# Builds the search benchmark, indexes N generated documents and times 1,000 queries.
# Usage: bench/search/run.sh [documents=100000] [work-dir=/tmp/synaps-search-bench]
set -eu
DOCS=${1:-100000}
WORK=${2:-/tmp/synaps-search-bench}
HERE=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$WORK"
cmake -S "$HERE" -B "$WORK/build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
ninja -C "$WORK/build" -j2 bench_search
if [ ! -d "$WORK/index-$DOCS" ]; then
  "$WORK/build/bench_search" build "$WORK/index-$DOCS" "$DOCS"
fi
du -sh "$WORK/index-$DOCS"
"$WORK/build/bench_search" query "$WORK/index-$DOCS" 1000 100000
"$WORK/build/bench_search" query "$WORK/index-$DOCS" 1000 2000
# Bare Xapian's own command-line search, for reference (one process per query, so slower).
# auto_synonyms: stems are stem groups in the index's synonym table (indexer/index/schema.h).
if command -v quest >/dev/null; then
  /usr/bin/time -f "quest x20: %e s" sh -c "for q in prefecture arrete subvention commune budget \
    association voirie circulation eau urbanisme prefecture arrete subvention commune budget \
    association voirie circulation eau urbanisme; do quest -d '$WORK/index-$DOCS' -s french \
    -f default,auto_synonyms -m 10 \"\$q\" >/dev/null; done"
fi
