// How many bytes a TCP connection has received so far, from the kernel's count (TCP_INFO).
// Lets a watcher measure a body's pace without taking part in reading it.
//
// Thread-safe (a read-only query of the socket).
#pragma once

#include <cstdint>

namespace synaps::server {

// The bytes received on the connected TCP socket `fd` since it opened (with TLS: encrypted
// bytes, records and all), or -1 when the kernel does not say.
int64_t SocketBytesReceived(int fd);

}  // namespace synaps::server
