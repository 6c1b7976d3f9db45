#!/usr/bin/env bash
# A folder of 10,000 documents, as Windows Explorer lists it: PROPFIND depth 1 with allprop
# answers all of them (and the folder), each with its size, date and entity tag, and says how
# long it took (bench/webdav measures it in a Release build beside Apache).
#   usage: big_folder_test.sh BIN_DIR
BIN_DIR=$1
source "$(dirname "$0")/dav_server.sh"
source "$(dirname "$0")/dav_expect.sh"
files=$DAV_WORK/grand-dossier
mkdir -p "$files"
for i in $(seq -w 1 10000); do echo "pièce $i" >"$files/piece-$i.txt"; done
synaps import "$files" --service CAB --folder grand-dossier >/dev/null

start=$(date +%s%N)
expect 207 cab-reader PROPFIND /CAB/grand-dossier/ -H "Depth: 1" \
  --data '<D:propfind xmlns:D="DAV:"><D:allprop/></D:propfind>'
elapsed_ms=$((($(date +%s%N) - start) / 1000000))
responses=$(grep -o '<D:response>' "$DAV_WORK/body" | wc -l)
[[ $responses == 10001 ]] || { echo "FAIL: $responses responses, expected 10001"; failures=$((failures + 1)); }
[[ $(grep -o '<D:getetag>' "$DAV_WORK/body" | wc -l) == 10000 ]] ||
  { echo "FAIL: not an entity tag per document"; failures=$((failures + 1)); }
body_has "<D:href>/dav/CAB/grand-dossier/piece-00001.txt</D:href>"
body_has "<D:href>/dav/CAB/grand-dossier/piece-10000.txt</D:href>"
echo "PROPFIND depth 1 of 10,000 documents: ${elapsed_ms} ms, $(stat -c %s "$DAV_WORK/body") bytes"
finish "a folder of 10,000 documents"
