// How many TCP segments carrying data a connected socket has received, from the kernel's count
// (TCP_INFO): on loopback, one per write of the sender that fits in one segment, which lets a
// test see whether an answer left in one write or several.
#pragma once

#include <cstdint>

namespace synaps::testing {

// The data segments received on the connected TCP socket `fd` so far, or -1 when the kernel
// does not say (before Linux 4.6).
int64_t DataSegmentsReceived(int fd);

}  // namespace synaps::testing
