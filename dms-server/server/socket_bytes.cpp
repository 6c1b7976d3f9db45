#include "dms-server/server/socket_bytes.h"

// <linux/tcp.h>, not <netinet/tcp.h>: only the kernel's struct has tcpi_bytes_received. Its own
// file, as Poco's headers bring in the other one.
#include <linux/tcp.h>
#include <netinet/in.h>
#include <stddef.h>
#include <sys/socket.h>

namespace synaps::server {

int64_t SocketBytesReceived(int fd) {
  struct tcp_info info {};
  socklen_t size = sizeof info;
  if (::getsockopt(fd, IPPROTO_TCP, TCP_INFO, &info, &size) != 0) return -1;
  // Kernels before 4.1 fill a shorter struct that ends before the field.
  if (size < offsetof(struct tcp_info, tcpi_bytes_received) + sizeof info.tcpi_bytes_received) {
    return -1;
  }
  return static_cast<int64_t>(info.tcpi_bytes_received);
}

}  // namespace synaps::server
