#!/usr/bin/env bash
# Saves that make sense as versions, with the requests real clients send (curl):
#  - Office's save through a temporary file (~WRLxxxx.tmp), the document renamed to a backup
#    name or deleted, then the temporary file moved onto its name: the document keeps its id,
#    history and tags, and the save is its next version;
#  - GNOME's (GIO) save: .goutputstream-XXXXXX written, then moved over the document;
#  - Windows' empty placeholder PUT then the content: one version;
#  - saves by the lock holder while the lock is held: one version, sealed at UNLOCK, readable
#    and indexed with its latest content meanwhile; LOCK on an unmapped URL then PUT: one version;
#  - the REST upload saying "saved_again" when it replaced an open version.
#   usage: saves_test.sh BIN_DIR
BIN_DIR=$1
source "$(dirname "$0")/dav_server.sh"
source "$(dirname "$0")/dav_expect.sh"
lock_body='<?xml version="1.0"?><D:lockinfo xmlns:D="DAV:"><D:lockscope><D:exclusive/></D:lockscope><D:locktype><D:write/></D:locktype><D:owner>test</D:owner></D:lockinfo>'
api=${DAV_URL%/dav}/api/v1
fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}
id_of() { synaps info "$1" | sed -n 's/^id: *//p'; }
versions_are() {  # PATH COUNT
  local got
  got=$(synaps versions "$1" | wc -l)
  [[ $got == "$2" ]] || fail "$1 has $got versions, not $2"
}
content_is() {  # PATH TEXT
  expect 200 cab-reader GET "$1"
  [[ $(cat "$DAV_WORK/body") == "$2" ]] || fail "$1 holds '$(head -c 100 "$DAV_WORK/body")', not '$2'"
}
etag() { grep -i '^etag:' "$DAV_WORK/headers" | tr -d '\r' | cut -d' ' -f2; }

expect 201 cab-editor MKCOL /CAB/office/
expect 201 cab-editor PUT /CAB/office/rapport.docx --data-binary "version 1 de Word"
id=$(id_of /CAB/office/rapport.docx)
synaps tag /CAB/office/rapport.docx add crise >/dev/null

# Word saves: its owner file, the temporary save, the document renamed to a backup name, the
# temporary save renamed onto the document's name, the backup deleted, the owner file deleted.
expect 201 cab-editor PUT /CAB/office/~%24rapport.docx --data-binary "cab-editor"
expect 201 cab-editor PUT /CAB/office/~WRL0001.tmp --data-binary ""
expect 204 cab-editor PUT /CAB/office/~WRL0001.tmp --data-binary "version 2 de Word"
expect 201 cab-editor MOVE /CAB/office/rapport.docx -H "Destination: $DAV_URL/CAB/office/~WRL0002.tmp"
expect 207 cab-editor PROPFIND /CAB/office/ -H "Depth: 1"
body_has ! "<D:displayname>rapport.docx</D:displayname>"
body_has "<D:displayname>~WRL0002.tmp</D:displayname>"
expect 404 cab-editor GET /CAB/office/rapport.docx
content_is /CAB/office/~WRL0002.tmp "version 1 de Word"
expect 201 cab-editor MOVE /CAB/office/~WRL0001.tmp -H "Destination: $DAV_URL/CAB/office/rapport.docx"
content_is /CAB/office/rapport.docx "version 2 de Word"
content_is /CAB/office/~WRL0002.tmp "version 1 de Word"
expect 204 cab-editor DELETE /CAB/office/~WRL0002.tmp
expect 204 cab-editor DELETE /CAB/office/~%24rapport.docx
[[ $(id_of /CAB/office/rapport.docx) == "$id" ]] || fail "Word's save made another document"
versions_are /CAB/office/rapport.docx 2
synaps info /CAB/office/rapport.docx | grep -q crise || fail "the tag did not stay"
content_is /CAB/office/rapport.docx "version 2 de Word"
[[ -z $(synaps trash list) ]] || fail "something went to the trash"
if synaps audit | grep -q 'WRL'; then fail "a temporary file is in the audit log"; fi

