#include "dms-server/server/body_reader.h"

#include <Poco/Exception.h>
#include <Poco/Net/HTTPBufferAllocator.h>

#include <algorithm>
#include <climits>

namespace synaps::server {

namespace {

// The most a Poco session buffers past a request's headers: the body's first bytes may be
// there, and only the stream can take them out.
constexpr int64_t kSessionBuffer = Poco::Net::HTTPBufferAllocator::BUFFER_SIZE;

}  // namespace

BodyReader::BodyReader(std::istream& in, std::optional<int64_t> length,
                       Poco::Net::StreamSocket* socket)
    : in_(in), remaining_(length), socket_(socket) {
  // Without a length only the stream knows where the body ends; a stream that holds bytes
  // was read before, and the session's buffer may be gone into it.
  if (!remaining_ || in_.rdbuf()->in_avail() != 0) socket_ = nullptr;
}

BodyReader BodyReader::OfRequest(Exchange& x) {
  std::optional<int64_t> length;
  if (x.request.hasContentLength()) length = x.request.getContentLength64();
  return BodyReader(x.request.stream(), length, &x.socket());
}

bool BodyReader::Read(char* buffer, size_t size, size_t& got) {
  got = 0;
  if (remaining_) size = static_cast<size_t>(std::min<int64_t>(*remaining_, size));
  if (size == 0) return true;
  bool ok = true;
  if (socket_ == nullptr) {
    ok = ReadStream(buffer, size, got);
  } else if (through_stream_ < kSessionBuffer) {
    // The session's buffer first: once this much came through the stream, it is empty.
    ok = ReadStream(buffer, std::min<size_t>(size, kSessionBuffer - through_stream_), got);
  } else if (std::streamsize held = in_.rdbuf()->in_avail(); held > 0) {
    // What the stream's own buffer took beyond that, without reading the connection again.
    ok = ReadStream(buffer, std::min<size_t>(size, static_cast<size_t>(held)), got);
  } else {
    try {
      int n = socket_->receiveBytes(buffer, static_cast<int>(std::min<size_t>(size, INT_MAX)));
      got = n > 0 ? static_cast<size_t>(n) : 0;
    } catch (const Poco::Exception&) {
      ok = false;
    }
    received_directly_ += static_cast<int64_t>(got);
  }
  if (remaining_) *remaining_ -= static_cast<int64_t>(got);
  return ok;
}

bool BodyReader::ReadStream(char* buffer, size_t size, size_t& got) {
  in_.read(buffer, static_cast<std::streamsize>(size));
  got = static_cast<size_t>(in_.gcount());
  through_stream_ += static_cast<int64_t>(got);
  return !in_.bad();
}

}  // namespace synaps::server
