// The close of a connection whose request body was not read: the answer first, then the rest of
// the body read and thrown away for a short while, then the close (RFC 9112, section 9.6).
//
// Why: a refusal (401, 403, 413...) is sent as soon as it is known, before the body is read.
// Closing a TCP socket with unread bytes in its receive queue makes the kernel send a reset
// instead of a normal close, and a client still sending its body then loses the answer that was
// already on its way: an upload without credentials would see "connection reset" instead of
// 401. Shutting down the sending side first tells the client the answer is complete; reading
// what still comes lets the close be a normal one.
//
// Thread-safe for distinct sockets; called by the thread that serves the connection.
#pragma once

#include <Poco/Net/StreamSocket.h>

#include <chrono>
#include <cstdint>

namespace synaps::server {

// How long, and how much, a refused body is read before the connection is closed regardless: a
// client that keeps sending past these gets its reset, and a server thread is never held long.
struct LingerLimits {
  std::chrono::milliseconds most_time{2000};
  std::int64_t most_bytes = 16 * 1024 * 1024;
};

// Shuts down the sending side of `socket` (the answer must have been written to it), then reads
// and discards what the client still sends until it closes its side, `limits` is reached, or an
// error. Never throws. The caller closes the socket afterwards, as usual.
void LingerBeforeClose(Poco::Net::StreamSocket& socket, const LingerLimits& limits = {});

}  // namespace synaps::server
