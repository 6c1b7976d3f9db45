#!/usr/bin/env bash
# Editors' and systems' junk files over WebDAV (Office's ~$owner files and ~WRLxxxx.tmp saves,
# LibreOffice's .~lock.*#, AppleDouble ._* and .DS_Store, Thumbs.db, desktop.ini, GNOME's
# .goutputstream-*, backups ending in ~): PUT, listed by PROPFIND, read back, locked, moved and
# deleted as clients expect, but never documents (no version, no audit entry, nothing to index),
# and gone once their lifetime (here 30 s) is over.
#   usage: junk_files_test.sh BIN_DIR
BIN_DIR=$1
DAV_SERVER_CONFIG=$(mktemp)
echo "synaps.webdav.junk_lifetime_seconds = 30" >"$DAV_SERVER_CONFIG"
source "$(dirname "$0")/dav_server.sh"
source "$(dirname "$0")/dav_expect.sh"
trap 'dav_cleanup; rm -f "$DAV_SERVER_CONFIG"' EXIT
lock_body='<?xml version="1.0"?><D:lockinfo xmlns:D="DAV:"><D:lockscope><D:exclusive/></D:lockscope><D:locktype><D:write/></D:locktype><D:owner>test</D:owner></D:lockinfo>'
fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}
enc() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$1"; }
is_no_document() {  # NAME in /CAB/dossier
  if synaps info "/CAB/dossier/$1" >/dev/null 2>&1; then fail "$1 became a document"; fi
}

expect 201 cab-editor MKCOL /CAB/dossier/
expect 201 cab-editor PUT /CAB/dossier/rapport.docx --data-binary "le rapport"
names=('~$rapport.docx' '.~lock.rapport.odt#' '~WRL0001.tmp' 'AB12CD.TMP' '._rapport.docx' '.DS_Store'
  'Thumbs.db' 'desktop.ini' '.goutputstream-Q2ZXN2' 'notes.txt~' '.notes.txt.swp')
for name in "${names[@]}"; do
  expect 201 cab-editor PUT "/CAB/dossier/$(enc "$name")" --data-binary "junk: $name"
  expect 200 cab-reader GET "/CAB/dossier/$(enc "$name")"
  body_has "junk: $name"
done

# PROPFIND lists them beside the document, with their size, type and an entity tag.
expect 207 cab-reader PROPFIND /CAB/dossier/ -H "Depth: 1"
for name in "${names[@]}"; do body_has "<D:displayname>$name</D:displayname>"; done
body_has "<D:displayname>rapport.docx</D:displayname>"
body_has "<D:getcontentlength>20</D:getcontentlength>"  # "junk: ~$rapport.docx"
expect 207 cab-reader PROPFIND "/CAB/dossier/$(enc '~$rapport.docx')" -H "Depth: 0"
body_has "<D:getetag>"

# Written again: its entity tag changes, If-Match holds to it, ranges work.
expect 200 cab-reader GET /CAB/dossier/Thumbs.db
etag=$(grep -i '^etag:' "$DAV_WORK/headers" | tr -d '\r' | cut -d' ' -f2)
expect 204 cab-editor PUT /CAB/dossier/Thumbs.db --data-binary "vignettes" -H "If-Match: $etag"
expect 412 cab-editor PUT /CAB/dossier/Thumbs.db --data-binary "encore" -H "If-Match: $etag"
expect 206 cab-reader GET /CAB/dossier/Thumbs.db -H "Range: bytes=0-3"
[[ $(cat "$DAV_WORK/body") == vign ]] || fail "the range of a junk file"

# Only those who may write in the folder write there; other services see nothing of it.
expect 403 cab-reader PUT /CAB/dossier/.DS_Store --data-binary "x"
expect 403 cab-reader DELETE /CAB/dossier/.DS_Store
expect 404 ddt-editor GET /CAB/dossier/.DS_Store
expect 409 ddt-editor PUT /CAB/dossier/.DS_Store --data-binary "x"
expect 409 cab-editor PUT /CAB/absent/.DS_Store --data-binary "x"
# A read-only reader lists them but cannot lock them.
expect 403 cab-reader LOCK /CAB/dossier/desktop.ini --data "$lock_body"

