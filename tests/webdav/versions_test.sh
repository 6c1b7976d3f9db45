#!/usr/bin/env bash
# The read-only tree of past versions, /dav/.versions/SERVICE/folder/DOCUMENT/vN.ext: PROPFIND
# lists each version with its size, date and entity tag; GET sends that version's bytes and is
# audited as a read of it; every write there answers 403; another service sees only what was
# shared with it.
#   usage: versions_test.sh BIN_DIR
BIN_DIR=$1
source "$(dirname "$0")/dav_server.sh"
source "$(dirname "$0")/dav_expect.sh"
propfind=(-H "Depth: 1" -H "Content-Type: application/xml")
lock_body='<?xml version="1.0"?><D:lockinfo xmlns:D="DAV:"><D:lockscope><D:exclusive/></D:lockscope><D:locktype><D:write/></D:locktype><D:owner>test</D:owner></D:lockinfo>'
history=/.versions/CAB/crise/rapport.odt

expect 201 cab-editor MKCOL /CAB/crise/
expect 201 cab-editor PUT /CAB/crise/rapport.odt --data-binary "premier jet"
expect 204 cab-editor PUT /CAB/crise/rapport.odt --data-binary "deuxième version, plus longue"
expect 204 cab-editor PUT /CAB/crise/rapport.odt --data-binary "v3"
current_etag=$(grep -i '^etag:' "$DAV_WORK/headers" | tr -d '\r' | cut -d' ' -f2)
expect 201 cab-editor PUT /CAB/crise/LISEZMOI --data-binary "sans extension"

# The root shows the tree; the tree mirrors the services and folders.
expect 207 cab-reader PROPFIND / "${propfind[@]}"
body_has "/dav/.versions/"
expect 207 cab-reader PROPFIND /.versions/ "${propfind[@]}"
body_has "/dav/.versions/CAB/"
expect 207 cab-reader PROPFIND /.versions/CAB/crise/ "${propfind[@]}"
body_has "<D:href>/dav/.versions/CAB/crise/rapport.odt/</D:href>"
body_has "<D:href>/dav/.versions/CAB/crise/LISEZMOI/</D:href>"

# A document's versions, each with its size, date and entity tag.
expect 207 cab-reader PROPFIND "$history/" "${propfind[@]}"
body_has "<D:href>/dav/.versions/CAB/crise/rapport.odt/v1.odt</D:href>"
body_has "<D:href>/dav/.versions/CAB/crise/rapport.odt/v2.odt</D:href>"
body_has "<D:href>/dav/.versions/CAB/crise/rapport.odt/v3.odt</D:href>"
body_has "<D:getcontentlength>11</D:getcontentlength>"
body_has "<D:getcontentlength>30</D:getcontentlength>"
body_has "<D:getlastmodified>[A-Z][a-z][a-z], [0-9][0-9] "
etag_xml=$(sed 's/"/\&quot;/g' <<<"$current_etag")
body_has "<D:getetag>$etag_xml</D:getetag>"  # the last version's is the document's
body_has ! "lockdiscovery"
[[ $(grep -o '<D:getetag>' "$DAV_WORK/body" | wc -l) == 3 ]] ||
  { echo "FAIL: not three entity tags"; failures=$((failures + 1)); }
expect 207 cab-reader PROPFIND /.versions/CAB/crise/LISEZMOI/ "${propfind[@]}"
body_has "<D:href>/dav/.versions/CAB/crise/LISEZMOI/v1</D:href>"

# GET sends that version, and is audited as a read of it.
expect 200 cab-reader GET "$history/v1.odt"
body_has "premier jet"
expect 200 cab-reader GET "$history/v2.odt"
body_has "deuxième version"
expect 200 cab-reader GET /.versions/CAB/crise/LISEZMOI/v1
expect 404 cab-reader GET "$history/v4.odt"
expect 404 cab-reader GET "$history/v1.txt"
expect 404 cab-reader GET "$history/v01.odt"
# The server writes reads to the log together, within a fraction of a second: another process
# (this CLI) sees them then.
read_audited() {
  for _ in $(seq 50); do
    synaps audit /CAB/crise/rapport.odt | grep -qP "\tcab-reader\tdocument\.read\tv1 webdav$" && return 0
    sleep 0.1
  done
  return 1
}
read_audited ||
  { echo "FAIL: the read of version 1 is not in the audit log"; synaps audit /CAB/crise/rapport.odt; failures=$((failures + 1)); }
expect 200 cab-reader GET "$history/"
body_has "v2.odt"

# Every write there answers 403, whatever is or is not there, even for the document's editor.
expect 403 cab-editor PUT "$history/v1.odt" --data-binary "rewritten history"
expect 403 cab-editor PUT "$history/v9.odt" --data-binary "invented history"
expect 403 cab-editor PUT /.versions/CAB/crise/new.txt --data-binary "x"
expect 403 cab-editor DELETE "$history/v1.odt"
expect 403 cab-editor DELETE "$history/"
expect 403 cab-editor MKCOL /.versions/CAB/crise/sub/
expect 403 cab-editor PROPPATCH "$history/v1.odt" --data '<D:propertyupdate xmlns:D="DAV:"><D:set><D:prop><x xmlns="urn:x">1</x></D:prop></D:set></D:propertyupdate>'
expect 403 cab-editor LOCK "$history/v1.odt" --data "$lock_body"
expect 403 cab-editor UNLOCK "$history/v1.odt" -H "Lock-Token: <opaquelocktoken:x>"
expect 403 cab-editor MOVE "$history/v1.odt" -H "Destination: $DAV_URL/CAB/crise/restored.odt"
expect 403 cab-editor COPY "$history/v1.odt" -H "Destination: $DAV_URL/CAB/crise/restored.odt"
expect 403 cab-editor COPY /CAB/crise/rapport.odt -H "Destination: $DAV_URL$history/v4.odt"
expect 403 cab-editor MOVE /CAB/crise/LISEZMOI -H "Destination: $DAV_URL/.versions/CAB/crise/x"
expect 200 cab-reader GET "$history/v1.odt"
body_has "premier jet"
versions=$(synaps versions /CAB/crise/rapport.odt | wc -l)
[[ $versions == 3 ]] || { echo "FAIL: $versions versions, expected 3"; failures=$((failures + 1)); }

# Another service sees none of it.
expect 207 ddt-editor PROPFIND /.versions/ "${propfind[@]}"
body_has ! "/dav/.versions/CAB/"
expect 404 ddt-editor PROPFIND "$history/" "${propfind[@]}"
expect 404 ddt-editor GET "$history/v1.odt"
body_has ! "premier"
expect 403 ddt-editor PUT "$history/v1.odt" --data-binary "x"

# Shared with DDT, the document's past versions are DDT's to read too, and only its.
synaps share /CAB/crise/rapport.odt --with DDT >/dev/null
expect 207 ddt-editor PROPFIND /.versions/CAB/crise/ "${propfind[@]}"
body_has "/dav/.versions/CAB/crise/rapport.odt/"
body_has ! "LISEZMOI"
expect 200 ddt-editor GET "$history/v1.odt"
body_has "premier jet"
expect 404 ddt-editor GET /.versions/CAB/crise/LISEZMOI/v1
expect 403 ddt-editor DELETE "$history/v1.odt"

finish "WebDAV past versions"
