#include "dms-server/server/api.h"

#include <Poco/Exception.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/NetException.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <chrono>
#include <cstdio>

#include "dms-server/json/model_json.h"
#include "dms-server/server/header_deadline.h"
#include "dms-server/server/http_exchange.h"
#include "dms-server/server/lingering_close.h"
#include "dms-server/server/request_framing.h"
#include "dms-server/server/router.h"
#include "dms-server/server/routes.h"
#include "dms-server/store/names.h"
#include "dms-server/store/store.h"

namespace synaps::server {

namespace {

using Poco::Net::HTTPServerRequest;
using Poco::Net::HTTPServerResponse;
using AccessLogWriter = rapidjson::Writer<rapidjson::StringBuffer>;

// `text` as a JSON string member of `out`; text that is not valid UTF-8 is shown as \xNN.
void Member(AccessLogWriter& out, const char* key, const std::string& text) {
  out.Key(key);
  const std::string shown = store::IsValidUtf8(text) ? text : store::EscapeForDisplay(text);
  out.String(shown.data(), static_cast<rapidjson::SizeType>(shown.size()));
}

void WriteAccessLog(const Exchange& x, int status, double seconds) {
  rapidjson::StringBuffer buffer;
  AccessLogWriter out(buffer);
  out.StartObject();
  Member(out, "time", json::IsoTime(store::NowMs()));
  Member(out, "method", x.request.getMethod());
  Member(out, "route", x.route);
  out.Key("status");
  out.Int(status);
  out.Key("bytes");
  out.Int64(x.bytes);
  char duration[32];
  int length = std::snprintf(duration, sizeof duration, "%.2f", seconds * 1000);
  out.Key("duration_ms");
  out.RawValue(duration, static_cast<size_t>(length), rapidjson::kNumberType);
  Member(out, "user", x.user);
  Member(out, "remote", x.request.clientAddress().host().toString());
  out.EndObject();
  std::string line(buffer.GetString(), buffer.GetSize());
  line += '\n';
  std::fwrite(line.data(), 1, line.size(), stderr);  // one write per line: lines never interleave
}

class ApiHandler : public Poco::Net::HTTPRequestHandler {
 public:
  ApiHandler(ServerContext& context, const Router& router) : context_(context), router_(router) {}

  void handleRequest(HTTPServerRequest& request, HTTPServerResponse& response) override {
    auto started = std::chrono::steady_clock::now();
    // The headers are in: the body and the work may take their time. Waiting for the next
    // request is watched again once this one is answered.
    HeaderDeadline::RequestStarted();
    struct Answered {
      ~Answered() { HeaderDeadline::RequestFinished(); }
    } answered;
    Exchange x{request, response, context_, "unmatched", {}, {}};
    // No answer is ever shown in another site's frame (clickjacking), and none is a page that
    // may run anything: a document's bytes opened in the browser stay inert. The portal's files
    // set their own policy (routes_static.cpp).
    response.set("X-Frame-Options", "DENY");
    response.set("Content-Security-Policy", "default-src 'none'; sandbox; frame-ancestors 'none'");
    try {
      // Before routing and authentication: where this request ends must be beyond doubt.
      if (auto problem = FramingProblem(request)) {
        response.setKeepAlive(false);
        throw HttpError{400, "bad_framing", *problem};
      }
      // Until its body is read to its end, the request's answer closes the connection: a
      // handler that answers without reading it (a refusal, a route that takes no body) leaves
      // bytes that must not be parsed as the next request. Refusals are therefore immediate:
      // no body is drained first.
      x.keep_alive = response.getKeepAlive();
      if (BodyAnnounced(request)) {
        x.body_read = false;
        response.setKeepAlive(false);
        HeaderDeadline::BodyStarted();
      }
      router_.Find(x)(x);
    } catch (const HttpError& error) {
      if (HeaderDeadline::BodyCut()) {
        x.SendError({408, "timeout", "the request body came too slowly"});
      } else {
        x.SendError(error);
      }
    } catch (const Poco::TimeoutException&) {
      response.setKeepAlive(false);
      x.SendError({408, "timeout", "the request took too long to arrive"});
    } catch (const Poco::Exception& error) {
      response.setKeepAlive(false);
      x.SendError({500, "internal", error.displayText()});
    } catch (const std::exception& error) {
      response.setKeepAlive(false);
      x.SendError({500, "internal", error.what()});
    }
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    int status = static_cast<int>(response.getStatus());
    context_.metrics.RecordRequest(x.route, status, seconds);
    if (context_.options.access_log) WriteAccessLog(x, status, seconds);
    // A body announced and left unread: the answer went out first; what still comes is read
    // and thrown away before the close, lest the close reset the connection and the client
    // lose the answer. Not after a body cut for its pace (408) or a refusal for want of room
    // (503): those are not worth a thread's time.
    if (!x.body_read && x.answer_flushed && status != 408 && status != 503 &&
        !HeaderDeadline::BodyCut()) {
      LingerBeforeClose(x.socket());
    }
  }

 private:
  ServerContext& context_;
  const Router& router_;
};

}  // namespace

ApiHandlerFactory::ApiHandlerFactory(ServerContext& context)
    : context_(context), router_(std::make_unique<Router>()) {
  AddAllRoutes(*router_);
}

ApiHandlerFactory::~ApiHandlerFactory() = default;

void ApiHandlerFactory::StopConnections() {
  serverStopped(this, false);
}

Poco::Net::HTTPRequestHandler* ApiHandlerFactory::createRequestHandler(
    const Poco::Net::HTTPServerRequest&) {
  return new ApiHandler(context_, *router_);
}

}  // namespace synaps::server
