// HeaderDeadline: drops the connections that take too long to send a request's headers.
//
// Poco's HTTP server only times out each read: a client that sends a byte every few seconds
// ("slowloris") keeps one of the server's threads forever, and a few dozen such clients starve
// it. Here every connection is watched while it waits for a request (the keep-alive wait, then
// the request line and headers) and left alone while a handler runs (bodies can legitimately
// be slow: a 2 GiB upload over a slow link). A connection that waits longer than the deadline
// is shut down, which ends its pending read; Poco then closes it.
//
// Connections are made by ConnectionFactory() (Poco's HTTPServerConnection, watched); the
// request handler calls RequestStarted()/RequestFinished() on the connection's thread. Thread-safe.
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

class HeaderDeadline {
 public:
  // `deadline` counts from the end of the previous answer (or the connection), so it must
  // exceed the keep-alive time-out, after which Poco closes an idle connection by itself.
  explicit HeaderDeadline(std::chrono::milliseconds deadline);
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

  // Internal to the watched connections.
  uint64_t Watch(const Poco::Net::StreamSocket& socket);
  void Unwatch(uint64_t id);
  void SetWaiting(uint64_t id, bool waiting);

 private:
  struct Watched {
    Poco::Net::StreamSocket socket;  // a reference: the descriptor stays open while watched
    bool waiting = true;
    std::chrono::steady_clock::time_point since;
  };

  void Patrol();

  const std::chrono::milliseconds deadline_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  uint64_t next_id_ = 1;
  std::map<uint64_t, Watched> watched_;
  std::thread patrol_;
};

}  // namespace synaps::server
