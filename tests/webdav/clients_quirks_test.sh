#!/usr/bin/env bash
# What Windows' Mini-Redirector and macOS Finder do differently, with curl: DOMAIN\user logins,
# UNLOCK with a token without its angle brackets, PROPPATCH of the Win32 properties (kept, the
# modification time honoured), DAV:lastmodified as ownCloud's clients set it, and chunked PUTs
# whose length comes in X-Expected-Entity-Length.
#   usage: clients_quirks_test.sh BIN_DIR
BIN_DIR=$1
source "$(dirname "$0")/dav_server.sh"
source "$(dirname "$0")/dav_expect.sh"
lock_body='<?xml version="1.0"?><D:lockinfo xmlns:D="DAV:"><D:lockscope><D:exclusive/></D:lockscope><D:locktype><D:write/></D:locktype><D:owner>test</D:owner></D:lockinfo>'
allprop=(-H "Depth: 0" --data '<D:propfind xmlns:D="DAV:"><D:allprop/></D:propfind>')
as_windows=(-u 'PREFECTURE\cab-editor:cab-editor-password')

# Windows logs in as DOMAIN\user: the login is the user; a wrong password is still wrong.
expect 201 - MKCOL /CAB/windows/ "${as_windows[@]}"
expect 207 - PROPFIND /CAB/windows/ -H "Depth: 1" "${as_windows[@]}"
expect 401 - PROPFIND /CAB/ -H "Depth: 0" -u 'PREFECTURE\cab-editor:wrong-password'
expect 401 - PROPFIND /CAB/ -H "Depth: 0" -u 'PREFECTURE\:cab-editor-password'
expect 201 - PUT /CAB/windows/rapport.docx --data-binary "rapport" "${as_windows[@]}"
synaps versions /CAB/windows/rapport.docx | grep -q "cab-editor" ||
  { echo "FAIL: the version is not cab-editor's"; failures=$((failures + 1)); }

# UNLOCK with the token as Windows sends it, without its angle brackets.
expect 200 cab-editor LOCK /CAB/windows/rapport.docx --data "$lock_body"
token=$(grep -o 'opaquelocktoken:[^<]*' "$DAV_WORK/body" | head -n 1)
expect 423 cab-manager PUT /CAB/windows/rapport.docx --data-binary "not while locked"
expect 204 cab-editor UNLOCK /CAB/windows/rapport.docx -H "Lock-Token: $token"
expect 204 cab-manager PUT /CAB/windows/rapport.docx --data-binary "once unlocked"

# Windows sets its Win32 properties after a save: all kept, the modification time honoured.
win32='<?xml version="1.0" encoding="utf-8" ?><D:propertyupdate xmlns:D="DAV:" xmlns:Z="urn:schemas-microsoft-com:"><D:set><D:prop><Z:Win32CreationTime>Mon, 02 Dec 2024 08:30:00 GMT</Z:Win32CreationTime><Z:Win32LastAccessTime>Thu, 05 Dec 2024 10:00:00 GMT</Z:Win32LastAccessTime><Z:Win32LastModifiedTime>Wed, 04 Dec 2024 17:45:10 GMT</Z:Win32LastModifiedTime><Z:Win32FileAttributes>00000020</Z:Win32FileAttributes></D:prop></D:set></D:propertyupdate>'
expect 207 cab-editor PROPPATCH /CAB/windows/rapport.docx --data "$win32"
body_has "HTTP/1.1 200 OK"
body_has ! "HTTP/1.1 4"
expect 207 cab-reader PROPFIND /CAB/windows/rapport.docx "${allprop[@]}"
body_has "<D:getlastmodified>Wed, 04 Dec 2024 17:45:10 GMT</D:getlastmodified>"
body_has ">00000020</P:Win32FileAttributes>"
body_has ">Mon, 02 Dec 2024 08:30:00 GMT</P:Win32CreationTime>"
[[ $(synaps versions /CAB/windows/rapport.docx | wc -l) == 2 ]] ||
  { echo "FAIL: setting a time made a version"; failures=$((failures + 1)); }
