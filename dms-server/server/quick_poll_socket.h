// The server's plain listening socket, whose connections wait for a request with one poll(2).
//
// Why: Poco 1.11 waits for readiness (SocketImpl::poll) by creating an epoll instance, adding the
// socket, waiting and closing the instance: four system calls and a file allocated and freed
// each time. Its HTTP server waits so before every request of a keep-alive connection, and its
// TCP server before every accept: a tenth of the server's time on a small WebDAV GET. The
// sockets made here answer the same question with poll(2) on their one descriptor, with the
// same time-out and error behaviour.
//
// Thread-safety: as Poco's sockets (a socket is used by one thread at a time).
#pragma once

#include <Poco/Net/ServerSocket.h>
#include <Poco/Timespan.h>

namespace synaps::server {

// A new listening socket (not bound yet) that accepts connections as Poco's do, whose sockets,
// and itself, wait with poll(2). Poco::Net::ServerSocket is a handle: copies share the socket.
Poco::Net::ServerSocket QuickPollServerSocket();

// Whether `socket`'s implementation waits with poll(2): true of connections accepted by a
// QuickPollServerSocket. For tests.
bool WaitsWithPoll(const Poco::Net::Socket& socket);

}  // namespace synaps::server
