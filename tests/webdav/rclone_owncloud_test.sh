#!/usr/bin/env bash
# rclone with vendor=owncloud against /dav/: files copied in keep their modification times
# (X-OC-Mtime), `rclone check` compares checksums (oc:checksums: SHA-1 and MD5, computed while
# each upload streamed in) and finds every one, `rclone checksum sha1` agrees with sha1sum, a
# change of time alone is kept without a new version, a content change is a version with its
# time; curl shows the headers, a corrupt upload refused, and checksums of content sent without
# them computed when asked.
#   usage: rclone_owncloud_test.sh BIN_DIR
BIN_DIR=$1
source "$(dirname "$0")/dav_server.sh"
source "$(dirname "$0")/dav_expect.sh"
RCLONE_VENDOR=owncloud source "$(dirname "$0")/rclone_remote.sh"
http_date() { LC_ALL=C date -u -d "@$1" '+%a, %d %b %Y %H:%M:%S GMT'; }

# 200 files, each with its own modification time (whole seconds: ownCloud's precision).
tree=$DAV_WORK/tree
for d in $(seq 0 9); do
  mkdir -p "$tree/dossier-$d"
  for f in $(seq 0 19); do
    echo "arrêté préfectoral $d-$f" >"$tree/dossier-$d/arrete-$f.txt"
    touch -d "@$((1600000000 + d * 86400 + f * 3600))" "$tree/dossier-$d/arrete-$f.txt"
  done
done
expect 201 cab-editor MKCOL /CAB/oc/

rclone copy "$tree" S:CAB/oc --transfers 8
same_times() {
  diff <(rclone lsl "$tree" | sort -k4) <(rclone lsl S:CAB/oc | sort -k4) >"$DAV_WORK/lsl.diff" ||
    { echo "FAIL: modification times differ ($1):"; head "$DAV_WORK/lsl.diff"; failures=$((failures + 1)); }
}
checksums_match() {
  if ! rclone check "$tree" S:CAB/oc >"$DAV_WORK/check.log" 2>&1 ||
    ! grep -q ": 200 matching files" "$DAV_WORK/check.log" ||
    grep -q "could not be checked" "$DAV_WORK/check.log"; then
    echo "FAIL: rclone check by checksum ($1):"; cat "$DAV_WORK/check.log"; failures=$((failures + 1))
  fi
  (cd "$tree" && find . -type f -printf '%P\0' | xargs -0 sha1sum) >"$DAV_WORK/sums.sha1"
  rclone checksum sha1 "$DAV_WORK/sums.sha1" S:CAB/oc >"$DAV_WORK/sha1.log" 2>&1 ||
    { echo "FAIL: rclone checksum sha1 ($1):"; cat "$DAV_WORK/sha1.log"; failures=$((failures + 1)); }
}
same_times "after the copy"
checksums_match "after the copy"
expect 207 cab-editor PROPFIND /CAB/oc/dossier-2/arrete-5.txt -H "Depth: 0" \
  --data '<D:propfind xmlns:D="DAV:"><D:prop><D:getlastmodified/></D:prop></D:propfind>'
body_has "$(http_date $((1600000000 + 2 * 86400 + 5 * 3600)))"

# A new time alone: kept, no new version. New content: a version, with its time.
touch -d "@1700000000" "$tree/dossier-3/arrete-0.txt"
echo "modifié" >>"$tree/dossier-4/arrete-1.txt"
touch -d "@1700003600" "$tree/dossier-4/arrete-1.txt"
rclone sync "$tree" S:CAB/oc --transfers 8
same_times "after the sync"
checksums_match "after the sync"
versions() { synaps versions "$1" | wc -l; }
[[ $(versions /CAB/oc/dossier-3/arrete-0.txt) == 1 ]] ||
  { echo "FAIL: a change of time alone made a version"; failures=$((failures + 1)); }
[[ $(versions /CAB/oc/dossier-4/arrete-1.txt) == 2 ]] ||
  { echo "FAIL: a change of content made no version"; failures=$((failures + 1)); }

