// HeaderDeadline: drops the connections that take too long to send a request's headers, and
// cuts the bodies that come too slowly.
//
// Poco's HTTP server only times out each read: a client that sends a byte every few seconds
// ("slowloris") keeps one of the server's threads forever, and a few dozen such clients starve
// it. Here every connection is watched while it waits for a request (the keep-alive wait, then
// the request line and headers): one that waits longer than the deadline is shut down, which
// ends its pending read; Poco then closes it.
//
// While a handler waits for a body, the body must keep a minimum average pace after a grace
// period: at `elapsed` since the headers, at least (elapsed - grace) x min_bytes_per_second
// bytes must have come (the kernel's count of bytes received, socket_bytes.h). A pace, not a
// deadline, so that a 2 GiB upload over a slow but steady link still succeeds. A body that
// falls behind has its connection's reading side shut down: the handler's read ends, it
// answers 408 (BodyCut()) and the connection closes. Once the body is read (or the handler no
// longer waits for it), the work that follows is not watched.
//
// Connections are made by ConnectionFactory() (Poco's HTTPServerConnection, watched); the
// request handler calls RequestStarted()/RequestFinished() and BodyStarted()/BodyFinished() on
// the connection's thread. Thread-safe.
#pragma once

#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/Net/TCPServerConnectionFactory.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <thread>

namespace synaps::server {

// The pace a body must keep (see above). A zero rate watches no body.
struct BodyPace {
  std::chrono::milliseconds grace{10000};
  int64_t min_bytes_per_second = 1024;
};

class HeaderDeadline {
 public:
  // `deadline` counts from the end of the previous answer (or the connection), so it must
  // exceed the keep-alive time-out, after which Poco closes an idle connection by itself.
  HeaderDeadline(std::chrono::milliseconds deadline, BodyPace pace);
  ~HeaderDeadline();
  HeaderDeadline(const HeaderDeadline&) = delete;
  HeaderDeadline& operator=(const HeaderDeadline&) = delete;

  // Makes the server's connections: Poco's, watched by this (which must outlive the server).
  Poco::Net::TCPServerConnectionFactory::Ptr ConnectionFactory(
      Poco::Net::HTTPServerParams::Ptr params, Poco::Net::HTTPRequestHandlerFactory::Ptr handlers);

  // On a connection's thread: its request's headers arrived (a handler starts), or its answer
  // was sent (it waits for the next request). No-ops on other threads.
  static void RequestStarted();
  static void RequestFinished();
  // On a connection's thread, during a request: the handler now waits for the body its request
  // announced; the body was read to its end (or is no longer waited for). No-ops elsewhere.
  static void BodyStarted();
  static void BodyFinished();
  // Whether the body of the calling thread's request was cut for coming too slowly.
  static bool BodyCut();

  // Internal to the watched connections.
  uint64_t Watch(const Poco::Net::StreamSocket& socket);
  void Unwatch(uint64_t id);
  void SetWaiting(uint64_t id, bool waiting);
  void SetReadingBody(uint64_t id, bool reading);
  bool WasCut(uint64_t id);

 private:
  struct Watched {
    Poco::Net::StreamSocket socket;  // a reference: the descriptor stays open while watched
    bool waiting = true;
    std::chrono::steady_clock::time_point since;
    bool reading_body = false;
    int64_t bytes_before_body = 0;  // the kernel's count when the body started
    bool body_cut = false;
  };

  void Patrol();
  // Whether `watched`, reading a body, has fallen behind the pace at `now`.
  bool BehindPace(const Watched& watched, std::chrono::steady_clock::time_point now) const;

  const std::chrono::milliseconds deadline_;
  const BodyPace pace_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  uint64_t next_id_ = 1;
  std::map<uint64_t, Watched> watched_;
  std::thread patrol_;
};

}  // namespace synaps::server
