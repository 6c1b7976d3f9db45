// The entry point of every HTTP request: routing (router.h, the routes_*.cpp files), error
// bodies, metrics and the structured access log.
//
// Errors are JSON {"error":{"code","message"}} with the matching status. A document the user
// may not read answers 404 exactly like a missing one (see permissions.h).
#pragma once

#include <Poco/Net/HTTPRequestHandlerFactory.h>

#include "dms-server/server/server_context.h"

namespace synaps::server {

class Router;

class ApiHandlerFactory : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  explicit ApiHandlerFactory(ServerContext& context);
  ~ApiHandlerFactory() override;
  Poco::Net::HTTPRequestHandler* createRequestHandler(
      const Poco::Net::HTTPServerRequest& request) override;
  // Tells the open connections that the server stops: idle keep-alive ones close, requests in
  // progress finish (what Poco's HTTPServer::stopAll does for its own connections).
  void StopConnections();

 private:
  ServerContext& context_;
  std::unique_ptr<Router> router_;
};

}  // namespace synaps::server
