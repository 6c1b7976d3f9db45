#include "dms-server/server/request_body.h"

#include "dms-server/server/header_deadline.h"
#include "dms-server/server/request_framing.h"
#include "dms-server/server/request_parsing.h"

namespace synaps::server {

void BodyRead(Exchange& x) {
  if (x.body_read) return;
  // A cut body ends like a whole one to its reader when it is chunked (Poco takes the end of
  // the stream for the last chunk): it must not be stored as if it had come whole.
  if (HeaderDeadline::BodyCut())
    throw HttpError{408, "timeout", "the request body came too slowly"};
  x.body_read = true;
  HeaderDeadline::BodyFinished();
  x.response.setKeepAlive(x.keep_alive);
}

namespace {

// One of the places for the bodies of requests without credentials, held while such a body is
// read; none when the request is authenticated.
class UnauthenticatedBodyPlace {
 public:
  explicit UnauthenticatedBodyPlace(Exchange& x) {
    if (x.user != "-") return;
    if (!x.context.unauthenticated_bodies.try_acquire()) {
      throw HttpError{503, "busy", "too many requests without credentials are sending a body"};
    }
    semaphore_ = &x.context.unauthenticated_bodies;
  }
  ~UnauthenticatedBodyPlace() {
    if (semaphore_ != nullptr) semaphore_->release();
  }
  UnauthenticatedBodyPlace(const UnauthenticatedBodyPlace&) = delete;
  UnauthenticatedBodyPlace& operator=(const UnauthenticatedBodyPlace&) = delete;

 private:
  decltype(ServerContext::unauthenticated_bodies)* semaphore_ = nullptr;
};

HttpError BodyTooLarge(int64_t max) {
  return HttpError{413, "too_large", "the request body exceeds " + std::to_string(max) + " bytes"};
}

}  // namespace

std::string ReadSmallBody(Exchange& x, int64_t max) {
  if (!BodyAnnounced(x.request)) return {};
  // Refused before a byte is read; the connection closes (body_read stays false).
  if (x.request.hasContentLength() && x.request.getContentLength64() > max) throw BodyTooLarge(max);
  UnauthenticatedBodyPlace place(x);
  std::string body;
  char buffer[4096];
  std::istream& in = x.request.stream();
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    body.append(buffer, static_cast<size_t>(in.gcount()));
    if (static_cast<int64_t>(body.size()) > max) throw BodyTooLarge(max);
  }
  if (in.bad() || (x.request.hasContentLength() &&
                   static_cast<int64_t>(body.size()) != x.request.getContentLength64())) {
    throw HttpError{400, "incomplete_body", "the request body ended early"};
  }
  BodyRead(x);
  return body;
}

Poco::JSON::Object::Ptr ReadJsonObject(Exchange& x) {
  return ParseJsonObject(ReadSmallBody(x, x.context.options.max_json_bytes));
}

}  // namespace synaps::server
