// Exchange: one request being answered. A handler reads its request from an Exchange and
// answers through it; any failure is thrown as an HttpError (status_response.h), which the one
// catch in api.cpp sends with SendError().
//
// An Exchange lives on the stack of the request thread for one request: not thread-safe, and it
// holds references (request, response, context) that it does not own.
#pragma once

#include <Poco/JSON/Object.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/StreamSocket.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>

#include "dms-server/server/request_parsing.h"
#include "dms-server/server/server_context.h"
#include "dms-server/server/status_response.h"

namespace synaps::store {
class Store;
}

namespace synaps::server {

struct Exchange {
  Poco::Net::HTTPServerRequest& request;
  Poco::Net::HTTPServerResponse& response;
  ServerContext& context;
  std::string route = "unmatched";            // the matched route pattern, for logs and metrics
  std::map<std::string, std::string> params;  // the route's {name} segments
  Query query;
  std::string user = "-";    // the authenticated login, for the access log
  int64_t bytes = 0;         // body bytes sent
  bool cookie_auth = false;  // authenticated by the session cookie
  bool token_auth = false;   // authenticated by a personal API token
  // Whether the request's body, if it announced one, was read to its end (BodyRead()). Until
  // then every answer says "Connection: close": unread body bytes must never be taken for the
  // next request on the connection.
  bool body_read = true;
  bool keep_alive = false;  // what the connection may do once the body is read
  // The whole answer is on the socket (Send, SendJson, SendEmpty, SendError flush it): a body
  // left unread may then be drained before the close (lingering_close.h).
  bool answer_flushed = false;
  // Headers have gone out through SendWhole(), which Poco's response does not know of.
  bool answer_begun = false;
  // Under a prefix route, the path below the prefix (router.h); empty under a pattern route.
  std::string subpath{};

  const std::filesystem::path& data_dir() const { return context.options.data_dir; }
  // The calling thread's Store on the server's data directory (thread_resources.h): throws
  // HttpError when it cannot be opened.
  store::Store& store();

  // The {name} segment of the route pattern (it exists: the router matched it).
  const std::string& Param(const std::string& name) const { return params.at(name); }

  // Answers with `body`, not to be cached by anyone, never sniffed for another type.
  void Send(int status, const std::string& content_type, const std::string& body);
  // Sends the response's status line and headers as they stand, then `body` (none for HEAD),
  // in one write: a small answer leaves in one segment, and the client wakes once for it.
  // Poco's own send() writes the headers first, on their own. Sets answer_flushed (false when
  // the client went away, the connection then shut) and bytes.
  void SendWhole(std::string_view body);
  void SendJson(int status, const Poco::JSON::Object::Ptr& object);
  // Sends a body that is already JSON (written by the route itself, for the large answers).
  void SendJsonText(int status, const std::string& json);
  void SendEmpty(int status);
  // Sends `error` as {"error":{"code","message"}} (ErrorJson), with WWW-Authenticate on a 401
  // (unless the request says X-Requested-With: XMLHttpRequest, as the portal does);
  // nothing when an answer has already begun (its headers are on the wire).
  void SendError(const HttpError& error);
  // The connection the request came on (the server's requests are Poco's HTTPServerRequestImpl).
  Poco::Net::StreamSocket& socket();
  // Shuts the connection after an answer cut short: the client would wait for the rest, so the
  // connection cannot carry another response.
  void ShutAfterShortAnswer();
  // The client's address: the peer, or what a trusted reverse proxy says (trusted_proxies.h).
  std::string ClientAddress() const;
  // Tells the background indexer that the store queued work, so the change is searchable soon.
  void WakeIndexer();
};

}  // namespace synaps::server
