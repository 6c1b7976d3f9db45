#!/usr/bin/env bash
# HTTP server benchmark (not part of the test suite). In one run, on loopback:
#  1. search: wrk (32 connections, 2 threads) sends 1,000 generated queries to GET /api/v1/search
#     as a non-admin agent (API token) of two services, over a Synaps data directory of 100,000
#     imported and indexed documents, once for full answers (snippets, facets, suggestion) and
#     once for the hits only; then the same queries run in process with the same
#     concurrency through bare Xapian (the floor), Xapian doing the same work as a search page,
#     and Synaps' Searcher (the server minus HTTP). Requests/s, p50/p99, ratios.
#  2. transfers: a 1 GiB file of random bytes uploaded (PUT /api/v1/documents/content) and
#     downloaded (GET /api/v1/documents/{id}/content) with curl, beside Apache httpd serving the
#     same file (static GET, mod_dav PUT) and the floor cp + sha256sum; median of 3, MB/s.
#  3. the peak RSS of synaps-server (VmHWM) under that load.
#  4. the upload limit: a document of exactly 2 GiB uploaded and read back identical, one byte
#     more refused with 413 (LIMIT_CHECK=0 skips it).
# Prints a table and the ratios against the aims, and writes it to WORK_DIR/summary.txt.
#
#   bench/server/run.sh [WORK_DIR]      (default build/bench-server; ~6 GiB free; ~20 min the
#                                        first time, of which ~10 min build the data directory)
#   DOCS=10000 DURATION=5 ROUNDS=1 BIG_MB=256 REPEAT=1 bench/server/run.sh   (a quicker run)
#
# Knobs: BIN_DIR (synaps, synaps-server, synaps-extract-worker; default build/bin), DOCS (100000),
# QUERIES (1000), CONNECTIONS (32), WRK_THREADS (2), DURATION (seconds per load run, 30),
# ROUNDS (3: search runs alternate server and floors, medians are printed), BIG_MB (1024),
# REPEAT (3), PORT (18480), APACHE_PORT (18481), BREAKDOWN=0 (skip the runs of bare Xapian plus
# one feature at a time and of the Searcher without one), LIMIT_CHECK=0 (skip the 2 GiB upload), KEEP=1 (keep the run's files),
# NO_INSTALL=1, DATA_ONLY=1 (build the data directory and the queries, then stop).
# The data directory is built once per DOCS and kept in WORK_DIR/data-DOCS for the next runs;
# REBUILD=1 builds it again (after a change to import or indexing).
# As root, installs what it needs with apt-get install --no-install-recommends.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
here=$root/bench/server
bin=${BIN_DIR:-$root/build/bin}
work=${1:-$root/build/bench-server}
docs=${DOCS:-100000}
query_count=${QUERIES:-1000}
connections=${CONNECTIONS:-32}
wrk_threads=${WRK_THREADS:-2}
duration=${DURATION:-30}
rounds=${ROUNDS:-3}
big_mb=${BIG_MB:-1024}
repeat=${REPEAT:-3}
port=${PORT:-18480}
apache_port=${APACHE_PORT:-18481}
keep=${KEEP:-0}
export LC_ALL=C.UTF-8

for program in synaps synaps-server synaps-extract-worker; do
  [[ -x $bin/$program ]] || { echo "no $bin/$program: build it, or set BIN_DIR" >&2; exit 1; }
done
if [[ -d $work && -n $(ls -A "$work") && ! -e $work/.bench-server ]]; then
  echo "$work exists and was not made by this benchmark: refusing to use it" >&2; exit 2
fi
mkdir -p "$work" && touch "$work/.bench-server"
run=$work/run   # this run's files (logs, Apache, the big file); the data directory is kept
rm -rf "$run" && mkdir -p "$run"