# Word's other way: the document deleted, then the temporary save moved onto its name.
expect 201 cab-editor PUT /CAB/office/~WRL0003.tmp --data-binary "version 3 de Word"
expect 204 cab-editor DELETE /CAB/office/rapport.docx
expect 201 cab-editor MOVE /CAB/office/~WRL0003.tmp -H "Destination: $DAV_URL/CAB/office/rapport.docx"
[[ $(id_of /CAB/office/rapport.docx) == "$id" ]] || fail "Word's save after a delete made another document"
versions_are /CAB/office/rapport.docx 3
content_is /CAB/office/rapport.docx "version 3 de Word"
[[ -z $(synaps trash list) ]] || fail "the document stayed in the trash"
# ... only for the account that deleted it, and only onto its name.
expect 204 cab-editor DELETE /CAB/office/rapport.docx
expect 201 cab-manager PUT /CAB/office/~WRL0004.tmp --data-binary "quelqu'un d'autre"
expect 201 cab-manager MOVE /CAB/office/~WRL0004.tmp -H "Destination: $DAV_URL/CAB/office/rapport.docx"
[[ $(id_of /CAB/office/rapport.docx) != "$id" ]] || fail "another account's save took the deleted document"
synaps trash list | grep -q "rapport.docx" || fail "the deleted document left the trash"

# GNOME (GIO) saves: a .goutputstream-XXXXXX written, then moved over the document.
expect 201 cab-editor PUT /CAB/office/notes.txt --data-binary "première rédaction"
notes=$(id_of /CAB/office/notes.txt)
expect 201 cab-editor PUT /CAB/office/.goutputstream-ZK41Q2 --data-binary "seconde rédaction"
expect 204 cab-editor MOVE /CAB/office/.goutputstream-ZK41Q2 -H "Destination: $DAV_URL/CAB/office/notes.txt" -H "Overwrite: T"
expect 404 cab-editor GET /CAB/office/.goutputstream-ZK41Q2
[[ $(id_of /CAB/office/notes.txt) == "$notes" ]] || fail "GNOME's save made another document"
versions_are /CAB/office/notes.txt 2
content_is /CAB/office/notes.txt "seconde rédaction"

# Windows: an empty placeholder, then the content: one version; on an existing document, one
# more version.
expect 201 cab-editor PUT /CAB/office/photo.jpg --data-binary ""
expect 204 cab-editor PUT /CAB/office/photo.jpg --data-binary "les octets de la photo"
versions_are /CAB/office/photo.jpg 1
content_is /CAB/office/photo.jpg "les octets de la photo"
expect 204 cab-editor PUT /CAB/office/photo.jpg --data-binary ""
expect 204 cab-editor PUT /CAB/office/photo.jpg --data-binary "la photo retouchée"
versions_are /CAB/office/photo.jpg 2
# An empty save by someone else is not filled by another account's next save.
expect 204 cab-manager PUT /CAB/office/photo.jpg --data-binary ""
expect 204 cab-editor PUT /CAB/office/photo.jpg --data-binary "encore retouchée"
versions_are /CAB/office/photo.jpg 4

# Saves under a lock: one version, its entity tag changing with each save, readable and
# searchable with its latest content meanwhile, sealed at UNLOCK.
expect 200 cab-editor LOCK /CAB/office/notes.txt --data "$lock_body"
token=$(grep -o 'opaquelocktoken:[^<]*' "$DAV_WORK/body" | head -n 1)
expect 204 cab-editor PUT /CAB/office/notes.txt -H "If: (<$token>)" --data-binary "brouillon ornithorynque"
first=$(etag)
expect 204 cab-editor PUT /CAB/office/notes.txt -H "If: (<$token>)" --data-binary "brouillon deux"
second=$(etag)
[[ -n $first && $first != "$second" ]] || fail "the entity tag did not change: $first $second"
expect 204 cab-editor PUT /CAB/office/notes.txt -H "If: (<$token>)" --data-binary "texte final hippocampe"
versions_are /CAB/office/notes.txt 3
content_is /CAB/office/notes.txt "texte final hippocampe"
expect 200 cab-reader GET /CAB/office/notes.txt
[[ $(etag) != "$second" ]] || fail "GET's entity tag is the previous save's"
found=
for _ in $(seq 120); do
  if curl -fsS -u cab-reader:cab-reader-password "$api/search?q=hippocampe" | grep -q notes.txt; then
    found=1
    break
  fi
  sleep 0.5
