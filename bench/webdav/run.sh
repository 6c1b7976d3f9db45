#!/usr/bin/env bash
# WebDAV benchmark (not part of the test suite): Synaps' /dav/ beside Apache httpd's mod_dav on
# the same machine, in one run, on loopback:
#  1. litmus: the wall time of the five suites;
#  2. FILES small files PUT, then GET, over CONNECTIONS keep-alive connections (one curl per
#     connection, sending its share of the files one after the other), then a PROPFIND depth 1
#     of their folder;
#  3. PROPFIND depth 1 of a folder of FOLDER_DOCS documents;
#  4. PUT and GET of a BIG_MB MiB file;
#  5. the peak RSS of synaps-server (VmHWM).
# Each line runs ROUNDS times, Synaps and Apache taking turns (new folders and files each
# round), and keeps the median of each: on a shared machine one timing can be twice another.
# WORK_DIR/rounds.txt keeps every round's timings; the files and stores measured are removed at
# the end unless KEEP_DATA=1.
# Synaps authenticates every request (HTTP Basic, as file explorers do), versions, deduplicates
# and queues indexing; Apache serves an open folder. Each measurement starts once Synaps has
# indexed what the ones before sent it, on a disk with nothing left to write back. Prints a
# table: seconds for each, and Apache's time over Synaps' (above 1: Synaps is faster). Writes it
# to WORK_DIR/summary.txt.
#
#   bench/webdav/run.sh [WORK_DIR]      (default build/bench-webdav)
#   FILES=1000 CONNECTIONS=4 FOLDER_DOCS=10000 BIG_MB=1024 ROUNDS=3 BIN_DIR=build/bin PORT=18490
#   APACHE_PORT=18491
# As root, installs what it needs with apt-get install --no-install-recommends.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
bin=${BIN_DIR:-$root/build/bin}
work=${1:-$root/build/bench-webdav}
files=${FILES:-1000}
connections=${CONNECTIONS:-4}
folder_docs=${FOLDER_DOCS:-10000}
big_mb=${BIG_MB:-1024}
rounds=${ROUNDS:-3}
port=${PORT:-18490}
apache_port=${APACHE_PORT:-18491}
export LC_ALL=C.UTF-8
for program in synaps synaps-server; do
  [[ -x $bin/$program ]] || { echo "no $bin/$program: build it, or set BIN_DIR" >&2; exit 1; }