say() { printf '\n== %s (%s)\n' "$*" "$(date -u +%T)"; }
calc() { echo "scale=${2:-2}; $1" | bc -l | sed 's/^\./0./; s/^-\./-0./'; }
# The value of key=value in a result line.
field() { sed -n "s/.* $2=\([^ ]*\).*/\1/p" <<<" $1"; }
# Median of numbers (the mean of the two middle ones for an even count).
median() {
  printf '%s\n' "$@" | sort -g | awk '{v[NR] = $1} END {
    if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
now() { date +%s.%N; }

# ---------------------------------------------------------------------------------- packages
# wrk and curl are the clients; apache2 the reference server; the rest builds bench_server
# (the indexer's modules and their libraries) and computes the table.
packages=(wrk apache2 curl bc perl cmake ninja-build g++ pkgconf libxapian-dev libpoco-dev
  libutf8proc-dev libexttextcat-dev zlib1g-dev rapidjson-dev libzstd-dev libgoogle-perftools-dev)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f '${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  if [[ ${NO_INSTALL:-0} == 1 || $(id -u) != 0 ]]; then
    echo "missing packages: ${missing[*]} (run as root, or apt-get install them)" >&2; exit 1
  fi
  say "installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" \
    >/dev/null
fi

server_pid=
apache_conf=
cleanup() {
  local rc=$?
  if [[ -n $server_pid ]]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" || true
  fi
  if [[ -n $apache_conf && -e $run/apache/httpd.pid ]]; then
    apache2 -f "$apache_conf" -k stop || true
  fi
  if [[ $keep != 1 && $rc == 0 ]]; then rm -rf "$run"; else echo "run files kept: $run"; fi
}
trap cleanup EXIT

say "building bench_server"
cmake -S "$here" -B "$work/build" -G Ninja -DCMAKE_BUILD_TYPE=Release >"$run/cmake.log"
ninja -C "$work/build" -j2 bench_server >"$run/ninja.log" || { tail -30 "$run/ninja.log" >&2; exit 1; }
tool=$work/build/bench_server
queries=$work/queries-$query_count.txt
"$tool" queries "$queries" "$query_count"

# ------------------------------------------------------------------------- the data directory
# A real Synaps data directory, as the server serves it: documents imported into the store by
# `synaps import` (one call per folder, with the folder's tags), shared between services by
# `synaps share`, indexed by `synaps index`. The agent whose token the load uses belongs to two
# of the eight services, so the permission filter really filters (and shares and documents
# shared with everyone are part of it).
data=$work/data-$docs
token_file=$data.token   # written last: its presence means the directory is complete
agent_services=(CABINET DDT)
tags=(Urgent Voirie Culture Élections Budget Juridique Environnement Santé Sécurité Archives)
synaps() { "$bin/synaps" --data "$data" "$@"; }
build_data() {
  local corpus=$work/corpus t0 t1 t2
  rm -rf "$data" "$token_file" "$corpus"
  say "generating $docs documents"
  "$tool" corpus "$corpus" "$docs"
  synaps init >/dev/null
  local services=() s f n i
  for s in "$corpus"/*/; do services+=("$(basename "$s")"); done
  for s in "${services[@]}"; do synaps service add "$s" --name "Service $s" >/dev/null; done
  say "importing (one synaps import per folder)"
  t0=$(now)
  for s in "${services[@]}"; do
    for f in "$corpus/$s"/*/; do
      f=$(basename "$f"); n=$((10#${f#dossier-}))
      # Tags by folder: a tag on four folders in five, a second one on one folder in three.
      local tag_args=()
      if ((n % 5 != 4)); then tag_args+=(--tag "${tags[n % 10]}"); fi
      if ((n % 3 == 0)); then tag_args+=(--tag "${tags[(n + 4) % 10]}"); fi
      synaps import "$corpus/$s/$f" --service "$s" --folder "$f" "${tag_args[@]}" >>"$run/import.log"
    done
  done
  t1=$(now)
  # 2 folders in 20 of every service shared with another service (~10% of the documents), one
  # folder of three services shared with everyone (~2%).
  for i in "${!services[@]}"; do
    s=${services[i]}
    synaps share "/$s/dossier-00" --with "${services[(i + 1) % ${#services[@]}]}" >/dev/null
    synaps share "/$s/dossier-01" --with "${services[(i + 3) % ${#services[@]}]}" >/dev/null
    if ((i < 3)); then synaps share "/$s/dossier-02" --everyone >/dev/null; fi
  done
  say "indexing"
  synaps index | tee "$run/index.log"
  t2=$(now)
  local args=()
  for s in "${agent_services[@]}"; do args+=(--service "$s"); done
  head -c 18 /dev/urandom | base64 | synaps user add agent "${args[@]}" --role editor \
    --name "Agent de test" --password-stdin >/dev/null
  synaps --json token create agent --name bench |
    perl -MJSON::PP -ne 'print decode_json($_)->{token}' >"$token_file.tmp"
  printf 'built by import in %.0f s + index in %.0f s\n' "$(calc "$t1 - $t0")" "$(calc "$t2 - $t1")" \
    >"$data.build"
  mv "$token_file.tmp" "$token_file"
  rm -rf "$corpus"
}
if [[ ! -s $token_file || ${REBUILD:-0} == 1 ]]; then build_data; fi
# DATA_ONLY=1: the data directory and the queries are what was wanted (bench/portal uses them).
if [[ ${DATA_ONLY:-0} == 1 ]]; then exit 0; fi
token=$(cat "$token_file")
"$tool" stats "$data/index" >"$run/index-stats.txt"
indexed=$(awk '$1 == "documents" {print $2}' "$run/index-stats.txt")
services_csv=$(IFS=,; echo "${agent_services[*]}")

# ------------------------------------------------------------------------------- the server
url=http://127.0.0.1:$port
metric() { curl -sf "$url/metrics" | awk -v name="$1" '$1 == name {print $2}'; }
# The background indexer must be idle before anything is timed (an upload queues an extraction).
wait_for_index() {
  local i
  for ((i = 0; i < 1200; ++i)); do
    [[ $(metric synaps_index_queue_length) == 0 ]] && return 0
    sleep 0.5
  done
  echo "the index queue did not drain" >&2; return 1
}
hwm_mb() { awk '/^VmHWM/ {printf "%d", $2 / 1024}' "/proc/$server_pid/status"; }
# CPU seconds (user + system, all threads) used so far by processes: wall times swing with the
# other work of a shared machine, the CPU a server spends per request much less.
clock_ticks=$(getconf CLK_TCK)
cpu_seconds() {
  local pid ticks=0
  for pid; do ticks=$((ticks + $(awk '{print $14 + $15}' "/proc/$pid/stat"))); done
  calc "$ticks / $clock_ticks" 2
}
rss_mb() { awk '/^VmRSS/ {printf "%d", $2 / 1024}' "/proc/$server_pid/status"; }

say "starting synaps-server on $url"
"$bin/synaps-server" --data "$data" --listen "127.0.0.1:$port" \
  >"$run/server.out" 2>"$run/server.log" &
server_pid=$!
for ((i = 0; i < 100; ++i)); do curl -sf "$url/healthz" >/dev/null && break; sleep 0.1; done
curl -sf "$url/healthz" >/dev/null || { cat "$run/server.log" >&2; exit 1; }
wait_for_index
rss_start=$(hwm_mb)

# ------------------------------------------------------------------------------------ search
say "search: checking the answers (one pass, one connection)"
check=$(perl "$here/check.pl" "$url" "$token" "$queries")
echo "   $check"
[[ $(field "$check" not_ok) == 0 ]] || { echo "the server refused some queries" >&2; exit 1; }

# run_wrk SECONDS [QUERY_SUFFIX]
run_wrk() {
  wrk -t"$wrk_threads" -c"$connections" -d"$1s" --timeout 30s -s "$here/search.lua" "$url" \
    -- "$queries" "$token" "${2:-}" >"$run/wrk.log" 2>&1 || { cat "$run/wrk.log" >&2; return 1; }
  grep '^result' "$run/wrk.log"
}
# Every server thread opens its own Searcher on its first search: not part of the measure.
say "search: warming up the server ($connections connections, 5 s)"
run_wrk 5 >/dev/null

declare -A rps p50 p99 cpu errors matches
for ((r = 1; r <= rounds; ++r)); do
  say "search: round $r of $rounds ($duration s each)"
  # server: the default answer (snippets, facets, suggestion); server-lean: the same queries
  # asking for the hits only, the work of the floor.
  for mode in server server-lean; do
    suffix=
    [[ $mode == server-lean ]] && suffix='&snippets=false&facets=false&suggestion=false'
    c0=$(cpu_seconds "$server_pid")
    line=$(run_wrk "$duration" "$suffix")
    c1=$(cpu_seconds "$server_pid")
    line+=" cpu_ms=$(calc "($c1 - $c0) * 1000 / $(field "$line" requests)" 3)"
    echo "   $mode: $line"
    cpu[$mode]+=" $(field "$line" cpu_ms)"
    rps[$mode]+=" $(field "$line" rps)"; p50[$mode]+=" $(field "$line" p50_ms)"
    p99[$mode]+=" $(field "$line" p99_ms)"; errors[$mode]+=" $(field "$line" errors)"
  done
  for mode in searcher xapian-full xapian; do
    count=; ((r == 1)) && count=count   # the match count pass, once
    line=$("$tool" floor "$data/index" "$queries" "$mode" "$connections" "$duration" \
      "$services_csv" ${count:+"$count"})
    echo "   $line"
    rps[$mode]+=" $(field "$line" rps)"; p50[$mode]+=" $(field "$line" p50_ms)"
    p99[$mode]+=" $(field "$line" p99_ms)"; cpu[$mode]+=" $(field "$line" cpu_ms)"
    ((r == 1)) && matches[$mode]=$(field "$line" mean_matches)
  done
done
# Where a search page's time goes, run once each: bare Xapian plus one feature at a time, and
# Synaps' Searcher without one feature at a time (then without any).
features=()
if [[ ${BREAKDOWN:-1} == 1 ]]; then
  features=(xapian+spelling xapian+facets xapian+snippets searcher-spelling searcher-facets
    searcher-snippets searcher-spelling-facets-snippets)
fi
for feature in "${features[@]}"; do
  line=$("$tool" floor "$data/index" "$queries" "$feature" "$connections" "$duration" \
    "$services_csv")
  echo "   $line"
  rps[$feature]=$(field "$line" rps); p50[$feature]=$(field "$line" p50_ms)
  p99[$feature]=$(field "$line" p99_ms); cpu[$feature]=$(field "$line" cpu_ms)
done
matches[server]=$(field "$check" mean_total)
rss_search=$(hwm_mb)

# --------------------------------------------------------------------------------- transfers
big=$run/big.bin
big_bytes=$((big_mb << 20))
say "transfers: $big_mb MiB of random bytes, $repeat times each"
head -c "$big_bytes" /dev/urandom >"$big"

# Apache httpd with a minimal configuration of its own (no change to /etc/apache2): static
# files and mod_dav on one folder, as Debian builds it (event MPM, its default settings).
apache_dir=$run/apache
mkdir -p "$apache_dir/htdocs" "$apache_dir/lock"
cp "$big" "$apache_dir/htdocs/big.bin"
chown -R www-data:www-data "$apache_dir/htdocs" "$apache_dir/lock"
apache_conf=$apache_dir/httpd.conf
cat >"$apache_conf" <<EOF
ServerRoot "$apache_dir"
ServerName 127.0.0.1
Listen 127.0.0.1:$apache_port
PidFile "$apache_dir/httpd.pid"
ErrorLog "$apache_dir/error.log"
LogLevel warn
User www-data
Group www-data
LoadModule mpm_event_module /usr/lib/apache2/modules/mod_mpm_event.so
LoadModule authz_core_module /usr/lib/apache2/modules/mod_authz_core.so
LoadModule mime_module /usr/lib/apache2/modules/mod_mime.so
LoadModule dav_module /usr/lib/apache2/modules/mod_dav.so
LoadModule dav_fs_module /usr/lib/apache2/modules/mod_dav_fs.so
TypesConfig /etc/mime.types
DocumentRoot "$apache_dir/htdocs"
DavLockDB "$apache_dir/lock/DavLock"
LimitRequestBody 0
<Directory "$apache_dir/htdocs">
  Require all granted
  Dav On
</Directory>
EOF
if ! runuser -u www-data -- test -r "$apache_dir/htdocs/big.bin"; then
  echo "www-data cannot read $apache_dir: use a WORK_DIR that other users may traverse" >&2; exit 1
fi
apache2 -f "$apache_conf" -k start
apache_url=http://127.0.0.1:$apache_port
for ((i = 0; i < 100; ++i)); do
  curl -sf -o /dev/null -r 0-0 "$apache_url/big.bin" && break
  sleep 0.1
done

auth=(-H "Authorization: Bearer $token")
apache_parent=$(cat "$apache_dir/httpd.pid")
apache_pids="$apache_parent $(pgrep -P "$apache_parent" | tr '\n' ' ')"   # the parent and its workers
# transfer put|get "PIDS" URL [curl options...] → "seconds cpu-seconds-of-PIDS"; fails unless the
# answer is 200/201 and the whole file went through. curl runs without "Expect: 100-continue"
# for both servers: the body is sent at once.
transfer() {
  local kind=$1 target=$3 code size seconds c0 c1 pids
  read -ra pids <<<"$2"
  shift 3
  c0=$(cpu_seconds "${pids[@]}")
  if [[ $kind == put ]]; then
    read -r code size seconds < <(curl -sS -H 'Expect:' -T "$big" -o "$run/put.json" \
      -w '%{http_code} %{size_upload} %{time_total}\n' "$@" "$target")
  else
    read -r code size seconds < <(curl -sS -o /dev/null \
      -w '%{http_code} %{size_download} %{time_total}\n' "$@" "$target")
  fi
  c1=$(cpu_seconds "${pids[@]}")
  if [[ ! $code =~ ^20[01]$ || $size != "$big_bytes" ]]; then
    echo "$kind $target: HTTP $code, $size bytes" >&2; return 1
  fi
  echo "$seconds $(calc "$c1 - $c0")"
}
floor_copy() { # [sync] → seconds of cp + sha256sum (+ fsync of the copy)
  local t0 t1
  t0=$(now)
  cp "$big" "$run/copy.bin"
  sha256sum "$run/copy.bin" >/dev/null
  if [[ ${1:-} == sync ]]; then sync "$run/copy.bin"; fi
  t1=$(now)
  rm -f "$run/copy.bin"
  calc "$t1 - $t0" 3
}
transfer_folder=/${agent_services[1]}/transferts-bench
# remove_upload DOC_ID: removes an uploaded document and its blob (the next upload stores it anew).
remove_upload() {
  synaps rm "$1" >/dev/null
  synaps trash purge "$1" >/dev/null
  wait_for_index
}
sync
# Wall seconds and server CPU seconds of each repetition.
declare -a up_synaps up_apache up_floor up_floor_sync down_synaps down_apache down_floor
declare -a up_synaps_cpu up_apache_cpu down_synaps_cpu down_apache_cpu
for ((i = 1; i <= repeat; ++i)); do
  # Each Synaps upload lands in a store that does not hold the content yet (an identical blob
  # would skip the write and the fsync), as each Apache upload creates a new file.
  path=$transfer_folder/upload-$i.bin
  result=$(transfer put "$server_pid" "$url/api/v1/documents/content?path=$path" "${auth[@]}")
  read -r wall cpu_s <<<"$result"
  up_synaps+=("$wall"); up_synaps_cpu+=("$cpu_s")
  doc_id=$(perl -MJSON::PP -e 'local $/; print decode_json(<STDIN>)->{id}' <"$run/put.json")
  wait_for_index
  if ((i < repeat)); then remove_upload "$doc_id"; fi
  result=$(transfer put "$apache_pids" "$apache_url/upload-$i.bin")
  read -r wall cpu_s <<<"$result"
  up_apache+=("$wall"); up_apache_cpu+=("$cpu_s")
  rm -f "$apache_dir/htdocs/upload-$i.bin"
  up_floor+=("$(floor_copy)")
  up_floor_sync+=("$(floor_copy sync)")
  sync
  echo "   upload $i: synaps ${up_synaps[-1]} s (server CPU ${up_synaps_cpu[-1]} s)," \
    "apache ${up_apache[-1]} s (CPU ${up_apache_cpu[-1]} s)," \
    "cp+sha256sum ${up_floor[-1]} s (+fsync ${up_floor_sync[-1]} s)"
done
for ((i = 1; i <= repeat; ++i)); do
  result=$(transfer get "$server_pid" "$url/api/v1/documents/$doc_id/content" "${auth[@]}")
  read -r wall cpu_s <<<"$result"
  down_synaps+=("$wall"); down_synaps_cpu+=("$cpu_s")
  result=$(transfer get "$apache_pids" "$apache_url/big.bin")
  read -r wall cpu_s <<<"$result"
  down_apache+=("$wall"); down_apache_cpu+=("$cpu_s")
  down_floor+=("$(floor_copy)")
  echo "   download $i: synaps ${down_synaps[-1]} s (server CPU ${down_synaps_cpu[-1]} s)," \
    "apache ${down_apache[-1]} s (CPU ${down_apache_cpu[-1]} s), cp+sha256sum ${down_floor[-1]} s"
done
rss_end=$(hwm_mb)
rss_now=$(rss_mb)
remove_upload "$doc_id"

# ------------------------------------------------------------------------- the upload limit
# The API takes documents up to 2 GiB: exactly 2 GiB must go in and come out the same (sizes
# past 2^31 - 1 catch 32-bit arithmetic), one byte more must be refused with 413.
limit_result="skipped (LIMIT_CHECK=0)"
if [[ ${LIMIT_CHECK:-1} == 1 ]]; then
  limit_bytes=$((2 << 30))
  say "upload limit: a document of exactly 2 GiB (streamed, chunked), then one byte more"
  zeros_sha=$(head -c "$limit_bytes" /dev/zero | sha256sum | cut -c1-64)
  limit_path=$transfer_folder/limit-2GiB.bin
  code=$(head -c "$limit_bytes" /dev/zero | curl -sS -T - -o "$run/limit.json" -w '%{http_code}' \
    "${auth[@]}" "$url/api/v1/documents/content?path=$limit_path")
  limit_id=$(perl -MJSON::PP -e 'local $/; print decode_json(<STDIN>)->{id} // ""' \
    <"$run/limit.json" 2>/dev/null || true)
  got_sha=none
  if [[ -n $limit_id ]]; then
    got_sha=$(curl -sS "${auth[@]}" "$url/api/v1/documents/$limit_id/content" | sha256sum |
      cut -c1-64)
  fi
  over=$( (head -c "$limit_bytes" /dev/zero; printf 0) | curl -sS -T - -o /dev/null \
    -w '%{http_code}' "${auth[@]}" "$url/api/v1/documents/content?path=$transfer_folder/over.bin")
  echo "   2 GiB: HTTP $code, content read back $([[ $got_sha == "$zeros_sha" ]] && echo identical ||
    echo DIFFERENT); 2 GiB + 1 byte: HTTP $over"
  if [[ $code == 201 && $got_sha == "$zeros_sha" && $over == 413 ]]; then
    limit_result="yes (2 GiB stored and read back identical; 2 GiB + 1 byte refused with 413)"
  else
    limit_result="NO (2 GiB: HTTP $code; read back: $got_sha; 2 GiB + 1 byte: HTTP $over)"
  fi
  if [[ -n $limit_id ]]; then remove_upload "$limit_id"; fi
fi
apache2 -f "$apache_conf" -k stop
apache_conf=
kill "$server_pid"
wait "$server_pid" || true
server_pid=

# -------------------------------------------------------------------------------------- table
mbs() { calc "$big_bytes / 1000000 / $1" 0; }
# "n/a" when the denominator is 0 (Apache's sendfile downloads can take under 10 ms of CPU).
ratio() { if (($(echo "$2 == 0" | bc -l))); then echo "n/a"; else calc "$1 / $2" 2; fi; }
# Medians of the rounds of one mode (the arrays hold space-separated values).
m_of() { local -a values; read -ra values <<<"$1"; median "${values[@]}"; }
m_rps() { m_of "${rps[$1]}"; }
m_p50() { m_of "${p50[$1]}"; }
m_p99() { m_of "${p99[$1]}"; }
m_cpu() { m_of "${cpu[$1]}"; }
verdict() { if (($(echo "$1" | bc -l))); then echo "yes"; else echo "NO"; fi; }
row() { printf '%-46s %8s %8s %8s %9s %12s\n' "$@"; }
ratio_line() { printf '%-62s %8s  %s\n' "$@"; }
apache_version=$(apache2 -v | sed -n 's/.*Apache\/\([^ ]*\).*/\1/p')
{
  echo "== Synaps HTTP server benchmark, $(date -u '+%F %H:%M UTC')"
  echo "   machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end;" \
    "binaries: $bin"
  echo "   data: $indexed documents, $(cat "$data.build" 2>/dev/null || echo '?');" \
    "$(grep -c . "$queries") queries as an agent of ${agent_services[*]}"
  echo
  echo "== search: $connections concurrent clients, ${duration} s x $rounds rounds, medians"
  row "" "req/s" "p50 ms" "p99 ms" "CPU ms/q" "mean matches"
  for mode in server server-lean searcher xapian-full xapian; do
    case $mode in
      server) label="synaps-server, HTTP (wrk -t$wrk_threads -c$connections)" ;;
      server-lean) label="synaps-server, hits only (as the floor)" ;;
      searcher) label="Synaps Searcher in process (no HTTP)" ;;
      xapian-full) label="Xapian, same work (snippets, facets, spelling)" ;;
      xapian) label="bare Xapian: parse, filter, top 20 (floor)" ;;
    esac
    shown=${matches[$mode]:-}
    if [[ $mode == xapian ]]; then shown="$shown (est.)"; fi
    row "$label" "$(m_rps "$mode")" "$(m_p50 "$mode")" "$(m_p99 "$mode")" "$(m_cpu "$mode")" "$shown"
  done
  for feature in "${features[@]}"; do
    case $feature in
      xapian+*) label="bare Xapian + ${feature#xapian+} only (one run)" ;;
      searcher-spelling-facets-snippets) label="Searcher, no spelling/facets/snippets (one run)" ;;
      searcher-*) label="Searcher without ${feature#searcher-} (one run)" ;;
    esac
    row "$label" "${rps[$feature]}" "${p50[$feature]}" "${p99[$feature]}" "${cpu[$feature]}" ""
  done
  echo "   wrk errors (socket, timeouts, status >= 400) per round:${errors[server]}${errors[server-lean]}"
  echo
  server_cost=$(ratio "$(m_rps xapian)" "$(m_rps server-lean)")
  ratio_line "server p99, ms (aim < 50)" "$(m_p99 server)" "$(verdict "$(m_p99 server) < 50")"
  ratio_line "time per search, server hits only / bare Xapian (aim < 2)" "$server_cost" \
    "$(verdict "$server_cost < 2")"
  ratio_line "CPU per search, server hits only / bare Xapian" \
    "$(ratio "$(m_cpu server-lean)" "$(m_cpu xapian)")"
  ratio_line "time per search, server full page / bare Xapian" \
    "$(ratio "$(m_rps xapian)" "$(m_rps server)")"
  ratio_line "CPU per search, server full page / bare Xapian" \
    "$(ratio "$(m_cpu server)" "$(m_cpu xapian)")"
  ratio_line "time per search, server / Xapian doing the same work" \
    "$(ratio "$(m_rps xapian-full)" "$(m_rps server)")"
  ratio_line "CPU per search, server / Xapian doing the same work" \
    "$(ratio "$(m_cpu server)" "$(m_cpu xapian-full)")"
  ratio_line "time per search, server / Searcher in process (HTTP)" \
    "$(ratio "$(m_rps searcher)" "$(m_rps server)")"
  ratio_line "CPU per search, server / Searcher in process (HTTP)" \
    "$(ratio "$(m_cpu server)" "$(m_cpu searcher)")"
  echo
  echo "== transfers: $big_mb MiB of random bytes, median of $repeat; MB/s = 10^6 bytes/s;" \
    "CPU = the server's CPU seconds"
  row "" "down MB/s" "up MB/s" "down CPU" "up CPU" ""
  row "synaps-server (GET / PUT .../content)" "$(mbs "$(median "${down_synaps[@]}")")" \
    "$(mbs "$(median "${up_synaps[@]}")")" "$(median "${down_synaps_cpu[@]}")" \
    "$(median "${up_synaps_cpu[@]}")" ""
  row "Apache httpd $apache_version (static GET / mod_dav PUT)" \
    "$(mbs "$(median "${down_apache[@]}")")" "$(mbs "$(median "${up_apache[@]}")")" \
    "$(median "${down_apache_cpu[@]}")" "$(median "${up_apache_cpu[@]}")" ""
  row "cp + sha256sum (floor)" "$(mbs "$(median "${down_floor[@]}")")" \
    "$(mbs "$(median "${up_floor[@]}")")" "" "" ""
  row "cp + sha256sum + fsync (Synaps syncs uploads)" "" \
    "$(mbs "$(median "${up_floor_sync[@]}")")" "" "" ""
  echo
  down_ratio=$(ratio "$(median "${down_apache[@]}")" "$(median "${down_synaps[@]}")")
  ratio_line "download throughput, synaps / Apache (aim >= 0.80)" "$down_ratio" \
    "$(verdict "$down_ratio >= 0.8")"
  ratio_line "download server CPU, synaps / Apache" \
    "$(ratio "$(median "${down_synaps_cpu[@]}")" "$(median "${down_apache_cpu[@]}")")"
  ratio_line "download throughput, synaps / cp + sha256sum" \
    "$(ratio "$(median "${down_floor[@]}")" "$(median "${down_synaps[@]}")")"
  ratio_line "upload throughput, synaps / Apache mod_dav" \
    "$(ratio "$(median "${up_apache[@]}")" "$(median "${up_synaps[@]}")")"
  ratio_line "upload server CPU, synaps / Apache mod_dav" \
    "$(ratio "$(median "${up_synaps_cpu[@]}")" "$(median "${up_apache_cpu[@]}")")"
  ratio_line "upload throughput, synaps / cp + sha256sum" \
    "$(ratio "$(median "${up_floor[@]}")" "$(median "${up_synaps[@]}")")"
  ratio_line "upload throughput, synaps / cp + sha256sum + fsync" \
    "$(ratio "$(median "${up_floor_sync[@]}")" "$(median "${up_synaps[@]}")")"
  echo
  echo "== synaps-server memory (VmHWM, MB): after start $rss_start, after the search load" \
    "$rss_search, after the transfers $rss_end (RSS then $rss_now)"
  ratio_line "peak RSS, MB (aim < 300)" "$rss_end" "$(verdict "$rss_end < 300")"
  echo
  echo "upload of 2 GiB works: $limit_result"
} | tee "$work/summary.txt"
