#include "dms-server/server/lingering_close.h"

#include <Poco/Exception.h>
#include <Poco/Timespan.h>

#include <array>

namespace synaps::server {

void LingerBeforeClose(Poco::Net::StreamSocket& socket, const LingerLimits& limits) {
  try {
    socket.shutdownSend();
    const auto deadline = std::chrono::steady_clock::now() + limits.most_time;
    std::array<char, 64 * 1024> discarded;
    std::int64_t read = 0;
    while (read < limits.most_bytes) {
      const auto left = std::chrono::duration_cast<std::chrono::microseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) break;
      if (!socket.poll(Poco::Timespan(left.count()), Poco::Net::Socket::SELECT_READ)) break;
      const int n = socket.receiveBytes(discarded.data(), static_cast<int>(discarded.size()));
      if (n <= 0) break;  // the client closed its side: a normal close follows
      read += n;
    }
  } catch (const Poco::Exception&) {
    // The client reset or the socket is gone: there is nothing left to protect.
  } catch (const std::exception&) {
  }
}

}  // namespace synaps::server