# The headers, as curl sees them.
expect 201 cab-editor PUT /CAB/oc/mtime.txt -H "X-OC-Mtime: 1500000000" --data-binary "daté"
grep -qi '^X-OC-MTime: accepted' "$DAV_WORK/headers" ||
  { echo "FAIL: no X-OC-MTime: accepted"; failures=$((failures + 1)); }
expect 207 cab-editor PROPFIND /CAB/oc/mtime.txt -H "Depth: 0"
body_has "<D:getlastmodified>$(http_date 1500000000)</D:getlastmodified>"
expect 200 cab-editor GET /CAB/oc/mtime.txt
grep -qi "^Last-Modified: $(http_date 1500000000)" "$DAV_WORK/headers" ||
  { echo "FAIL: GET's Last-Modified is not the time sent"; failures=$((failures + 1)); }
expect 400 cab-editor PUT /CAB/oc/bad-time.txt -H "X-OC-Mtime: bientôt" --data-binary "x"
# A server-side copy or move with a time takes it too (rclone sends it there as well).
expect 201 cab-editor COPY /CAB/oc/mtime.txt -H "Destination: $DAV_URL/CAB/oc/copie.txt" \
  -H "X-OC-Mtime: 1600000000"
grep -qi '^X-OC-MTime: accepted' "$DAV_WORK/headers" ||
  { echo "FAIL: no X-OC-MTime: accepted for a COPY"; failures=$((failures + 1)); }
expect 207 cab-editor PROPFIND /CAB/oc/copie.txt -H "Depth: 0"
body_has "<D:getlastmodified>$(http_date 1600000000)</D:getlastmodified>"
expect 201 cab-editor MOVE /CAB/oc/copie.txt -H "Destination: $DAV_URL/CAB/oc/deplacee.txt" \
  -H "X-OC-Mtime: 1700000000"
expect 207 cab-editor PROPFIND /CAB/oc/deplacee.txt -H "Depth: 0"
body_has "<D:getlastmodified>$(http_date 1700000000)</D:getlastmodified>"
expect 400 cab-editor COPY /CAB/oc/mtime.txt -H "Destination: $DAV_URL/CAB/oc/jamais.txt" \
  -H "X-OC-Mtime: bientôt"
expect 404 cab-editor GET /CAB/oc/jamais.txt
expect 207 cab-editor PROPFIND /CAB/oc/mtime.txt -H "Depth: 0"
body_has "<D:getlastmodified>$(http_date 1500000000)</D:getlastmodified>"
expect 400 cab-editor PUT /CAB/oc/corrupt.txt -H "OC-Checksum: SHA1:0000000000000000000000000000000000000000" \
  --data-binary "not what the checksum says"
expect 404 cab-editor GET /CAB/oc/corrupt.txt
expect 201 cab-editor PUT /CAB/oc/checked.txt -H "OC-Checksum: SHA1:$(printf 'vérifié' | sha1sum | cut -c1-40)" \
  --data-binary "vérifié"

# Content sent without ownCloud's headers: its checksums are computed when first asked.
expect 201 cab-editor PUT /CAB/oc/plain.txt --data-binary "sans en-têtes"
expect 207 cab-reader PROPFIND /CAB/oc/plain.txt -H "Depth: 0" \
  --data '<D:propfind xmlns:D="DAV:" xmlns:oc="http://owncloud.org/ns"><D:prop><oc:checksums/></D:prop></D:propfind>'
body_has "SHA1:$(printf 'sans en-têtes' | sha1sum | cut -c1-40) MD5:$(printf 'sans en-têtes' | md5sum | cut -c1-32)"
expect 207 cab-reader PROPFIND /CAB/oc/ -H "Depth: 1" \
  --data '<D:propfind xmlns:D="DAV:" xmlns:oc="http://owncloud.org/ns"><D:prop><oc:checksums/></D:prop></D:propfind>'
body_has "404 Not Found"  # a folder has none
expect 404 ddt-editor PROPFIND /CAB/oc/plain.txt -H "Depth: 0" \
  --data '<D:propfind xmlns:D="DAV:" xmlns:oc="http://owncloud.org/ns"><D:prop><oc:checksums/></D:prop></D:propfind>'

finish "rclone with vendor=owncloud"
