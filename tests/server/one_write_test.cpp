// Small answers leave in one write: the status line, the headers and the body together, so the
// client wakes once for them. Counted by the client's kernel (TCP_INFO: data segments received);
// on loopback each write of a small answer is one segment.
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <string>

#include "tests/server/raw_http.h"
#include "tests/server/server_fixture.h"
#include "tests/support/tcp_segments.h"

using synaps::testing::BasicAuthorization;
using synaps::testing::DataSegmentsReceived;
using synaps::testing::kCabEditor;
using synaps::testing::ServerProcess;
using synaps::testing::Upload;

namespace {

struct Answer {
  std::string bytes;          // everything the server sent
  int64_t data_segments = 0;  // in how many segments
};

// Sends `method target` as cab_editor on a new connection that closes after the answer, and
// reads the answer to its end.
Answer Ask(const ServerProcess& server, const std::string& method, const std::string& target) {
  Poco::Net::StreamSocket socket(Poco::Net::SocketAddress("127.0.0.1", server.port()));
  socket.setReceiveTimeout(Poco::Timespan(10, 0));
  const std::string request = method + " " + target + " HTTP/1.1\r\nHost: x\r\n" +
                              BasicAuthorization(kCabEditor) + "\r\nConnection: close\r\n\r\n";
  socket.sendBytes(request.data(), static_cast<int>(request.size()));
  Answer answer;
  char buffer[65536];
  for (int n; (n = socket.receiveBytes(buffer, sizeof buffer)) > 0;) answer.bytes.append(buffer, n);
  answer.data_segments = DataSegmentsReceived(socket.impl()->sockfd());
  return answer;
}

// Whether a small answer fits in one segment on loopback: its MTU is 64 KiB on Linux, but a
// machine may set it lower, and then one write is several segments.
bool LoopbackHoldsSmallAnswers() {
  std::ifstream mtu_file("/sys/class/net/lo/mtu");
  int mtu = 0;
  return (mtu_file >> mtu) && mtu >= 16384;
}

bool EndsWith(const std::string& text, const std::string& end) {
  return text.size() >= end.size() && text.compare(text.size() - end.size(), end.size(), end) == 0;
}

}  // namespace

TEST_CASE("a small answer leaves with its headers in one write and a large one streams",
          "[server][content]") {
  ServerProcess server;
  const std::string small_content(2000, 's');
  const std::string large_content(600 * 1024, 'l');
  const int64_t small = Upload(server, kCabEditor, "/CAB/petit.txt", small_content);
  const int64_t large = Upload(server, kCabEditor, "/CAB/grand.bin", large_content);
  REQUIRE(Ask(server, "GET", "/healthz").data_segments >= 0);  // the kernel counts them
  const bool whole = LoopbackHoldsSmallAnswers();
  if (!whole) WARN("loopback's MTU is below 16 KiB: small answers' segments are not counted");

  SECTION("a document's content, through the API and WebDAV") {
    for (const std::string& target : {"/api/v1/documents/" + std::to_string(small) + "/content",
                                      std::string("/dav/CAB/petit.txt")}) {
      INFO(target);
      Answer answer = Ask(server, "GET", target);
      CHECK(answer.bytes.rfind("HTTP/1.1 200", 0) == 0);
      CHECK(EndsWith(answer.bytes, "\r\n\r\n" + small_content));
      CHECK((!whole || answer.data_segments == 1));
    }
  }
  SECTION("a JSON answer, and the headers alone for HEAD") {
    Answer me = Ask(server, "GET", "/api/v1/me");
    CHECK(me.bytes.rfind("HTTP/1.1 200", 0) == 0);
    CHECK(EndsWith(me.bytes, "}"));
    CHECK((!whole || me.data_segments == 1));
    Answer head = Ask(server, "HEAD", "/api/v1/documents/" + std::to_string(small) + "/content");
    CHECK(head.bytes.rfind("HTTP/1.1 200", 0) == 0);
    CHECK(EndsWith(head.bytes, "\r\n\r\n"));
    CHECK(head.bytes.find("Content-Length: 2000\r\n") != std::string::npos);
    CHECK((!whole || head.data_segments == 1));
  }
  SECTION("a large content streams, whole") {
    Answer answer = Ask(server, "GET", "/api/v1/documents/" + std::to_string(large) + "/content");
    CHECK(answer.bytes.rfind("HTTP/1.1 200", 0) == 0);
    CHECK(EndsWith(answer.bytes, "\r\n\r\n" + large_content));
    CHECK(answer.data_segments > 1);
  }
}
