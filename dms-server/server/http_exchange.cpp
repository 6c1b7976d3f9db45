#include "dms-server/server/http_exchange.h"

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
  response.sendBuffer(body.data(), body.size());
  bytes = static_cast<int64_t>(body.size());
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
  response.send();
}

void Exchange::SendError(const HttpError& error) {
  if (response.sent()) return;
  if (error.status == 401) response.set("WWW-Authenticate", "Basic realm=\"Synaps\"");
  SendJsonText(error.status, ErrorJson(error));
}

void Exchange::WakeIndexer() {
  if (context.indexer) context.indexer->Wake();
}

std::string Exchange::ClientAddress() const {
  return context.proxies.ClientOf(request.clientAddress().host(), request);
}

}  // namespace synaps::server
