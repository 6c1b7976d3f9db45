#!/usr/bin/env bash
# The preview of a PDF's first page (not part of the test suite): GET
# /api/v1/documents/{id}/preview?page=1 on a 50-page PDF (bench/preview/make_pdf.py), over
# loopback with curl, against a fresh data directory:
#  - cold: the image not kept yet (<data>/previews emptied before each request): the permission
#    decision, a worker started, the PDF parsed, the page drawn and encoded, the image kept;
#  - cached: the same request again, answered from <data>/previews;
#  - revalidated: If-None-Match with the image's ETag, answered 304.
# Each figure is the median (and min, max) of RUNS requests, curl's time_total.
#
#   bench/preview/run.sh [WORK_DIR]        (default build/bench-preview)
#
# Knobs: BIN_DIR (default build/bin), PAGES (50), RUNS (20), WIDTH (800), PORT (18491).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
bin=${BIN_DIR:-$root/build/bin}
work=${1:-$root/build/bench-preview}
pages=${PAGES:-50}
runs=${RUNS:-20}
width=${WIDTH:-800}
port=${PORT:-18491}
for program in synaps synaps-server synaps-extract-worker; do
  [[ -x $bin/$program ]] || { echo "no $bin/$program: build it first" >&2; exit 1; }
done

rm -rf "$work"
mkdir -p "$work"
data=$work/data
synaps() { "$bin/synaps" --data "$data" "$@"; }
synaps init >/dev/null
synaps service add BENCH --name "Service du banc" >/dev/null
echo bench-password | synaps user add bench --service BENCH --role editor --name "Banc" \
  --password-stdin >/dev/null
python3 bench/preview/make_pdf.py "$work/rapport.pdf" "$pages"

"$bin/synaps-server" --data "$data" --listen "127.0.0.1:$port" >"$work/server.out" \
  2>"$work/server.log" &
server_pid=$!
trap 'kill $server_pid 2>/dev/null; wait $server_pid 2>/dev/null || true' EXIT
for ((i = 0; i < 100; ++i)); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done

url=http://127.0.0.1:$port/api/v1
auth=(-u bench:bench-password)
id=$(curl -sf "${auth[@]}" -T "$work/rapport.pdf" \
  "$url/documents/content?path=/BENCH/rapport.pdf" |
  perl -MJSON::PP -e 'local $/; print decode_json(<STDIN>)->{id}')
preview="$url/documents/$id/preview?page=1&width=$width"

# request [curl options...] → "seconds status cache-header"
request() {
  curl -s "${auth[@]}" -o "$work/page.png" -D "$work/headers" -w '%{time_total} %{http_code}' \
    "$@" "$preview"
  printf ' %s\n' "$(tr -d '\r' <"$work/headers" | sed -n 's/^X-Synaps-Preview-Cache: //Ip')"
}
# summary NAME FILE → "NAME: median X ms (min Y, max Z), n=N"
summary() {
  sort -n "$2" | awk -v name="$1" '{ t[NR] = $1 * 1000 } END {
    printf "%-12s median %7.1f ms  (min %7.1f, max %7.1f), %d requests\n", name,
      (NR % 2 ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2), t[1], t[NR], NR }'
}

: >"$work/cold.txt" >"$work/cached.txt" >"$work/revalidated.txt"
for ((i = 0; i < runs; ++i)); do
  rm -rf "$data/previews"
  read -r seconds status cache < <(request)
  [[ $status == 200 && $cache == miss ]] || { echo "cold request: $status $cache" >&2; exit 1; }
  echo "$seconds" >>"$work/cold.txt"
done
etag=$(tr -d '\r' <"$work/headers" | sed -n 's/^ETag: //Ip')
png_bytes=$(stat -c %s "$work/page.png")
for ((i = 0; i < runs; ++i)); do
  read -r seconds status cache < <(request)
  [[ $status == 200 && $cache == hit ]] || { echo "cached request: $status $cache" >&2; exit 1; }
  echo "$seconds" >>"$work/cached.txt"
  read -r seconds status cache < <(request -H "If-None-Match: $etag")
  [[ $status == 304 ]] || { echo "revalidation: $status" >&2; exit 1; }
  echo "$seconds" >>"$work/revalidated.txt"
done

echo "== page 1 of a $pages-page PDF ($(stat -c %s "$work/rapport.pdf") bytes) at $width pixels:" \
  "$png_bytes bytes of PNG; $(nproc) cores; $(date -u +%FT%TZ)"
summary cold "$work/cold.txt"
summary cached "$work/cached.txt"
summary revalidated "$work/revalidated.txt"