done
[[ -n $found ]] || fail "search does not find the latest save under the lock"
curl -fsS -u cab-reader:cab-reader-password "$api/search?q=ornithorynque" | grep -q notes.txt &&
  fail "search still finds a save that the next one replaced"
# The version's JSON says it is open and how many saves it took; sealed at UNLOCK.
notes_versions="$api/documents/$(id_of /CAB/office/notes.txt)/versions"
answer=$(curl -fsS -u cab-reader:cab-reader-password "$notes_versions")
grep -q '"saves" *: *3' <<<"$answer" || fail "the versions do not count three saves: $answer"
grep -q '"open_until" *: *"20' <<<"$answer" || fail "the open version does not say so: $answer"
expect 204 cab-editor UNLOCK /CAB/office/notes.txt -H "Lock-Token: <$token>"
answer=$(curl -fsS -u cab-reader:cab-reader-password "$notes_versions")
grep -q '"open_until" *: *"20' <<<"$answer" && fail "the version is still open after UNLOCK: $answer"
expect 204 cab-editor PUT /CAB/office/notes.txt --data-binary "après le déverrouillage"
versions_are /CAB/office/notes.txt 4
synaps get /CAB/office/notes.txt --version 3 | grep -q "texte final hippocampe" ||
  fail "version 3 is not the last save under the lock"

# A depth-infinity lock on a folder: its holder's saves of a document in it are one version
# (a second document's too), sealed when the folder's lock is released.
expect 201 cab-editor MKCOL /CAB/office/dossier/
expect 201 cab-editor PUT /CAB/office/dossier/plan.txt --data-binary "plan 0"
expect 200 cab-editor LOCK /CAB/office/dossier/ -H "Depth: infinity" --data "$lock_body"
token=$(grep -o 'opaquelocktoken:[^<]*' "$DAV_WORK/body" | head -n 1)
expect 204 cab-editor PUT /CAB/office/dossier/plan.txt -H "If: (<$token>)" --data-binary "plan 1"
expect 204 cab-editor PUT /CAB/office/dossier/plan.txt -H "If: (<$token>)" --data-binary "plan 2"
expect 201 cab-editor PUT /CAB/office/dossier/annexe.txt -H "If: (<$token>)" --data-binary "annexe 1"
expect 204 cab-editor PUT /CAB/office/dossier/annexe.txt -H "If: (<$token>)" --data-binary "annexe 2"
versions_are /CAB/office/dossier/plan.txt 2
versions_are /CAB/office/dossier/annexe.txt 1
expect 204 cab-editor UNLOCK /CAB/office/dossier/ -H "Lock-Token: <$token>"
expect 204 cab-editor PUT /CAB/office/dossier/plan.txt --data-binary "plan 3"
expect 204 cab-editor PUT /CAB/office/dossier/annexe.txt --data-binary "annexe 3"
versions_are /CAB/office/dossier/plan.txt 3
versions_are /CAB/office/dossier/annexe.txt 2
content_is /CAB/office/dossier/annexe.txt "annexe 3"

# LOCK on an unmapped URL, then the lock holder's saves: one version.
expect 201 cab-editor LOCK /CAB/office/nouveau.odt --data "$lock_body"
token=$(grep -o 'opaquelocktoken:[^<]*' "$DAV_WORK/body" | head -n 1)
expect 204 cab-editor PUT /CAB/office/nouveau.odt -H "If: (<$token>)" --data-binary "contenu 1"
expect 204 cab-editor PUT /CAB/office/nouveau.odt -H "If: (<$token>)" --data-binary "contenu 2"
expect 204 cab-editor UNLOCK /CAB/office/nouveau.odt -H "Lock-Token: <$token>"
versions_are /CAB/office/nouveau.odt 1
content_is /CAB/office/nouveau.odt "contenu 2"

# The REST upload says so when it replaced an open version (here Windows' placeholder).
expect 201 cab-editor PUT /CAB/office/scan.txt --data-binary ""
answer=$(curl -sS -u cab-editor:cab-editor-password -X PUT --data-binary "le scan" \
  "$api/documents/content?path=/CAB/office/scan.txt")
grep -q '"outcome" *: *"saved_again"' <<<"$answer" || fail "the REST upload answered $answer"
grep -q '"version" *: *1' <<<"$answer" || fail "the REST upload answered $answer"
versions_are /CAB/office/scan.txt 1

synaps check >/dev/null || fail "synaps check"
finish "saves"
