// The request handlers of synaps-server: routing, authentication, the REST API under /api/v1,
// /healthz and /metrics, error bodies and the access log.
//
// Errors are JSON {"error":{"code","message"}} with the matching status. A document the user
// may not read answers 404 exactly like a missing one (see permissions.h).
#pragma once

#include <Poco/Net/HTTPRequestHandlerFactory.h>

#include <semaphore>

#include "dms-server/server/background_indexer.h"
#include "dms-server/server/metrics.h"
#include "dms-server/server/server.h"
#include "dms-server/server/sessions.h"

namespace synaps::server {

// What the handlers of one server share. Thread-safe (each member is).
struct ServerContext {
  explicit ServerContext(ServerOptions o)
      : options(std::move(o)),
        sessions(options.session_idle),
        credentials(std::chrono::seconds(60)) {}
  const ServerOptions options;
  SessionStore sessions;
  LoginThrottle throttle;
  CredentialCache credentials;
  Metrics metrics;
  // Password hashes are slow and memory-hard on purpose: at most this many at once, so a burst
  // of logins cannot exhaust memory or starve the other requests of CPU.
  std::counting_semaphore<64> password_checks{4};
  BackgroundIndexer* indexer = nullptr;  // null when indexing is off
};

class ApiHandlerFactory : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  explicit ApiHandlerFactory(ServerContext& context) : context_(context) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(
      const Poco::Net::HTTPServerRequest& request) override;

 private:
  ServerContext& context_;
};

}  // namespace synaps::server
