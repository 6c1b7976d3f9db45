// Reading a request's body in large pieces: the bytes come whole and in order, most of a large
// body straight from the connection, and the request after it on the connection stays intact
// for Poco; a body without a length, or cut short, is read as Poco's stream reads it.
#include "dms-server/server/body_reader.h"

#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/HTTPServerResponseImpl.h>
#include <Poco/Net/HTTPServerSession.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>

#include <catch2/catch.hpp>
#include <optional>
#include <string>
#include <thread>

using synaps::server::BodyReader;

namespace {

// A loopback connection: `client` writes what a test sends, `server` is its accepted end, whose
// reads time out (a read waiting for bytes that never come fails instead of hanging).
struct Connection {
  Connection() { server.setReceiveTimeout(Poco::Timespan(5, 0)); }
  Poco::Net::ServerSocket listening{Poco::Net::SocketAddress("127.0.0.1", 0)};
  Poco::Net::StreamSocket client{listening.address()};
  Poco::Net::StreamSocket server{listening.acceptConnection()};
};

// Sends `bytes` on its own thread (a large body fills the socket's buffers before it is read),
// then shuts the sending side when `then_close`.
std::thread SendAll(Poco::Net::StreamSocket& socket, std::string bytes, bool then_close = false) {
  return std::thread([&socket, bytes = std::move(bytes), then_close] {
    socket.sendBytes(bytes.data(), static_cast<int>(bytes.size()));
    if (then_close) socket.shutdownSend();
  });
}

std::string Pattern(size_t size) {
  std::string bytes(size, '\0');
  for (size_t i = 0; i < size; ++i) bytes[i] = static_cast<char>('a' + (i * 7 + i / 4093) % 26);
  return bytes;
}

// What a BodyReader read of a request's body.
struct ReadBody {
  std::string body;
  bool failed = false;  // a read failed
  int64_t received_directly = 0;
};

// Parses the request that comes next on `session` and reads its body with a BodyReader, in
// `chunk`-byte pieces; with the request's Content-Length unless `without_length`.
ReadBody ReadNextBody(Poco::Net::HTTPServerSession& session,
                      Poco::Net::HTTPServerParams::Ptr params, size_t chunk,
                      bool without_length = false) {
  Poco::Net::HTTPServerResponseImpl response(session);
  Poco::Net::HTTPServerRequestImpl request(response, session, params);
  std::optional<int64_t> length;
  if (!without_length) length = request.getContentLength64();
  BodyReader reader(request.stream(), length, &request.socket());
  ReadBody read;
  std::string buffer(chunk, '\0');
  size_t got = 0;
  while (true) {
    if (!reader.Read(buffer.data(), buffer.size(), got)) {
      read.failed = true;
      break;
    }
    if (got == 0) break;
    read.body.append(buffer.data(), got);
  }
  read.received_directly = reader.received_directly();
  return read;
}

const char kNextRequest[] = "GET /next HTTP/1.1\r\nHost: synaps\r\n\r\n";

// Parses the request that follows on `session`, and says its URI.
std::string NextUri(Poco::Net::HTTPServerSession& session,
                    Poco::Net::HTTPServerParams::Ptr params) {
  Poco::Net::HTTPServerResponseImpl response(session);
  Poco::Net::HTTPServerRequestImpl request(response, session, params);
  return request.getURI();
}

std::string Put(const std::string& body) {
  return "PUT /doc HTTP/1.1\r\nHost: synaps\r\nContent-Length: " + std::to_string(body.size()) +
         "\r\n\r\n" + body;
}

}  // namespace

TEST_CASE("a large body comes straight from the connection and the next request stays intact",
          "[server][body]") {
  Connection connection;
  const std::string body = Pattern(4 << 20);
  std::thread sender = SendAll(connection.client, Put(body) + kNextRequest);
  Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
  Poco::Net::HTTPServerSession session(connection.server, params);
  ReadBody read = ReadNextBody(session, params, 256 * 1024);
  CHECK(read.body == body);
  CHECK_FALSE(read.failed);
  // All but what Poco had buffered with the headers, and its stream's own buffer.
  CHECK(read.received_directly >= static_cast<int64_t>(body.size()) - 2 * 4096);
  CHECK(NextUri(session, params) == "/next");
  sender.join();
}

TEST_CASE("a small body buffered with its headers is read whole and the next request after it",
          "[server][body]") {
  Connection connection;
  const std::string body = Pattern(100);
  // One write: the headers, the body and the next request come in one segment.
  SendAll(connection.client, Put(body) + kNextRequest).join();
  Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
  Poco::Net::HTTPServerSession session(connection.server, params);
  ReadBody read = ReadNextBody(session, params, 64);
  CHECK(read.body == body);
  CHECK_FALSE(read.failed);
  CHECK(read.received_directly == 0);
  CHECK(NextUri(session, params) == "/next");
}

TEST_CASE("a body just over what Poco buffers keeps its order across the switch",
          "[server][body]") {
  const std::string body = Pattern(3 * 4096 + 17);
  for (size_t chunk : {size_t{1000}, size_t{4096}, size_t{5000}, size_t{1 << 16}}) {
    CAPTURE(chunk);
    Connection connection;
    std::thread sender = SendAll(connection.client, Put(body) + kNextRequest);
    Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
    Poco::Net::HTTPServerSession session(connection.server, params);
    ReadBody read = ReadNextBody(session, params, chunk);
    CHECK(read.body == body);
    CHECK_FALSE(read.failed);
    CHECK(NextUri(session, params) == "/next");
    sender.join();
  }
}

TEST_CASE("a chunked body is read through Poco's stream", "[server][body]") {
  Connection connection;
  std::thread sender = SendAll(connection.client,
                               "PUT /chunked HTTP/1.1\r\nHost: synaps\r\n"
                               "Transfer-Encoding: chunked\r\n\r\n"
                               "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n" +
                                   std::string(kNextRequest));
  Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
  Poco::Net::HTTPServerSession session(connection.server, params);
  ReadBody read = ReadNextBody(session, params, 4, true);
  CHECK(read.body == "hello world");
  CHECK_FALSE(read.failed);
  CHECK(read.received_directly == 0);
  CHECK(NextUri(session, params) == "/next");
  sender.join();
}

TEST_CASE("a body cut short ends where the client stopped", "[server][body]") {
  Connection connection;
  const std::string body = Pattern(1 << 20);
  // Twice the body announced, the body sent, then the connection's sending side shut.
  std::string cut = Put(body + body);
  cut.resize(cut.size() - body.size());
  std::thread sender = SendAll(connection.client, cut, true);
  Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
  Poco::Net::HTTPServerSession session(connection.server, params);
  ReadBody read = ReadNextBody(session, params, 1 << 16);
  CHECK(read.body == body);
  CHECK_FALSE(read.failed);
  sender.join();
}
