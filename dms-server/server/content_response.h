// Content responses: the answer to a GET or HEAD of stored bytes — a document's content or one of
// its versions, a static file of the portal, later a WebDAV resource — with conditional GET
// (If-None-Match, If-Modified-Since → 304), one byte range (Range, If-Range → 206, 416), and a
// body read from a file descriptor in bounded memory, whatever its size: up to 64 KiB sent with
// the headers in one write, larger ones streamed.
//
// The caller describes the representation (ContentEntity) and how to open its bytes; this
// decides the status from the request's headers, sets the headers and sends. It knows nothing
// of permissions: the caller has decided the request may read the entity before calling.
//
// Thread-safety: no state; each call works on its own request. The body is opened only when
// one will be sent (a GET answered 200 or 206), never for HEAD, 304 or 416, so a read that
// must be recorded is recorded only when bytes leave.
#pragma once

#include <Poco/Net/HTTPRequest.h>

#include <cstdint>
#include <functional>
#include <string>

#include "dms-server/server/http_exchange.h"
#include "dms-server/store/file_util.h"

namespace synaps::server {

// What is being served.
struct ContentEntity {
  int64_t size = 0;                 // bytes
  std::string etag;                 // a strong validator, quoted: "\"e3b0c4...\""
  int64_t last_modified_ms = 0;     // Unix milliseconds, sent to the second
  std::string content_type;         // e.g. "text/plain; charset=utf-8"
  std::string cache_control;        // e.g. "private, no-cache"
  std::string content_disposition;  // sent with a body when not empty
};

// Opens the entity's bytes for reading (offsets from 0 to size). Called at most once, before
// any header is sent: it may throw HttpError, and the request then fails with that error.
using ContentOpener = std::function<store::UniqueFd()>;

// What a request for `entity` gets, decided from its headers alone.
struct ContentPlan {
  int status = 200;   // 200, 206 (first/length name the range), 304 or 416
  int64_t first = 0;  // the bytes to send: [first, first + length)
  int64_t length = 0;
};

// If-None-Match (weak comparison; "*" matches) when present, else If-Modified-Since equal to
// the Last-Modified date: 304. Then one "bytes=a-b", "bytes=a-" or "bytes=-n" Range, honoured
// unless If-Range names another ETag: 206, or 416 when it starts beyond the end. A Range that
// is malformed or asks for several ranges is ignored: 200 with everything.
ContentPlan PlanContent(const Poco::Net::HTTPRequest& request, const ContentEntity& entity);

// Answers x's GET or HEAD with `entity` as PlanContent decides: ETag, Last-Modified,
// Accept-Ranges, Cache-Control and X-Content-Type-Options: nosniff on every answer; then 304
// empty, or 416 (thrown as HttpError, with Content-Range: bytes */size), or the headers and,
// for a GET, the bytes from `open`. Errors: `open`'s, before any header is sent. Once the
// headers are sent a failure cannot be reported: a client that goes away or stops reading, or
// a file that shrank, ends the body early, and the connection is shut (x.bytes tells what was
// sent).
void SendContent(Exchange& x, const ContentEntity& entity, const ContentOpener& open);

// `ms` (Unix milliseconds) as an HTTP date (RFC 7231), e.g. "Sun, 06 Nov 1994 08:49:37 GMT".
std::string HttpDate(int64_t ms);

}  // namespace synaps::server
