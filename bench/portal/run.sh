#!/usr/bin/env bash
# The portal's benchmark (not part of the test suite), in headless Chromium on loopback:
#  - keystroke to results: COUNT typical queries (bench/server's generator) typed a key at a
#    time (60 ms apart) into the search box, as an agent of two of eight services; from the last
#    key to the results on screen (the portal's debounce included), p50 and p95;
#  - first load, cold cache: bytes over the wire (compressed as sent) and requests until the
#    search box is ready after logging in; time to the login form; a warm reload's time.
# Over bench/server's data directory of DOCS documents (built once by bench/server/run.sh with
# DATA_ONLY=1 and kept in WORK_DIR/data-DOCS, ~10 min for 100,000 on 2 cores).
#
#   bench/portal/run.sh [WORK_DIR]        (default build/bench-server, shared with bench/server)
#   DOCS=10000 COUNT=50 bench/portal/run.sh   (a quicker run)
#
# Knobs: BIN_DIR (default build/bin), WEB_ROOT (build/web/root), NODE_MODULES
# (build/web/npm/node_modules), DOCS (100000), COUNT (100), PORT (18490).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
bin=${BIN_DIR:-$root/build/bin}
web=${WEB_ROOT:-$root/build/web/root}
modules=${NODE_MODULES:-$root/build/web/npm/node_modules}
work=${1:-$root/build/bench-server}
docs=${DOCS:-100000}
count=${COUNT:-100}
port=${PORT:-18490}
[[ -s $web/index.html ]] || { echo "no portal in $web: build the portal target" >&2; exit 1; }
[[ -d $modules/playwright-core ]] || { echo "no playwright-core in $modules" >&2; exit 1; }

data=$work/data-$docs
if [[ ! -s $data.token ]]; then
  echo "== building the data directory of $docs documents (bench/server/run.sh, DATA_ONLY=1)"
  DATA_ONLY=1 DOCS=$docs bench/server/run.sh "$work"
fi
queries=$(ls "$work"/queries-*.txt | head -1)
synaps() { "$bin/synaps" --data "$data" "$@"; }
# The agent the browser logs in as: an editor of two services, like bench/server's.
if ! synaps user list | cut -f1 | grep -qx portal-agent; then
  echo portal-agent-password | synaps user add portal-agent --service CABINET --service DDT \
    --role editor --name "Agent du portail" --password-stdin >/dev/null
fi

run=$work/portal-run
mkdir -p "$run"
echo "synaps.web.root = $web" >"$run/server.properties"
"$bin/synaps-server" --data "$data" --listen "127.0.0.1:$port" --config "$run/server.properties" \
  >"$run/server.out" 2>"$run/server.log" &
server_pid=$!
trap 'kill $server_pid 2>/dev/null; wait $server_pid 2>/dev/null || true' EXIT
for ((i = 0; i < 100; ++i)); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done

echo "== $count queries over $(basename "$data"), $(date -u +%FT%TZ)"
node bench/portal/measure.mjs --url "http://127.0.0.1:$port" --login portal-agent \
  --password portal-agent-password --queries "$queries" --count "$count" --modules "$modules" |
  tee "$run/summary.json"
