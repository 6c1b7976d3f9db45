#!/usr/bin/env bash
# rclone against /dav/: a tree of 1,000 files copied in and checked identical, some modified and
# synced again (each a new version), one removed (to the trash), and the new text found by search.
#   usage: rclone_test.sh BIN_DIR
BIN_DIR=$1
source "$(dirname "$0")/dav_server.sh"
RCLONE_VENDOR=other source "$(dirname "$0")/rclone_remote.sh"

tree=$DAV_WORK/tree
for d in $(seq 0 9); do
  mkdir -p "$tree/dossier-$d/sous-dossier"
  for f in $(seq 0 49); do
    echo "compte rendu $d-$f de la réunion de crise" >"$tree/dossier-$d/note-$f.txt"
    echo "annexe $d-$f" >"$tree/dossier-$d/sous-dossier/annexe-$f.txt"
  done
done
[[ $(find "$tree" -type f | wc -l) == 1000 ]]
curl -fsS -u cab-editor:cab-editor-password -X MKCOL "$DAV_URL/CAB/partage/" >/dev/null

rclone copy "$tree" S:CAB/partage --transfers 8
rclone check "$tree" S:CAB/partage --size-only
count=$("$BIN_DIR/synaps" --data "$SYNAPS_DATA" stats --json | sed -n 's/.*"documents": *\([0-9]*\).*/\1/p')
[[ $count == 1000 ]] || { echo "FAIL: $count documents after the copy, expected 1000"; exit 1; }

# Five files change, one goes: sync sends the changes and deletes the one.
for f in 0 1 2 3 4; do echo "nouvelle version: inondations de la vallée $f" >>"$tree/dossier-3/note-$f.txt"; done
rm "$tree/dossier-7/note-9.txt"
rclone sync "$tree" S:CAB/partage --transfers 8
rclone check "$tree" S:CAB/partage --size-only
versions=$("$BIN_DIR/synaps" --data "$SYNAPS_DATA" versions /CAB/partage/dossier-3/note-0.txt | wc -l)
[[ $versions == 2 ]] || { echo "FAIL: $versions versions of a synced file, expected 2"; exit 1; }
"$BIN_DIR/synaps" --data "$SYNAPS_DATA" trash list | grep -q "/CAB/partage/dossier-7/note-9.txt" ||
  { echo "FAIL: the file removed by sync is not in the trash"; exit 1; }

# The server indexes in the background: the new text is found soon.
for _ in $(seq 100); do
  hits=$(curl -fsS -u cab-editor:cab-editor-password \
    "${DAV_URL%/dav}/api/v1/search?q=inondations+vall%C3%A9e" | grep -o '"id"' | wc -l || true)
  ((hits >= 5)) && break
  sleep 0.2
done
((hits >= 5)) || { echo "FAIL: search finds $hits of the 5 changed files"; exit 1; }
echo "rclone: copy, check, sync, versions, trash and search all as expected"