done
packages=(apache2 litmus curl)
if [[ $(id -u) -eq 0 ]]; then
  missing=()
  for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  ((${#missing[@]} == 0)) || apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null
fi

rm -rf "$work"
mkdir -p "$work"
chmod 755 "$work"
server_pid=
apache_conf=
cleanup() {
  [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  [[ -n $apache_conf ]] && apache2 -f "$apache_conf" -k stop 2>/dev/null
  # Each run leaves about five times BIG_MB behind (the file, Synaps' store, Apache's copies):
  # gone unless KEEP_DATA=1, so that runs one after another do not fill the disk.
  [[ ${KEEP_DATA:-0} == 1 ]] || rm -rf "$work/big.bin" "$work/synaps" "$work/apache" \
    "$work/many" "$work/small"
  true
}
trap cleanup EXIT
now() { date +%s.%N; }
elapsed() { echo "$(now) - $1" | bc; }

# --- Synaps ----------------------------------------------------------------------------------
export SYNAPS_DATA=$work/synaps
synaps() { "$bin/synaps" --data "$SYNAPS_DATA" "$@"; }
synaps init >/dev/null
synaps service add CAB --name "Cabinet" >/dev/null
echo "agent-password" | synaps user add agent --service CAB --role manager --password-stdin >/dev/null
"$bin/synaps-server" --data "$SYNAPS_DATA" --listen "127.0.0.1:$port" >"$work/server.log" 2>&1 &
server_pid=$!
synaps_url=http://127.0.0.1:$port/dav/CAB
for _ in $(seq 100); do curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
synaps_auth=(-u agent:agent-password)

# --- Apache ----------------------------------------------------------------------------------
apache_dir=$work/apache
mkdir -p "$apache_dir/htdocs" "$apache_dir/lock"
chown -R www-data:www-data "$apache_dir/htdocs" "$apache_dir/lock"
apache_conf=$apache_dir/httpd.conf
cat >"$apache_conf" <<CONF
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
LoadModule dav_lock_module /usr/lib/apache2/modules/mod_dav_lock.so
TypesConfig /etc/mime.types
DocumentRoot "$apache_dir/htdocs"
DavLockDB "$apache_dir/lock/DavLock"
LimitRequestBody 0
<Directory "$apache_dir/htdocs">
  Require all granted
  Dav On
</Directory>
CONF
apache2 -f "$apache_conf" -k start
apache_url=http://127.0.0.1:$apache_port
# Any answer will do (its root has no index page: 404).
for _ in $(seq 100); do curl -sS -o /dev/null "$apache_url/" 2>/dev/null && break; sleep 0.1; done

# Waits (2 minutes at most) until Synaps has indexed what it was sent: its indexing, which
# follows the saves in the background, must not run into the next measurement, Apache's or its
# own.
indexed() {
  for _ in $(seq 1200); do
    # Read whole before matching: grep -q leaving early would make curl fail under pipefail.
    local figures
    figures=$(curl -fsS "http://127.0.0.1:$port/metrics" || true)
    [[ $figures == *$'\nsynaps_index_queue_length 0\n'* ]] && return
    sleep 0.1
  done
}

declare -A seconds  # NAME.SERVER: the timings of its rounds, in seconds, space-separated
# measure NAME SERVER(synaps|apache) COMMAND...: adds the command's wall time, started once
# Synaps has indexed what the measurements before sent it and the disk has written back what
# they left in memory (sync): Apache never flushes, and the next flush, Synaps', would pay for
# its bytes (a gigabyte after the large file; a second's wait for a save's flush in litmus).
measure() {
  local name=$1 server=$2 start
  shift 2
  indexed
  sync
  start=$(now)
  "$@"
  seconds[$name.$server]+="$(elapsed "$start") "
}
median() {  # NAME.SERVER: the median of its timings
  local timings
  read -ra timings <<<"${seconds[$1]}"
  printf '%s\n' "${timings[@]}" | sort -g | awk '{t[NR] = $1} END {print t[int((NR + 1) / 2)]}'
}

# 1. litmus
run_litmus() {  # in $work: litmus writes debug.log and child.log where it runs
  local url=$1
  shift
  (cd "$work" && litmus "$url/" "$@" >"$work/litmus-$RANDOM.log" 2>&1) || true
}
# The account's first login checks its password against a hash made slow on purpose (scrypt,
# about 0.1 s); the server then remembers the credentials for a minute. That check is not
# throughput: it happens once here, before the timing, as a file explorer logs in once.
curl -fsS "${synaps_auth[@]}" -X PROPFIND -H "Depth: 0" -o /dev/null "$synaps_url/"
for ((round = 1; round <= rounds; ++round)); do
  measure litmus synaps run_litmus "$synaps_url" agent agent-password
  measure litmus apache run_litmus "$apache_url"
done

# 2. small files over keep-alive connections
small=$work/small
mkdir -p "$small"
for i in $(seq 1 "$files"); do
  head -c $((1024 + i % 3072)) /dev/urandom | base64 >"$small/f$i.txt"
done
# transfer put|get FOLDER_URL AUTH...: the files in CONNECTIONS curls, each reusing its
# connection.
transfer() {
  local kind=$1 base=$2
  shift 2
  local c pids=()
  for ((c = 0; c < connections; ++c)); do
    local args=()
    for ((i = c + 1; i <= files; i += connections)); do
      if [[ $kind == put ]]; then
        args+=(-T "$small/f$i.txt" "$base/f$i.txt")
      else
        args+=(-o /dev/null "$base/f$i.txt")
      fi
    done
    curl -fsS "$@" "${args[@]}" >/dev/null &
    pids+=($!)
  done
  # Only these: a bare `wait` would also wait for the server started in the background.
  wait "${pids[@]}"
}
propfind() {  # URL AUTH...
  local url=$1
  shift
  curl -fsS "$@" -X PROPFIND -H "Depth: 1" -o /dev/null "$url"
}
for ((round = 1; round <= rounds; ++round)); do
  folder=small-$round
  curl -fsS "${synaps_auth[@]}" -X MKCOL "$synaps_url/$folder/" >/dev/null
  curl -fsS -X MKCOL "$apache_url/$folder/" >/dev/null
  measure put_small synaps transfer put "$synaps_url/$folder" "${synaps_auth[@]}"
  measure put_small apache transfer put "$apache_url/$folder"
  measure get_small synaps transfer get "$synaps_url/$folder" "${synaps_auth[@]}"
  measure get_small apache transfer get "$apache_url/$folder"
  measure propfind_small synaps propfind "$synaps_url/$folder/" "${synaps_auth[@]}"
  measure propfind_small apache propfind "$apache_url/$folder/"
done

# 3. a folder of FOLDER_DOCS documents, listed
many=$work/many
mkdir -p "$many/grand-dossier"
for i in $(seq 1 "$folder_docs"); do echo "document $i" >"$many/grand-dossier/d$i.txt"; done
synaps import "$many/grand-dossier" --service CAB --folder grand-dossier >/dev/null
cp -r "$many/grand-dossier" "$apache_dir/htdocs/"
chown -R www-data:www-data "$apache_dir/htdocs/grand-dossier"
for ((round = 1; round <= rounds; ++round)); do
  measure propfind_many synaps propfind "$synaps_url/grand-dossier/" "${synaps_auth[@]}"
  measure propfind_many apache propfind "$apache_url/grand-dossier/"
done

# 4. a big file
big=$work/big.bin
head -c $((big_mb * 1024 * 1024)) /dev/urandom >"$big"
put_big() { curl -fsS "$@" -H "Expect:" -T "$big" -o /dev/null; }
get_big() { curl -fsS "$@" -o /dev/null; }
for ((round = 1; round <= rounds; ++round)); do
  measure put_big synaps put_big "${synaps_auth[@]}" "$synaps_url/big-$round.bin"
  measure put_big apache put_big "$apache_url/big-$round.bin"
  measure get_big synaps get_big "${synaps_auth[@]}" "$synaps_url/big-$round.bin"
  measure get_big apache get_big "$apache_url/big-$round.bin"
done
rss_kib=$(awk '/VmHWM/ {print $2}' "/proc/$server_pid/status")

{
  printf '%-34s %10s %10s %12s\n' "WebDAV ($files small files, $connections connections)" \
    "Synaps s" "Apache s" "Apache/Synaps"
  for name in litmus put_small get_small propfind_small propfind_many put_big get_big; do
    s=$(median "$name.synaps")
    a=$(median "$name.apache")
    printf '%-34s %10.3f %10.3f %12.2f\n' "$name" "$s" "$a" "$(echo "$a / $s" | bc -l)"
  done
  echo "medians of $rounds rounds; propfind_many: depth 1 of $folder_docs documents; big: $big_mb MiB"
  echo "synaps-server peak RSS: $((rss_kib / 1024)) MiB"
} | tee "$work/summary.txt"
# Every round's timings, for a look at the spread: NAME.SERVER then seconds.
for key in "${!seconds[@]}"; do echo "$key ${seconds[$key]}"; done | sort >"$work/rounds.txt"