# MOVE and COPY among junk names, PROPPATCH (Windows' Win32 properties on its temporary files).
expect 201 cab-editor MOVE /CAB/dossier/AB12CD.TMP -H "Destination: $DAV_URL/CAB/dossier/EF34GH.TMP"
expect 404 cab-reader GET /CAB/dossier/AB12CD.TMP
expect 200 cab-reader GET /CAB/dossier/EF34GH.TMP
body_has "junk: AB12CD.TMP"
expect 201 cab-editor COPY /CAB/dossier/EF34GH.TMP -H "Destination: $DAV_URL/CAB/dossier/copie.tmp"
expect 200 cab-reader GET /CAB/dossier/copie.tmp
body_has "junk: AB12CD.TMP"
expect 207 cab-editor PROPPATCH /CAB/dossier/copie.tmp --data '<D:propertyupdate xmlns:D="DAV:" xmlns:Z="urn:schemas-microsoft-com:"><D:set><D:prop><Z:Win32FileAttributes>00000020</Z:Win32FileAttributes></D:prop></D:set></D:propertyupdate>'
body_has "HTTP/1.1 200 OK"

# LOCK on an unmapped junk name: an empty junk file, locked; its owner writes it with the token.
expect 201 cab-editor LOCK "/CAB/dossier/$(enc '~$budget.xlsx')" --data "$lock_body"
token=$(grep -o 'opaquelocktoken:[^<]*' "$DAV_WORK/body" | head -n 1)
expect 423 cab-manager PUT "/CAB/dossier/$(enc '~$budget.xlsx')" --data-binary "not while locked"
expect 204 cab-editor PUT "/CAB/dossier/$(enc '~$budget.xlsx')" --data-binary "cab-editor" -H "If: (<$token>)"
expect 204 cab-editor UNLOCK "/CAB/dossier/$(enc '~$budget.xlsx')" -H "Lock-Token: <$token>"
is_no_document '~$budget.xlsx'

# DELETE removes them. (One written just now: on a slow machine, the steps above may take
# longer than the lifetime of the first ones.)
expect 201 cab-editor PUT "/CAB/dossier/$(enc '.~lock.budget.ods#')" --data-binary "junk"
expect 204 cab-editor DELETE "/CAB/dossier/$(enc '.~lock.budget.ods#')"
expect 404 cab-reader GET "/CAB/dossier/$(enc '.~lock.budget.ods#')"
expect 404 cab-editor DELETE "/CAB/dossier/$(enc '.~lock.budget.ods#')"

# Nothing of it is a document: one document in the folder, one version, no audit entry, no
# trash, nothing under /dav/.versions/.
for name in "${names[@]}"; do is_no_document "$name"; done
[[ $(synaps versions /CAB/dossier/rapport.docx | wc -l) == 1 ]] || fail "versions of rapport.docx"
synaps audit >"$DAV_WORK/audit"
for name in "${names[@]}" copie.tmp EF34GH.TMP '~$budget.xlsx' '.~lock.budget.ods#'; do
  if grep -qF -- "$name" "$DAV_WORK/audit"; then fail "$name is in the audit log"; fi
done
[[ -z $(synaps trash list) ]] || fail "something went to the trash"
expect 207 cab-reader PROPFIND /.versions/CAB/dossier/ -H "Depth: 1"
body_has ! "Thumbs.db"
body_has "rapport.docx"
synaps stats | grep -Eq '^documents: *1 ' || { synaps stats; fail "not exactly one document"; }

# Their lifetime over (30 s after their last write), they are gone.
sleep 31
expect 404 cab-reader GET /CAB/dossier/Thumbs.db
expect 207 cab-reader PROPFIND /CAB/dossier/ -H "Depth: 1"
body_has ! ".DS_Store"
body_has "<D:displayname>rapport.docx</D:displayname>"

finish "junk files"
