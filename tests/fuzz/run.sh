#!/usr/bin/env bash
# Builds the fuzz configuration (clang, -DSYNAPS_FUZZ=ON) and runs each libFuzzer target for
# SECONDS (default 60), one after another, one process each, printing one line per target.
#
#   tests/fuzz/run.sh [SECONDS] [TARGET...]      e.g. tests/fuzz/run.sh 300 fuzz_query
#
# Environment: SYNAPS_FUZZ_BUILD_DIR (default <repo>/build-fuzz), JOBS (build parallelism,
# default 2), SYNAPS_FUZZ_IGNORE (known findings to skip, see README.md).
# Logs: BUILD/fuzz/logs/TARGET.log; crashes: BUILD/fuzz/artifacts/TARGET/. Exit status 1 if a
# target crashed or violated a property.
set -euo pipefail

seconds=${1:-60}
[[ $# -gt 0 ]] && shift
src=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=${SYNAPS_FUZZ_BUILD_DIR:-$src/build-fuzz}

if [[ ! -f $build/build.ninja ]]; then
  CC=clang CXX=clang++ cmake -S "$src" -B "$build" -G Ninja -DSYNAPS_FUZZ=ON \
    -DSYNAPS_WITH_INDEXER=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
cmake --build "$build" -j"${JOBS:-2}" --target synaps_fuzz >/dev/null

fuzz=$build/fuzz
if [[ $# -gt 0 ]]; then
  targets=("$@")
else
  mapfile -t targets < <(find "$fuzz" -maxdepth 1 -type f -name 'fuzz_*' -perm -u+x -printf '%f\n' | sort)
fi
mkdir -p "$fuzz/logs"

failed=0
for target in "${targets[@]}"; do
  log=$fuzz/logs/$target.log
  mkdir -p "$fuzz/corpus/$target" "$fuzz/seeds/$target" "$fuzz/artifacts/$target"
  args=(-max_total_time="$seconds" -timeout=25 -rss_limit_mb=2048 -print_final_stats=1
        -artifact_prefix="$fuzz/artifacts/$target/")
  [[ -f $fuzz/dicts/$target.dict ]] && args+=(-dict="$fuzz/dicts/$target.dict")
  rc=0
  "$fuzz/$target" "${args[@]}" "$fuzz/corpus/$target" "$fuzz/seeds/$target" >"$log" 2>&1 || rc=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n1)
  status=$(grep -E '^#[0-9]+.* cov: ' "$log" | tail -n1 || true)
  cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$status")
  ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$status")
  corp=$(sed -n 's/.* corp: \([0-9]*\).*/\1/p' <<<"$status")
  if [[ $rc -eq 0 ]]; then
    printf '%-24s ok      execs %-9s cov %-5s ft %-6s corpus %s\n' \
      "$target" "${execs:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}"
  else
    failed=1
    artifact=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -n1)
    why=$(grep -m1 -E 'PROPERTY VIOLATION|ERROR: (AddressSanitizer|libFuzzer|UndefinedBehavior)|runtime error' "$log" || true)
    printf '%-24s FAILED  execs %-9s cov %-5s %s -> %s\n' \
      "$target" "${execs:-?}" "${cov:-?}" "${why:-exit $rc, see $log}" "${artifact:-no artifact}"
  fi
done
exit $failed
