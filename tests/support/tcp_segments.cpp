#include "tests/support/tcp_segments.h"

// <linux/tcp.h>, not <netinet/tcp.h>: only the kernel's struct has tcpi_data_segs_in. Its own
// file, as Poco's headers bring in the other one.
#include <linux/tcp.h>
#include <netinet/in.h>
#include <stddef.h>
#include <sys/socket.h>

namespace synaps::testing {

int64_t DataSegmentsReceived(int fd) {
  struct tcp_info info {};
  socklen_t size = sizeof info;
  if (::getsockopt(fd, IPPROTO_TCP, TCP_INFO, &info, &size) != 0) return -1;
  if (size < offsetof(struct tcp_info, tcpi_data_segs_in) + sizeof info.tcpi_data_segs_in) {
    return -1;
  }
  return static_cast<int64_t>(info.tcpi_data_segs_in);
}

}  // namespace synaps::testing
