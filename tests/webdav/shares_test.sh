#!/usr/bin/env bash
# What CAB shared with DDT, as a DDT agent reaches it under /dav/: before the shares nothing of
# CAB; after them, only the shared folders and document and the folders on the way down to them
# (read-only collections listing only the next step); read-only shares refuse every write,
# read-write ones take them; nothing else of CAB is listed, found or named; unshared, all gone.
#   usage: shares_test.sh BIN_DIR
BIN_DIR=$1
source "$(dirname "$0")/dav_server.sh"
source "$(dirname "$0")/dav_expect.sh"
propfind=(-H "Depth: 1" -H "Content-Type: application/xml")
lock_body='<?xml version="1.0"?><D:lockinfo xmlns:D="DAV:"><D:lockscope><D:exclusive/></D:lockscope><D:locktype><D:write/></D:locktype><D:owner>test</D:owner></D:lockinfo>'
patch_body='<D:propertyupdate xmlns:D="DAV:"><D:set><D:prop><x xmlns="urn:x">marque-privee</x></D:prop></D:set></D:propertyupdate>'

# CAB's tree: two folders to share, a document to share, and what stays CAB's own.
for folder in crise crise/lecture crise/ecriture crise/lecture/annexes secret; do
  expect 201 cab-editor MKCOL "/CAB/$folder/"
done
expect 201 cab-editor PUT /CAB/crise/lecture/note.txt --data-binary "note partagée en lecture"
expect 201 cab-editor PUT /CAB/crise/lecture/annexes/a.txt --data-binary "annexe"
expect 201 cab-editor PUT /CAB/crise/ecriture/plan.txt --data-binary "plan v1"
expect 201 cab-editor PUT /CAB/crise/fiche.txt --data-binary "fiche partagée"
expect 201 cab-editor PUT /CAB/crise/budget-confidentiel.txt --data-binary "budget"
expect 201 cab-editor PUT /CAB/secret/dossier-sensible.txt --data-binary "sensible"
expect 207 cab-editor PROPPATCH /CAB/crise/ --data "$patch_body"
expect 201 ddt-editor PUT /DDT/ddt.txt --data-binary "note DDT"

# Before any share, DDT sees nothing of CAB.
expect 207 ddt-editor PROPFIND / "${propfind[@]}"
body_has "/dav/DDT/"
body_has ! "/dav/CAB/"
expect 404 ddt-editor PROPFIND /CAB/ "${propfind[@]}"
expect 404 ddt-editor PROPFIND /CAB/crise/ "${propfind[@]}"
expect 404 ddt-editor GET /CAB/crise/lecture/note.txt
expect 409 ddt-editor PUT /CAB/crise/lecture/new.txt --data-binary "x"

synaps share /CAB/crise/lecture/ --with DDT >/dev/null
synaps share /CAB/crise/ecriture/ --with DDT --write >/dev/null
synaps share /CAB/crise/fiche.txt --with DDT >/dev/null

# The root lists CAB now; CAB shows only the way down to what was shared.
expect 207 ddt-editor PROPFIND / "${propfind[@]}"
body_has "/dav/DDT/"
body_has "/dav/CAB/"
expect 207 ddt-editor PROPFIND /CAB/ "${propfind[@]}"
body_has "/dav/CAB/crise/"
body_has ! "secret"
expect 207 ddt-editor PROPFIND /CAB/crise/ "${propfind[@]}"
body_has "/dav/CAB/crise/lecture/"
body_has "/dav/CAB/crise/ecriture/"
body_has "/dav/CAB/crise/fiche.txt"
body_has ! "budget"
body_has ! "marque-privee"  # CAB's properties on the folder are CAB's
expect 207 ddt-editor PROPFIND /CAB/crise/ -H "Depth: 0" -H "Content-Type: application/xml" \
  --data '<D:propfind xmlns:D="DAV:"><D:allprop/></D:propfind>'
body_has "<D:collection/>"
body_has ! "marque-privee"
body_has ! "lockdiscovery"
expect 200 ddt-editor GET /CAB/crise/
body_has "lecture/"
body_has "fiche.txt"
body_has ! "budget"
expect 207 ddt-editor PROPFIND /CAB/crise/lecture/ "${propfind[@]}"
body_has "/dav/CAB/crise/lecture/note.txt"
body_has "/dav/CAB/crise/lecture/annexes/"
expect 200 ddt-editor GET /CAB/crise/lecture/note.txt
body_has "note partagée en lecture"
expect 200 ddt-editor GET /CAB/crise/lecture/annexes/a.txt
expect 200 ddt-editor GET /CAB/crise/fiche.txt

# What was not shared is missing, with the words a missing thing gets.
expect 404 ddt-editor GET /CAB/crise/budget-confidentiel.txt
hidden_message=$(cat "$DAV_WORK/body")
expect 404 ddt-editor GET /CAB/crise/nothing-here.txt
[[ $(cat "$DAV_WORK/body") == "${hidden_message/budget-confidentiel.txt/nothing-here.txt}" ]] ||
  { echo "FAIL: a hidden and a missing document answer differently"; failures=$((failures + 1)); }
