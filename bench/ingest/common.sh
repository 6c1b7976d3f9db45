# Sourced by the ingest benchmarks that measure a source against a floor (imap.sh, smb.sh,
# pst.sh): timing, and the first runs and re-runs of `synaps ingest` they all take.
#
# Needs: $synaps (the program), $work (the work folder).

seconds() { date +%s.%N; }
since() { echo "$(seconds) - $1" | bc -l; }
min() { if [[ -z $1 ]] || (($(echo "$2 < $1" | bc -l))); then echo "$2"; else echo "$1"; fi; }

# first_runs SOURCE SERVICE SOURCE_ADD_ARGUMENTS...: adds source SOURCE (standard input from
# $secret when it is set: the password file's content) to a fresh data directory for service
# SERVICE and runs its first ingest, three times; sets $first to the best time, leaves each
# run's summary in $work/first-N.json, and run() working on the last data directory.
first_runs() {
  local source=$1 service=$2 round start
  shift 2
  first=""
  for round in 1 2 3; do
    data=$work/data-$round config=$work/synaps-$round.properties
    echo "synaps.sources_dir = $work/sources-$round.d" >"$config"
    run() { "$synaps" --data "$data" --config "$config" "$@"; }
    run init >/dev/null
    run service add "$service" --name "$service" >/dev/null
    run source add "$source" "$@" --service "$service" <"${secret:-/dev/null}" >/dev/null
    start=$(seconds)
    run --json ingest --source "$source" >"$work/first-$round.json"
    first=$(min "$first" "$(since "$start")")
  done
}

# reruns SOURCE: three no-change re-runs of SOURCE in the last data directory; sets $rerun to
# the best time; fails when one of them stored something.
reruns() {
  local source=$1 start
  rerun=""
  for _ in 1 2 3; do
    start=$(seconds)
    run --json ingest --source "$source" >"$work/rerun.json"
    rerun=$(min "$rerun" "$(since "$start")")
  done
  grep -q '"new":0' "$work/rerun.json" ||
    { cat "$work/rerun.json"; echo "the re-run stored something" >&2; exit 1; }
}
