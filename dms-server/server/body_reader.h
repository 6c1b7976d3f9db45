// BodyReader: reads a request's body of known length in large pieces.
//
// Poco's stream for a body of known length (HTTPFixedLengthInputStream) reads the connection
// 4 KiB at a time, whatever its reader asks: 262,144 system calls for a 1 GiB upload, each
// also sending the client a window update, were a third of the server's time receiving it.
// A BodyReader reads the first bytes through that stream, until the bytes Poco's session had
// buffered with the headers are consumed (at most HTTPBufferAllocator::BUFFER_SIZE: the session
// serves its buffer first and never refills it while a body is read), then straight from the
// connection, as much as the caller's buffer holds. It never reads past the body's end: the
// next request on the connection stays intact for Poco.
//
// A body without a Content-Length (chunked) is read through the stream throughout: only Poco
// knows where its chunks end.
//
// One BodyReader reads one body, on the request's thread: not thread-safe. It holds references
// to the stream and the socket, which must outlive it. Errors: Read() returns false when the
// connection fails (reset, time-out, a TLS error); a body that ends early (the client closed,
// or the pace watch cut it, header_deadline.h) just ends: the caller compares what came with
// what was announced.
#pragma once

#include <Poco/Net/StreamSocket.h>

#include <cstddef>
#include <cstdint>
#include <istream>
#include <optional>

#include "dms-server/server/http_exchange.h"

namespace synaps::server {

class BodyReader {
 public:
  // Reads `in`, the body of a request whose Content-Length is `length` (nullopt: unknown). When
  // `socket` is the request's connection and nothing of `in` was read yet, most of the body
  // comes straight from it; a null `socket`, or a stream already begun, reads `in` alone.
  BodyReader(std::istream& in, std::optional<int64_t> length, Poco::Net::StreamSocket* socket);
  // Reads the body of `x`'s request, not read yet, with its Content-Length if it has one.
  static BodyReader OfRequest(Exchange& x);

  // Reads up to `size` bytes of the body into `buffer` and sets `got` to their number: 0 once
  // the body has ended. False when the connection failed (the body cannot be trusted).
  bool Read(char* buffer, size_t size, size_t& got);

  // The bytes read straight from the connection so far (the rest came through the stream).
  int64_t received_directly() const { return received_directly_; }

 private:
  bool ReadStream(char* buffer, size_t size, size_t& got);

  std::istream& in_;
  std::optional<int64_t> remaining_;  // of the announced length
  Poco::Net::StreamSocket* socket_;   // null: the stream throughout
  int64_t through_stream_ = 0;
  int64_t received_directly_ = 0;
};

}  // namespace synaps::server
