#include "dms-server/server/server.h"

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/NetSSL.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/TCPServer.h>
#include <Poco/ThreadPool.h>

#include <cerrno>
#include <cstdio>
#include <mutex>

#include "dms-server/accounts/account_service.h"
#include "dms-server/documents/document_service.h"
#include "dms-server/server/api.h"
#include "dms-server/server/audit_retention.h"
#include "dms-server/server/blob_journal_syncer.h"
#include "dms-server/server/header_deadline.h"
#include "dms-server/server/quick_poll_socket.h"
#include "dms-server/server/read_audit_writer.h"
#include "dms-server/store/store.h"

namespace synaps::server {

struct Server::Impl {
  std::unique_ptr<ServerContext> context;
  std::unique_ptr<BackgroundIndexer> indexer;
  std::unique_ptr<AuditRetention> audit_retention;  // none when the log is kept forever
  std::unique_ptr<ReadAuditWriter> read_audit;
  std::unique_ptr<BlobJournalSyncer> blob_journal;
  std::unique_ptr<Poco::ThreadPool> pool;
  std::unique_ptr<HeaderDeadline> header_deadline;  // outlives `http`, whose connections it watches
  Poco::Net::HTTPRequestHandlerFactory::Ptr handlers;
  std::unique_ptr<Poco::Net::TCPServer> http;
  std::string host;
  uint16_t port = 0;
  bool https = false;
};

Server::Server() : impl_(std::make_unique<Impl>()) {}

Server::~Server() {
  Stop();
}

namespace {

// The listening socket: plain (its connections waiting with poll(2)), or TLS (1.2 at least,
// strong ciphers only) when a certificate and key are configured.
Poco::Net::ServerSocket ListeningSocket(const ServerOptions& options) {
  if (options.tls_certificate.empty() && options.tls_private_key.empty()) {
    return QuickPollServerSocket();
  }
  if (options.tls_certificate.empty() || options.tls_private_key.empty()) {
    throw Poco::InvalidArgumentException("HTTPS needs both a certificate and a private key");
  }
  static std::once_flag ssl_initialized;
  std::call_once(ssl_initialized, [] { Poco::Net::initializeSSL(); });
  Poco::Net::Context::Params params;
  params.certificateFile = options.tls_certificate.string();
  params.privateKeyFile = options.tls_private_key.string();
  params.verificationMode = Poco::Net::Context::VERIFY_NONE;  // clients are not asked for one
  params.cipherList = "HIGH:!aNULL:!eNULL:!MD5:!RC4:!3DES";
  Poco::Net::Context::Ptr context =
      new Poco::Net::Context(Poco::Net::Context::TLS_SERVER_USE, params);
  context->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);
  return Poco::Net::SecureServerSocket(context);
}

// Binds and listens on `address`. SO_REUSEADDR lets a restarted server listen while connections
// of the previous one linger in TIME_WAIT; SO_REUSEPORT is left off: with it, a second server
// started by mistake on the same port would listen too, and the kernel would share the
// connections between two processes.
store::Status Listen(const ServerOptions& options, const Poco::Net::SocketAddress& address,
                     Poco::Net::ServerSocket* socket) {
  const std::string where = address.toString();
  try {
    *socket = ListeningSocket(options);
    socket->bind(address, /*reuseAddress=*/true, /*reusePort=*/false);
    socket->listen(128);
  } catch (const Poco::Net::NetException& error) {
    if (error.code() == EADDRINUSE) {
      return store::Status::Io("cannot listen on " + where +
                               ": the address is already in use, probably by another "
                               "synaps-server (stop it, or choose another synaps.listen)");
    }
    return store::Status::Io("cannot listen on " + where + ": " + error.displayText());
  } catch (const Poco::Exception& error) {
    return store::Status::Io("cannot listen on " + where + ": " + error.displayText());
  }
  return store::Status::Ok();
}

}  // namespace

