#include "dms-server/server/quick_poll_socket.h"

#include <Poco/Net/NetException.h>
#include <Poco/Net/ServerSocketImpl.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocketImpl.h>
#include <Poco/Timestamp.h>
#include <poll.h>
#include <sys/socket.h>

#include <cerrno>

namespace synaps::server {
namespace {

// Waits as Poco's SocketImpl::poll does (`mode`: SELECT_READ, SELECT_WRITE, SELECT_ERROR), an
// interruption by a signal waiting again for the time left. Returns 1 if the socket is ready,
// 0 if the time ran out, or minus the error of poll(2).
int PollOne(poco_socket_t fd, const Poco::Timespan& timeout, int mode) {
  pollfd request{fd, 0, 0};
  if (mode & Poco::Net::Socket::SELECT_READ) request.events |= POLLIN;
  if (mode & Poco::Net::Socket::SELECT_WRITE) request.events |= POLLOUT;
  if (mode & Poco::Net::Socket::SELECT_ERROR) request.events |= POLLPRI;
  Poco::Timespan remaining = timeout;
  for (;;) {
    Poco::Timestamp start;
    const int ready = ::poll(&request, 1, static_cast<int>(remaining.totalMilliseconds()));
    if (ready >= 0) return ready > 0 ? 1 : 0;
    if (errno != EINTR) return -errno;
    const Poco::Timespan waited(Poco::Timestamp() - start);
    remaining = waited < remaining ? remaining - waited : Poco::Timespan(0);
  }
}

// Poco's socket implementation `Base` waiting with PollOne. (SocketImpl::error, which throws
// Poco's exception for an error code, is only its subclasses' to call.)
template <typename Base>
class WithQuickPoll : public Base {
 public:
  using Base::Base;
  bool poll(const Poco::Timespan& timeout, int mode) override {
    if (this->sockfd() == POCO_INVALID_SOCKET) throw Poco::Net::InvalidSocketException();
    const int ready = PollOne(this->sockfd(), timeout, mode);
    if (ready < 0) Base::error(-ready);
    return ready > 0;
  }
};

using QuickPollStreamSocketImpl = WithQuickPoll<Poco::Net::StreamSocketImpl>;

class QuickPollServerSocketImpl : public WithQuickPoll<Poco::Net::ServerSocketImpl> {
 public:
  // As Poco's SocketImpl::acceptConnection, with the connection's socket made here (and not
  // inherited by the programs the server starts).
  Poco::Net::SocketImpl* acceptConnection(Poco::Net::SocketAddress& client) override {
    if (sockfd() == POCO_INVALID_SOCKET) throw Poco::Net::InvalidSocketException();
    sockaddr_storage address{};
    socklen_t length;
    int fd;
    do {
      length = sizeof address;
      fd = ::accept4(sockfd(), reinterpret_cast<sockaddr*>(&address), &length, SOCK_CLOEXEC);
    } while (fd < 0 && errno == EINTR);
    if (fd < 0) error(errno);
    client = Poco::Net::SocketAddress(reinterpret_cast<const sockaddr*>(&address), length);
    return new QuickPollStreamSocketImpl(fd);
  }
};

// ServerSocket's constructor from an implementation is protected.
class QuickPollServerSocketHandle : public Poco::Net::ServerSocket {
 public:
  QuickPollServerSocketHandle() : ServerSocket(new QuickPollServerSocketImpl, true) {}
};

}  // namespace

Poco::Net::ServerSocket QuickPollServerSocket() {
  return QuickPollServerSocketHandle();
}

bool WaitsWithPoll(const Poco::Net::Socket& socket) {
  return dynamic_cast<const QuickPollStreamSocketImpl*>(socket.impl()) != nullptr ||
         dynamic_cast<const QuickPollServerSocketImpl*>(socket.impl()) != nullptr;
}

}  // namespace synaps::server
