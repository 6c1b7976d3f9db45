#include "dms-server/server/server.h"

#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/ThreadPool.h>

#include "dms-server/server/api.h"
#include "dms-server/store/password.h"
#include "dms-server/store/store.h"

namespace synaps::server {

struct Server::Impl {
  std::unique_ptr<ServerContext> context;
  std::unique_ptr<BackgroundIndexer> indexer;
  std::unique_ptr<Poco::ThreadPool> pool;
  std::unique_ptr<Poco::Net::HTTPServer> http;
  std::string host;
  uint16_t port = 0;
};

Server::Server() : impl_(std::make_unique<Impl>()) {}

Server::~Server() {
  Stop();
}

namespace {

// Creates the administrator account on the first start of an empty store.
store::Status EnsureAdministrator(store::Store& store, std::string* admin_password) {
  SYNAPS_ASSIGN_OR_RETURN(auto users, store.ListUsers());
  if (!users.empty()) return store::Status::Ok();
  store::NewUser admin;
  admin.login = "admin";
  admin.display_name = "Administrateur";
  admin.password = store::GeneratePassword();
  admin.is_admin = true;
  auto added = store.AddUser(store::Actor{"synaps-server"}, admin);
  if (!added.ok()) {
    // Another server starting at the same instant may have won the race.
    if (added.status().code() == store::ErrorCode::kAlreadyExists) return store::Status::Ok();
    return added.status();
  }
  *admin_password = admin.password;
  return store::Status::Ok();
}

}  // namespace

store::Status Server::Start(const ServerOptions& options, std::string* admin_password) {
  admin_password->clear();
  {
    SYNAPS_ASSIGN_OR_RETURN(
        auto store, store::Store::Open(options.data_dir, store::Store::OpenMode::kCreateIfMissing));
    SYNAPS_RETURN_IF_ERROR(EnsureAdministrator(*store, admin_password));
  }
  Poco::Net::SocketAddress address;
  try {
    address = Poco::Net::SocketAddress(options.listen);
  } catch (const Poco::Exception& error) {
    return store::Status::Invalid("cannot listen on \"" + options.listen +
                                  "\": " + error.displayText());
  }
  impl_->context = std::make_unique<ServerContext>(options);
  try {
    Poco::Net::ServerSocket socket;
    socket.bind(address, true);
    socket.listen(128);
    impl_->host = address.host().toString();
    impl_->port = socket.address().port();

    auto* params = new Poco::Net::HTTPServerParams;
    params->setServerName("Synaps");
    params->setSoftwareVersion("Synaps");
    params->setMaxThreads(options.threads);
    params->setMaxQueued(options.max_queued);
    params->setTimeout(Poco::Timespan(options.io_timeout.count(), 0));
    params->setKeepAlive(true);
    params->setKeepAliveTimeout(Poco::Timespan(options.keep_alive_timeout.count(), 0));
    params->setMaxKeepAliveRequests(1000);
    impl_->pool = std::make_unique<Poco::ThreadPool>("synaps-http", 4, options.threads + 1, 60);
    impl_->http = std::make_unique<Poco::Net::HTTPServer>(new ApiHandlerFactory(*impl_->context),
                                                          *impl_->pool, socket, params);
  } catch (const Poco::Exception& error) {
    impl_->context.reset();
    return store::Status::Io("cannot listen on " + options.listen + ": " + error.displayText());
  }
  if (options.background_indexer) {
    indexing::PipelineOptions pipeline;
    pipeline.worker_program = options.extract_worker;
    // Agents expect an upload to be searchable within about 2 s, even while a long drain (a
    // rebuild, a big import) is in progress: commit at least this often.
    pipeline.commit_seconds = 1;
    impl_->indexer = std::make_unique<BackgroundIndexer>(options.data_dir, pipeline);
    impl_->indexer->Start();
    impl_->context->indexer = impl_->indexer.get();
  }
  impl_->http->start();
  return store::Status::Ok();
}

void Server::Stop() {
  if (impl_->http) {
    impl_->http->stopAll(false);  // closes idle keep-alive connections; requests finish
    impl_->pool->joinAll();
    impl_->http.reset();
    impl_->pool.reset();
  }
  if (impl_->indexer) {
    impl_->indexer->Stop();
    impl_->indexer.reset();
  }
  impl_->context.reset();
}

uint16_t Server::port() const {
  return impl_->port;
}

std::string Server::url() const {
  std::string host = impl_->host;
  if (host.find(':') != std::string::npos) host = "[" + host + "]";
  return "http://" + host + ":" + std::to_string(impl_->port) + "/";
}

}  // namespace synaps::server