# A time that is not simple is kept as a property and changes nothing else.
expect 207 cab-editor PROPPATCH /CAB/windows/rapport.docx --data '<D:propertyupdate xmlns:D="DAV:" xmlns:Z="urn:schemas-microsoft-com:"><D:set><D:prop><Z:Win32LastModifiedTime>hier soir</Z:Win32LastModifiedTime></D:prop></D:set></D:propertyupdate>'
expect 207 cab-reader PROPFIND /CAB/windows/rapport.docx "${allprop[@]}"
body_has "<D:getlastmodified>Wed, 04 Dec 2024 17:45:10 GMT</D:getlastmodified>"
body_has ">hier soir</P:Win32LastModifiedTime>"
# On a folder the Win32 properties are kept; folders have no modification time of their own.
expect 207 cab-editor PROPPATCH /CAB/windows/ --data "$win32"
body_has ! "HTTP/1.1 4"
# A reader sets none of them.
expect 403 cab-reader PROPPATCH /CAB/windows/rapport.docx --data "$win32"

# DAV:lastmodified in Unix seconds, as ownCloud's clients set it: honoured, all or nothing.
expect 207 cab-editor PROPPATCH /CAB/windows/rapport.docx --data '<D:propertyupdate xmlns:D="DAV:"><D:set><D:prop><D:lastmodified>1500000000</D:lastmodified></D:prop></D:set></D:propertyupdate>'
body_has "HTTP/1.1 200 OK"
expect 207 cab-reader PROPFIND /CAB/windows/rapport.docx "${allprop[@]}"
body_has "<D:getlastmodified>Fri, 14 Jul 2017 02:40:00 GMT</D:getlastmodified>"
body_has ! "lastmodified>1500000000"
expect 207 cab-editor PROPPATCH /CAB/windows/rapport.docx --data '<D:propertyupdate xmlns:D="DAV:"><D:set><D:prop><D:lastmodified>1600000000</D:lastmodified><D:getetag>"x"</D:getetag></D:prop></D:set></D:propertyupdate>'
body_has "HTTP/1.1 403 Forbidden"
body_has "HTTP/1.1 424 Failed Dependency"
expect 207 cab-editor PROPPATCH /CAB/windows/rapport.docx --data '<D:propertyupdate xmlns:D="DAV:"><D:set><D:prop><D:lastmodified>demain</D:lastmodified></D:prop></D:set></D:propertyupdate>'
body_has "HTTP/1.1 403 Forbidden"
expect 207 cab-reader PROPFIND /CAB/windows/rapport.docx "${allprop[@]}"
body_has "<D:getlastmodified>Fri, 14 Jul 2017 02:40:00 GMT</D:getlastmodified>"

# macOS Finder: a chunked PUT, its length in X-Expected-Entity-Length.
head -c 300000 /dev/urandom >"$DAV_WORK/photo.jpg"
expect 201 cab-editor PUT /CAB/windows/photo.jpg -H "Transfer-Encoding: chunked" \
  -H "X-Expected-Entity-Length: 300000" --data-binary @"$DAV_WORK/photo.jpg"
expect 200 cab-reader GET /CAB/windows/photo.jpg
cmp -s "$DAV_WORK/body" "$DAV_WORK/photo.jpg" ||
  { echo "FAIL: the chunked PUT did not store the file"; failures=$((failures + 1)); }
expect 400 cab-editor PUT /CAB/windows/short.jpg -H "Transfer-Encoding: chunked" \
  -H "X-Expected-Entity-Length: 400000" --data-binary @"$DAV_WORK/photo.jpg"
expect 404 cab-reader GET /CAB/windows/short.jpg
expect 400 cab-editor PUT /CAB/windows/bad.jpg -H "Transfer-Encoding: chunked" \
  -H "X-Expected-Entity-Length: beaucoup" --data-binary @"$DAV_WORK/photo.jpg"
expect 201 cab-editor PUT /CAB/windows/chunked.txt -H "Transfer-Encoding: chunked" \
  --data-binary "chunked, no length announced"

finish "Windows and macOS quirks"
