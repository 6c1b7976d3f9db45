// The listening socket whose connections wait with poll(2): accepted as Poco's are, and waiting
// as they do (ready on data or on the peer's close, not before; the time-out kept).
#include "dms-server/server/quick_poll_socket.h"

#include <Poco/Net/NetException.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>

#include <catch2/catch.hpp>
#include <chrono>

using synaps::server::QuickPollServerSocket;
using synaps::server::WaitsWithPoll;

TEST_CASE("a quick-poll listening socket accepts connections that wait with poll",
          "[server][socket]") {
  Poco::Net::ServerSocket listening = QuickPollServerSocket();
  listening.bind(Poco::Net::SocketAddress("127.0.0.1", 0), true);
  listening.listen(4);
  CHECK(WaitsWithPoll(listening));
  CHECK_FALSE(WaitsWithPoll(Poco::Net::ServerSocket()));

  Poco::Net::StreamSocket client(listening.address());
  REQUIRE(listening.poll(Poco::Timespan(5, 0), Poco::Net::Socket::SELECT_READ));
  Poco::Net::SocketAddress peer;
  Poco::Net::StreamSocket accepted = listening.acceptConnection(peer);
  CHECK(WaitsWithPoll(accepted));
  CHECK(peer == client.address());

  // Nothing sent yet: the wait lasts its time-out.
  auto start = std::chrono::steady_clock::now();
  CHECK_FALSE(accepted.poll(Poco::Timespan(0, 100 * 1000), Poco::Net::Socket::SELECT_READ));
  CHECK(std::chrono::steady_clock::now() - start >= std::chrono::milliseconds(90));
  CHECK(accepted.poll(Poco::Timespan(0, 0), Poco::Net::Socket::SELECT_WRITE));

  client.sendBytes("GET", 3);
  REQUIRE(accepted.poll(Poco::Timespan(5, 0), Poco::Net::Socket::SELECT_READ));
  char buffer[8];
  CHECK(accepted.receiveBytes(buffer, sizeof buffer) == 3);

  // The peer's close is ready to read (an end of stream).
  client.close();
  REQUIRE(accepted.poll(Poco::Timespan(5, 0), Poco::Net::Socket::SELECT_READ));
  CHECK(accepted.receiveBytes(buffer, sizeof buffer) == 0);
}

TEST_CASE("a closed quick-poll socket refuses to wait as Poco's does", "[server][socket]") {
  Poco::Net::ServerSocket listening = QuickPollServerSocket();
  listening.bind(Poco::Net::SocketAddress("127.0.0.1", 0), true);
  listening.listen(4);
  listening.close();
  CHECK_THROWS_AS(listening.poll(Poco::Timespan(0, 1000), Poco::Net::Socket::SELECT_READ),
                  Poco::Net::InvalidSocketException);
}