expect 404 ddt-editor PROPFIND /CAB/crise/budget-confidentiel.txt -H "Depth: 0"
expect 404 ddt-editor PROPFIND /CAB/secret/ "${propfind[@]}"
expect 404 ddt-editor GET /CAB/secret/dossier-sensible.txt
expect 404 ddt-editor COPY /CAB/secret/dossier-sensible.txt -H "Destination: $DAV_URL/DDT/vole.txt"

# The folders on the way down are read-only, and so is every name in them.
expect 403 ddt-editor PUT /CAB/crise/new.txt --data-binary "x"
body_has ! "budget"
expect 403 ddt-editor PUT /CAB/crise/budget-confidentiel.txt --data-binary "overwritten"
body_has ! "budget"
expect 403 ddt-editor MKCOL /CAB/crise/planted/
expect 403 ddt-editor MKCOL /CAB/planted/
expect 403 ddt-editor DELETE /CAB/crise/
expect 403 ddt-editor DELETE /CAB/crise/budget-confidentiel.txt
expect 403 ddt-editor PROPPATCH /CAB/crise/ --data "$patch_body"
expect 403 ddt-editor LOCK /CAB/crise/ --data "$lock_body"
expect 403 ddt-editor LOCK /CAB/crise/placeholder.txt --data "$lock_body"
expect 403 ddt-editor MOVE /CAB/crise/ -H "Destination: $DAV_URL/DDT/crise/"
expect 403 ddt-editor COPY /CAB/crise/ -H "Destination: $DAV_URL/DDT/crise/"
expect 403 ddt-editor MOVE /DDT/ddt.txt -H "Destination: $DAV_URL/CAB/crise/ddt.txt"
expect 403 ddt-editor COPY /DDT/ddt.txt -H "Destination: $DAV_URL/CAB/ddt.txt"
expect 403 ddt-editor MOVE /CAB/crise/fiche.txt -H "Destination: $DAV_URL/CAB/crise/renamed.txt"

# A read-only share refuses every write.
for path in /CAB/crise/lecture/note.txt /CAB/crise/fiche.txt; do
  expect 403 ddt-editor PUT "$path" --data-binary "overwritten"
  expect 403 ddt-editor DELETE "$path"
  expect 403 ddt-editor PROPPATCH "$path" --data "$patch_body"
  expect 403 ddt-editor LOCK "$path" --data "$lock_body"
done
expect 403 ddt-editor MOVE /CAB/crise/lecture/note.txt -H "Destination: $DAV_URL/CAB/crise/lecture/n.txt"
expect 403 ddt-editor MOVE /CAB/crise/lecture/note.txt -H "Destination: $DAV_URL/DDT/n.txt"
expect 403 ddt-editor PUT /CAB/crise/lecture/new.txt --data-binary "new"
expect 403 ddt-editor MKCOL /CAB/crise/lecture/sub/
expect 403 ddt-editor DELETE /CAB/crise/lecture/
expect 200 ddt-editor GET /CAB/crise/lecture/note.txt
body_has "note partagée en lecture"

# A read-write share takes writes.
expect 204 ddt-editor PUT /CAB/crise/ecriture/plan.txt --data-binary "plan v2 par la DDT"
expect 201 ddt-editor PUT /CAB/crise/ecriture/avis-ddt.txt --data-binary "avis"
expect 201 ddt-editor MKCOL /CAB/crise/ecriture/sous-dossier/
expect 201 ddt-editor MOVE /CAB/crise/ecriture/avis-ddt.txt \
  -H "Destination: $DAV_URL/CAB/crise/ecriture/sous-dossier/avis.txt"
expect 207 ddt-editor PROPPATCH /CAB/crise/ecriture/plan.txt --data "$patch_body"
expect 200 ddt-editor LOCK /CAB/crise/ecriture/plan.txt --data "$lock_body"
token=$(grep -o 'opaquelocktoken:[^<]*' "$DAV_WORK/body" | head -n 1)
expect 204 ddt-editor UNLOCK /CAB/crise/ecriture/plan.txt -H "Lock-Token: <$token>"
expect 204 ddt-editor DELETE /CAB/crise/ecriture/sous-dossier/avis.txt
expect 200 cab-editor GET /CAB/crise/ecriture/plan.txt
body_has "plan v2 par la DDT"

# Unshared, CAB is gone again.
for id in $(synaps shares /CAB/crise/lecture/ | cut -f1) $(synaps shares /CAB/crise/ecriture/ | cut -f1) \
  $(synaps shares /CAB/crise/fiche.txt | cut -f1); do
  synaps unshare "$id" >/dev/null
done
expect 207 ddt-editor PROPFIND / "${propfind[@]}"
body_has ! "/dav/CAB/"
expect 404 ddt-editor PROPFIND /CAB/crise/ "${propfind[@]}"
expect 404 ddt-editor GET /CAB/crise/lecture/note.txt
expect 409 ddt-editor PUT /CAB/crise/new.txt --data-binary "x"

finish "WebDAV shares"
