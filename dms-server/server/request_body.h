// Reading a request's body, and what reading it means for the connection.
//
// Until a request's body is read to its end, its answer closes the connection: unread body bytes
// must never be taken for the next request. Whatever reads a body (ReadSmallBody, the upload
// streams) calls BodyRead() once it has it whole, before acting on it. Errors are HttpErrors
// (status_response.h). Each call works on its own request: safe from every request thread.
#pragma once

#include <Poco/JSON/Object.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "dms-server/server/http_exchange.h"

namespace synaps::server {

// Buffer size for streaming request bodies into blobs.
constexpr size_t kStreamChunk = 64 * 1024;

// Records that the request's body was read to its end: the connection may serve another
// request after this one (if the client wants it), and the body's pace is no longer watched.
// Throws 408 when the body was cut for coming too slowly (header_deadline.h).
void BodyRead(Exchange& x);

// Reads a small request body (JSON) into memory: 413 above `max` bytes (at once, from the
// Content-Length, without reading it), 400 when it ends early, "" when the request announces
// no body. A request without credentials (a login) reads its body only while one of the
// server's few places for such bodies is free (options.unauthenticated_bodies), else 503 at
// once: slow senders without an account cannot hold many request threads.
std::string ReadSmallBody(Exchange& x, int64_t max);

// The request body as a JSON object (at most options.max_json_bytes), else 400 malformed_json
// (or ReadSmallBody's errors).
Poco::JSON::Object::Ptr ReadJsonObject(Exchange& x);

}  // namespace synaps::server