store::Status Server::Start(const ServerOptions& options, std::string* admin_password) {
  admin_password->clear();
  // Settings first: a first start that stopped on one would lose the generated password.
  SYNAPS_ASSIGN_OR_RETURN(TrustedProxies proxies, TrustedProxies::Parse(options.trusted_proxies));
  Poco::Net::SocketAddress address;
  try {
    address = Poco::Net::SocketAddress(options.listen);
  } catch (const Poco::Exception& error) {
    return store::Status::Invalid("cannot listen on \"" + options.listen +
                                  "\": " + error.displayText());
  }
  // Listening comes before the store: a first start that cannot listen must not create the
  // administrator, whose password would be shown to nobody.
  Poco::Net::ServerSocket socket;
  SYNAPS_RETURN_IF_ERROR(Listen(options, address, &socket));
  std::vector<store::DavLock> held_locks;
  {
    SYNAPS_ASSIGN_OR_RETURN(
        auto store, store::Store::Open(options.data_dir, store::Store::OpenMode::kCreateIfMissing));
    accounts::AccountService accounts(*store);
    SYNAPS_ASSIGN_OR_RETURN(*admin_password, accounts.EnsureFirstAdministrator(
                                                 accounts::Caller::Administrator("synaps-server")));
    documents::DocumentService documents(*store);
    SYNAPS_ASSIGN_OR_RETURN(held_locks,
                            documents.HeldLocks(documents::Caller::Administrator("synaps-server")));
  }
  ServerOptions effective = options;
  impl_->https = !options.tls_certificate.empty() || !options.tls_private_key.empty();
  if (impl_->https) effective.secure_cookies = true;
  impl_->context = std::make_unique<ServerContext>(effective, std::move(proxies));
  // WebDAV's locks held before a restart are held again: their holders' tokens still work.
  impl_->context->locks.Restore(std::move(held_locks));
  if (auto opened = impl_->context->sessions.Open(options.data_dir / "sessions.sqlite");
      !opened.ok()) {
    std::fprintf(stderr, "synaps-server: sessions will not survive a restart: %s\n",
                 opened.message().c_str());
  }
  try {
    impl_->host = address.host().toString();
    impl_->port = socket.address().port();

    Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
    params->setServerName("Synaps");
    params->setSoftwareVersion("Synaps");
    params->setMaxThreads(options.threads);
    params->setMaxQueued(options.max_queued);
    params->setTimeout(Poco::Timespan(options.io_timeout.count(), 0));
    params->setKeepAlive(true);
    params->setKeepAliveTimeout(Poco::Timespan(options.keep_alive_timeout.count(), 0));
    params->setMaxKeepAliveRequests(1000);
    impl_->pool = std::make_unique<Poco::ThreadPool>("synaps-http", 4, options.threads + 1, 60);
    // Poco's HTTPServer, but with connections that also watch how long headers take to come.
    impl_->header_deadline = std::make_unique<HeaderDeadline>(
        options.keep_alive_timeout + options.header_timeout,
        BodyPace{options.body_grace, options.body_min_bytes_per_second});
    impl_->handlers = new ApiHandlerFactory(*impl_->context);
    impl_->http = std::make_unique<Poco::Net::TCPServer>(
        impl_->header_deadline->ConnectionFactory(params, impl_->handlers), *impl_->pool, socket,
        params);
  } catch (const Poco::Exception& error) {
    impl_->http.reset();
    impl_->handlers = nullptr;
    impl_->header_deadline.reset();
    impl_->context.reset();
    return store::Status::Io("cannot listen on " + options.listen + ": " + error.displayText());
  }
  if (options.background_indexer) {
    indexing::PipelineOptions pipeline;
    pipeline.worker_program = options.extract_worker;
    pipeline.batch_size = static_cast<size_t>(options.indexer_batch_size);
    pipeline.extraction_limits = options.extraction_limits;
    // Agents expect an upload to be searchable within about 2 s, even while a long drain (a
    // rebuild, a big import) is in progress: commit at least this often.
    pipeline.commit_seconds = 1;
    impl_->indexer = std::make_unique<BackgroundIndexer>(options.data_dir, pipeline);
    impl_->indexer->Start();
    impl_->context->indexer = impl_->indexer.get();
  }
  impl_->read_audit = std::make_unique<ReadAuditWriter>(options.data_dir);
  impl_->read_audit->Start();
  impl_->blob_journal = std::make_unique<BlobJournalSyncer>(options.data_dir);
  impl_->blob_journal->Start();
  if (options.audit_retention_days > 0) {
    impl_->audit_retention =
        std::make_unique<AuditRetention>(options.data_dir, options.audit_retention_days);
    impl_->audit_retention->Start();
  }
  impl_->http->start();
  return store::Status::Ok();
}

void Server::Stop() {
  if (impl_->http) {
    impl_->http->stop();
    // Closes idle keep-alive connections; requests in progress finish.
    static_cast<ApiHandlerFactory&>(*impl_->handlers).StopConnections();
    impl_->pool->joinAll();
    impl_->http.reset();
    impl_->handlers = nullptr;
    impl_->header_deadline.reset();
    impl_->pool.reset();
  }
  if (impl_->read_audit) {  // after the last request: the reads they made are written
    impl_->read_audit->Stop();
    impl_->read_audit.reset();
  }
  if (impl_->blob_journal) {  // after the last save: the blobs they journaled reach the disk
    impl_->blob_journal->Stop();
    impl_->blob_journal.reset();
  }
  if (impl_->indexer) {
    impl_->indexer->Stop();
    impl_->indexer.reset();
  }
  if (impl_->audit_retention) {
    impl_->audit_retention->Stop();
    impl_->audit_retention.reset();
  }
  impl_->context.reset();
}

uint16_t Server::port() const {
  return impl_->port;
}

std::string Server::url() const {
  std::string host = impl_->host;
  if (host.find(':') != std::string::npos) host = "[" + host + "]";
  return (impl_->https ? "https://" : "http://") + host + ":" + std::to_string(impl_->port) + "/";
}

}  // namespace synaps::server
