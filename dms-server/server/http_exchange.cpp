#include "dms-server/server/http_exchange.h"

#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/StreamSocket.h>

#include <sstream>

#include "dms-server/server/thread_resources.h"

namespace synaps::server {

using Poco::Net::HTTPResponse;

store::Store& Exchange::store() {
  return ThreadStore(data_dir());
}

void Exchange::Send(int status, const std::string& content_type, const std::string& body) {
  response.setStatusAndReason(static_cast<HTTPResponse::HTTPStatus>(status));
  response.setContentType(content_type);
  response.set("Cache-Control", "no-store");
  response.set("X-Content-Type-Options", "nosniff");
  response.setContentLength64(static_cast<Poco::Int64>(body.size()));
  SendWhole(body);
}

void Exchange::SendWhole(std::string_view body) {
  std::ostringstream head;
  response.write(head);
  std::string whole = std::move(head).str();
  // An answer to HEAD has the length of the body it would carry, and none.
  const bool with_body = request.getMethod() != Poco::Net::HTTPRequest::HTTP_HEAD;
  if (with_body) whole.append(body);
  answer_begun = true;
  size_t sent = 0;
  try {
    while (sent < whole.size()) {
      int n = socket().sendBytes(whole.data() + sent, static_cast<int>(whole.size() - sent));
      if (n <= 0) break;
      sent += static_cast<size_t>(n);
    }
  } catch (const Poco::Exception&) {
    // the client went away, or stopped reading until the send time-out
  }
  answer_flushed = sent == whole.size();
  bytes = static_cast<int64_t>(body.size());
  if (!answer_flushed) {
    response.setKeepAlive(false);
    ShutAfterShortAnswer();
  }
}

Poco::Net::StreamSocket& Exchange::socket() {
  return static_cast<Poco::Net::HTTPServerRequestImpl&>(request).socket();
}

void Exchange::ShutAfterShortAnswer() {
  try {
    socket().shutdown();
  } catch (const Poco::Exception&) {
  }
}

void Exchange::SendJson(int status, const Poco::JSON::Object::Ptr& object) {
  std::ostringstream out;
  object->stringify(out);
  SendJsonText(status, out.str());
}

void Exchange::SendJsonText(int status, const std::string& json) {
  Send(status, "application/json; charset=utf-8", json);
}

void Exchange::SendEmpty(int status) {
  response.setStatusAndReason(static_cast<HTTPResponse::HTTPStatus>(status));
  response.setContentLength(0);
  std::ostream& out = response.send();
  out.flush();
  answer_flushed = static_cast<bool>(out);
}

void Exchange::SendError(const HttpError& error) {
  if (answer_begun || response.sent()) return;
  // The challenge makes a browser ask for a login in its own dialog, holding the request
  // until the user answers: the portal, which shows its own login form, says so with
  // X-Requested-With and gets a plain 401.
  if (error.status == 401 && request.get("X-Requested-With", "") != "XMLHttpRequest") {
    response.set("WWW-Authenticate", "Basic realm=\"Synaps\"");
  }
  SendJsonText(error.status, ErrorJson(error));
}

void Exchange::WakeIndexer() {
  context.WakeIndexer();
}

std::string Exchange::ClientAddress() const {
  return context.proxies.ClientOf(request.clientAddress().host(), request);
}

}  // namespace synaps::server
