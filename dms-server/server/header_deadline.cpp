#include "dms-server/server/header_deadline.h"

#include <Poco/Net/HTTPServerConnection.h>
#include <sys/socket.h>

#include <algorithm>

#include "dms-server/server/socket_bytes.h"

namespace synaps::server {

namespace {

// The deadline and the watch of the connection the calling thread serves, if any.
thread_local HeaderDeadline* tl_deadline = nullptr;
thread_local uint64_t tl_watch = 0;

class WatchedConnection : public Poco::Net::HTTPServerConnection {
 public:
  WatchedConnection(const Poco::Net::StreamSocket& socket, Poco::Net::HTTPServerParams::Ptr params,
                    Poco::Net::HTTPRequestHandlerFactory::Ptr handlers, HeaderDeadline& deadline)
      : HTTPServerConnection(socket, params, handlers), deadline_(deadline) {}

  void run() override {
    const uint64_t id = deadline_.Watch(socket());
    tl_deadline = &deadline_;
    tl_watch = id;
    struct Done {
      HeaderDeadline& deadline;
      uint64_t id;
      ~Done() {
        tl_deadline = nullptr;
        tl_watch = 0;
        deadline.Unwatch(id);
      }
    } done{deadline_, id};
    HTTPServerConnection::run();
  }

 private:
  HeaderDeadline& deadline_;
};

class WatchedConnectionFactory : public Poco::Net::TCPServerConnectionFactory {
 public:
  WatchedConnectionFactory(Poco::Net::HTTPServerParams::Ptr params,
                           Poco::Net::HTTPRequestHandlerFactory::Ptr handlers,
                           HeaderDeadline& deadline)
      : params_(std::move(params)), handlers_(std::move(handlers)), deadline_(deadline) {}

  Poco::Net::TCPServerConnection* createConnection(const Poco::Net::StreamSocket& socket) override {
    return new WatchedConnection(socket, params_, handlers_, deadline_);
  }

 private:
  Poco::Net::HTTPServerParams::Ptr params_;
  Poco::Net::HTTPRequestHandlerFactory::Ptr handlers_;
  HeaderDeadline& deadline_;
};

}  // namespace

HeaderDeadline::HeaderDeadline(std::chrono::milliseconds deadline, BodyPace pace)
    : deadline_(deadline), pace_(pace), patrol_([this] { Patrol(); }) {}

HeaderDeadline::~HeaderDeadline() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  patrol_.join();
}

Poco::Net::TCPServerConnectionFactory::Ptr HeaderDeadline::ConnectionFactory(
    Poco::Net::HTTPServerParams::Ptr params, Poco::Net::HTTPRequestHandlerFactory::Ptr handlers) {
  return new WatchedConnectionFactory(std::move(params), std::move(handlers), *this);
}

void HeaderDeadline::RequestStarted() {
  if (tl_deadline != nullptr) tl_deadline->SetWaiting(tl_watch, false);
}

void HeaderDeadline::RequestFinished() {
  if (tl_deadline != nullptr) tl_deadline->SetWaiting(tl_watch, true);
}

void HeaderDeadline::BodyStarted() {
  if (tl_deadline != nullptr) tl_deadline->SetReadingBody(tl_watch, true);
}

void HeaderDeadline::BodyFinished() {
  if (tl_deadline != nullptr) tl_deadline->SetReadingBody(tl_watch, false);
}

bool HeaderDeadline::BodyCut() {
  return tl_deadline != nullptr && tl_deadline->WasCut(tl_watch);
}

uint64_t HeaderDeadline::Watch(const Poco::Net::StreamSocket& socket) {
  std::lock_guard<std::mutex> lock(mutex_);
  const uint64_t id = next_id_++;
  watched_.emplace(id, Watched{socket, true, std::chrono::steady_clock::now()});
  return id;
}

void HeaderDeadline::Unwatch(uint64_t id) {
  std::lock_guard<std::mutex> lock(mutex_);
  watched_.erase(id);
}

void HeaderDeadline::SetWaiting(uint64_t id, bool waiting) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = watched_.find(id);
  if (it == watched_.end()) return;
  it->second.waiting = waiting;
  it->second.since = std::chrono::steady_clock::now();
  it->second.reading_body = false;
  it->second.body_cut = false;
}

void HeaderDeadline::SetReadingBody(uint64_t id, bool reading) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = watched_.find(id);
  if (it == watched_.end() || pace_.min_bytes_per_second <= 0) return;
  Watched& watched = it->second;
  if (reading && !watched.reading_body) {
    const int64_t received = SocketBytesReceived(watched.socket.impl()->sockfd());
    if (received < 0) return;  // no count to pace by: only the per-read time-out applies
    watched.bytes_before_body = received;
    watched.since = std::chrono::steady_clock::now();
  }
  watched.reading_body = reading;
}

bool HeaderDeadline::WasCut(uint64_t id) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = watched_.find(id);
  return it != watched_.end() && it->second.body_cut;
}

bool HeaderDeadline::BehindPace(const Watched& watched,
                                std::chrono::steady_clock::time_point now) const {
  const int64_t received = SocketBytesReceived(watched.socket.impl()->sockfd());
  if (received < 0) return false;
  const int64_t body = received - watched.bytes_before_body;
  const auto earned = std::chrono::milliseconds(body * 1000 / pace_.min_bytes_per_second);
  return now - watched.since > pace_.grace + earned;
}

void HeaderDeadline::Patrol() {
  // Often enough that a connection is dropped within a tenth of the deadline (or of the body's
  // grace) past it.
  const auto period = std::clamp(std::min(deadline_, pace_.grace) / 10,
                                 std::chrono::milliseconds(50), std::chrono::milliseconds(1000));
  std::unique_lock<std::mutex> lock(mutex_);
  while (!wake_.wait_for(lock, period, [this] { return stopping_; })) {
    const auto now = std::chrono::steady_clock::now();
    for (auto& [id, watched] : watched_) {
      if (watched.reading_body && BehindPace(watched, now)) {
        // Only the reading side: the handler's read ends, and it can still answer why.
        ::shutdown(watched.socket.impl()->sockfd(), SHUT_RD);
        watched.reading_body = false;
        watched.body_cut = true;
        continue;
      }
      if (!watched.waiting || now - watched.since < deadline_) continue;
      // The raw descriptor, not Poco's shutdown: with TLS, the connection's thread may be inside
      // OpenSSL on the same socket. The descriptor cannot have been reused: `watched.socket`
      // keeps it open until Unwatch().
      ::shutdown(watched.socket.impl()->sockfd(), SHUT_RDWR);
      watched.waiting = false;  // once is enough; the connection ends and unwatches itself
    }
  }
}

}  // namespace synaps::server
