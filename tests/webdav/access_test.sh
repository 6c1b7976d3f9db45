#!/usr/bin/env bash
# Who may do what over WebDAV: every method tried anonymously, as a reader of CAB, as a member of
# DDT (which sees nothing of CAB), and against a lock held by someone else. Nothing crosses.
#   usage: access_test.sh BIN_DIR
BIN_DIR=$1
source "$(dirname "$0")/dav_server.sh"
source "$(dirname "$0")/dav_expect.sh"
propfind=(-H "Depth: 1" -H "Content-Type: application/xml")
lock_body='<?xml version="1.0"?><D:lockinfo xmlns:D="DAV:"><D:lockscope><D:exclusive/></D:lockscope><D:locktype><D:write/></D:locktype><D:owner>test</D:owner></D:lockinfo>'

# Content of CAB, written by its editor.
expect 201 cab-editor MKCOL /CAB/crise/
expect 201 cab-editor PUT /CAB/crise/note.txt --data-binary "note de crise secrète"
expect 201 ddt-editor PUT /DDT/ddt.txt --data-binary "note DDT"

# Anonymous: OPTIONS answers (clients probe first), everything else asks for credentials.
expect 200 - OPTIONS /CAB/
for method in PROPFIND GET PUT DELETE MKCOL PROPPATCH LOCK UNLOCK COPY MOVE; do
  expect 401 - "$method" /CAB/crise/note.txt
done

# DDT sees its own service at the root, never CAB, and CAB's documents are missing to it.
expect 207 ddt-editor PROPFIND / "${propfind[@]}"
body_has "/dav/DDT/"
body_has ! "/dav/CAB/"
expect 404 ddt-editor PROPFIND /CAB/ "${propfind[@]}"
expect 404 ddt-editor PROPFIND /CAB/crise/note.txt -H "Depth: 0"
expect 404 ddt-editor GET /CAB/crise/note.txt
body_has ! "secrète"
missing_message=$(cat "$DAV_WORK/body")
expect 404 ddt-editor GET /CAB/crise/nothing-here.txt
[[ $(cat "$DAV_WORK/body") == "${missing_message/note.txt/nothing-here.txt}" ]] ||
  { echo "FAIL: a missing and an invisible document answer differently"; failures=$((failures + 1)); }
expect 404 ddt-editor DELETE /CAB/crise/note.txt
expect 404 ddt-editor PROPPATCH /CAB/crise/note.txt --data '<D:propertyupdate xmlns:D="DAV:"><D:set><D:prop><x xmlns="urn:x">1</x></D:prop></D:set></D:propertyupdate>'
expect 409 ddt-editor LOCK /CAB/crise/note.txt --data "$lock_body"  # as for a missing folder
expect 404 ddt-editor MOVE /CAB/crise/note.txt -H "Destination: $DAV_URL/DDT/volé.txt"
expect 404 ddt-editor COPY /CAB/crise/note.txt -H "Destination: $DAV_URL/DDT/volé.txt"
expect 409 ddt-editor PUT /CAB/crise/planted.txt --data-binary "x"
expect 409 ddt-editor MKCOL /CAB/crise/planted/
expect 403 ddt-editor MKCOL /CAB/
# Its own document cannot be moved or copied into CAB either.
expect 409 ddt-editor COPY /DDT/ddt.txt -H "Destination: $DAV_URL/CAB/crise/ddt.txt"
expect 409 ddt-editor MOVE /DDT/ddt.txt -H "Destination: $DAV_URL/CAB/crise/ddt.txt"

# A reader of CAB reads, and writes nothing.
expect 200 cab-reader GET /CAB/crise/note.txt
expect 207 cab-reader PROPFIND /CAB/crise/ "${propfind[@]}"
expect 403 cab-reader PUT /CAB/crise/note.txt --data-binary "overwritten"
expect 403 cab-reader PUT /CAB/crise/new.txt --data-binary "new"
expect 403 cab-reader DELETE /CAB/crise/note.txt
expect 403 cab-reader MKCOL /CAB/crise/sub/
expect 403 cab-reader PROPPATCH /CAB/crise/note.txt --data '<D:propertyupdate xmlns:D="DAV:"><D:set><D:prop><x xmlns="urn:x">1</x></D:prop></D:set></D:propertyupdate>'
expect 403 cab-reader LOCK /CAB/crise/note.txt --data "$lock_body"
expect 403 cab-reader MOVE /CAB/crise/note.txt -H "Destination: $DAV_URL/CAB/crise/moved.txt"
expect 403 cab-reader COPY /CAB/crise/note.txt -H "Destination: $DAV_URL/CAB/crise/copy.txt"
expect 200 cab-reader GET /CAB/crise/note.txt
body_has "note de crise secrète"

# A lock taken over WebDAV holds against everyone else, the REST API included (423).
expect 200 cab-editor LOCK /CAB/crise/note.txt --data "$lock_body"
token=$(grep -o 'opaquelocktoken:[^<]*' "$DAV_WORK/body" | head -n 1)
expect 423 cab-manager PUT /CAB/crise/note.txt --data-binary "not while locked"
expect 423 cab-manager DELETE /CAB/crise/note.txt
id=$("$BIN_DIR/synaps" --data "$SYNAPS_DATA" info /CAB/crise/note.txt | sed -n 's/^id: *//p')
rest=$(curl -s -o "$DAV_WORK/body" -w '%{http_code}' -u cab-manager:cab-manager-password \
  -X DELETE "${DAV_URL%/dav}/api/v1/documents/$id")
[[ $rest == 423 ]] || { echo "FAIL: REST DELETE of a locked document: $rest"; failures=$((failures + 1)); }
expect 204 cab-editor PUT /CAB/crise/note.txt -H "If: (<$token>)" --data-binary "v2 by the lock holder"
expect 204 cab-editor UNLOCK /CAB/crise/note.txt -H "Lock-Token: <$token>"
expect 204 cab-manager DELETE /CAB/crise/note.txt

# Every save was a version; DELETE went to the trash, restorable.
"$BIN_DIR/synaps" --data "$SYNAPS_DATA" trash list | grep -q "/CAB/crise/note.txt" ||
  { echo "FAIL: the deleted document is not in the trash"; failures=$((failures + 1)); }
versions=$("$BIN_DIR/synaps" --data "$SYNAPS_DATA" versions "$id" | wc -l)
[[ $versions == 2 ]] || { echo "FAIL: $versions versions, expected 2"; failures=$((failures + 1)); }

finish "WebDAV access"
