// Raw HTTP over a socket, for the tests of request framing and slow clients: what a careless
// proxy or an attacker sends, byte for byte, and everything the server answers on that one
// connection.
#pragma once

#include <Poco/Net/HTTPBasicCredentials.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/StreamSocket.h>

#include <cctype>
#include <chrono>
#include <string>

#include "tests/server/server_fixture.h"

namespace synaps::testing {

// "Authorization: Basic ..." for `as`, without the line end.
inline std::string BasicAuthorization(const Credentials& as) {
  Poco::Net::HTTPRequest request;
  Poco::Net::HTTPBasicCredentials(as.login, as.password).authenticate(request);
  return "Authorization: " + request.get("Authorization");
}

// What the server said on one connection, and whether it closed it.
struct Conversation {
  std::string answer;
  bool closed = false;  // the server closed the connection (rather than keeping it open)
  // How many answers came (status lines: "HTTP/1.x NNN ").
  int Answers() const {
    int n = 0;
    for (size_t at = answer.find("HTTP/1."); at != std::string::npos;
         at = answer.find("HTTP/1.", at + 1)) {
      if (at + 13 <= answer.size() && answer[at + 8] == ' ' && std::isdigit(answer[at + 9]) &&
          std::isdigit(answer[at + 10]) && std::isdigit(answer[at + 11]) &&
          answer[at + 12] == ' ') {
        ++n;
      }
    }
    return n;
  }
  bool StartsWith(const std::string& status_line) const {
    return answer.rfind(status_line, 0) == 0;
  }
};

// Sends `bytes` on a new connection (without closing the sending side: the server must not see
// the end of the stream) and collects everything answered until the server closes the
// connection or stays silent for `quiet`.
inline Conversation Converse(const ServerProcess& server, const std::string& bytes,
                             std::chrono::milliseconds quiet = std::chrono::milliseconds(1500)) {
  Poco::Net::StreamSocket socket(Poco::Net::SocketAddress("127.0.0.1", server.port()));
  try {
    socket.sendBytes(bytes.data(), static_cast<int>(bytes.size()));
  } catch (const Poco::Exception&) {
    // the server may close before reading everything: its answer is what matters
  }
  Conversation result;
  char buffer[4096];
  try {
    while (socket.poll(Poco::Timespan(quiet.count() * 1000), Poco::Net::Socket::SELECT_READ)) {
      const int n = socket.receiveBytes(buffer, sizeof buffer);
      if (n <= 0) {
        result.closed = true;
        break;
      }
      result.answer.append(buffer, static_cast<size_t>(n));
    }
  } catch (const Poco::Exception&) {
    result.closed = true;  // reset: closed too
  }
  return result;
}

}  // namespace synaps::testing
