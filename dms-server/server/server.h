// Server: the Synaps HTTP server (REST API under /api/v1, /healthz, /metrics, the portal's files
// at /) over one data directory, with its background indexer. The synaps-server program is a
// thin shell around it (configuration, signals); tests may run it in-process.
//
// Each request runs on a thread of the server's own pool and uses that thread's Store and
// Searcher (neither is thread-safe), opened on first use and kept for the thread's life
// (thread_resources.h).
//
// Thread-safety: Start() and Stop() from one thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "dms-server/accounts/account_service.h"
#include "dms-server/server/login_throttle.h"
#include "dms-server/store/status.h"
#include "indexer/extract/extract.h"

namespace synaps::server {

struct ServerOptions {
  std::filesystem::path data_dir;
  // The configured sources (synaps.sources_dir), listed by /api/v1/sources; empty: none.
  std::filesystem::path sources_dir;
  std::string listen = "127.0.0.1:8080";  // ADDR:PORT; port 0 picks a free one
  int threads = 64;      // request threads (Poco's default 16 starves under keep-alive)
  int max_queued = 256;  // accepted connections waiting for a thread
  std::chrono::seconds io_timeout{30};  // a client silent this long is dropped
  std::chrono::seconds keep_alive_timeout{15};
  // A request's line and headers must arrive within this (after the keep-alive wait), however
  // slowly each byte comes: against clients that hold threads by trickling (header_deadline.h).
  std::chrono::seconds header_timeout{20};
  // A request body must come at this average pace or faster, counted from this grace after the
  // headers; slower, it is cut (408) and the connection closed (header_deadline.h). A pace, not
  // a deadline: a large upload over a slow but steady link still succeeds. 0: no minimum.
  std::chrono::seconds body_grace{10};
  int64_t body_min_bytes_per_second = 1024;
  // Request threads that may at once wait for the body of a request without credentials (a
  // login); more such requests get 503 at once. Keeps most threads for everyone else.
  int unauthenticated_bodies = 8;
  int64_t max_upload_bytes = 2LL << 30;  // PUT bodies; more gives 413
  int64_t max_json_bytes = 64 << 10;     // JSON request bodies
  // How long a WebDAV junk file (an editor's temporary file, .DS_Store...) is kept after it was
  // last written (webdav/junk_files.h).
  std::chrono::seconds junk_lifetime{24 * 3600};
  std::chrono::seconds session_idle{8 * 3600};
  bool secure_cookies = false;  // add "Secure" (behind a TLS reverse proxy; implied by HTTPS)
  // HTTPS when both are set: PEM files of the certificate (chain) and of its private key.
  std::filesystem::path tls_certificate;
  std::filesystem::path tls_private_key;
  bool background_indexer = true;
  int indexer_batch_size = 128;  // documents extracted together (smaller: a faster stop)
  indexer::ExtractionLimits extraction_limits;  // per document, in the isolated workers
  std::filesystem::path extract_worker;         // empty: next to the running program
  bool access_log = true;                       // one JSON line per request on stderr
  int search_concurrency = 0;  // searches run at once, others queue (0: 2 per core)
  // The portal's files, served at / (static_files.h). Empty or missing: / answers 404.
  std::filesystem::path web_root;
  // The reverse proxies whose X-Forwarded-For names the client (trusted_proxies.h): addresses
  // and CIDR ranges, separated by commas or spaces. Empty: the peer is the client.
  std::string trusted_proxies;
  LoginThrottleOptions login_throttle;
  // Audit entries older than this many days are deleted at start and then daily
  // (audit_retention.h); 0 keeps them forever.
  int audit_retention_days = accounts::kDefaultAuditRetentionDays;
};

class Server {
 public:
  Server();
  ~Server();  // stops
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Opens (creating if needed) the data directory, and starts listening, indexing and keeping
  // the audit log within its retention.
  // InvalidArgument on a bad listening address or list of trusted proxies.
  // On the first start of an empty store, creates the administrator account "admin" with a
  // generated password returned in *admin_password (empty otherwise).
  store::Status Start(const ServerOptions& options, std::string* admin_password);
  // Stops accepting connections, lets requests in progress finish, stops the indexer.
  void Stop();
  // The port actually listened on (useful with port 0).
  uint16_t port() const;
  // "http://host:port/" or "https://host:port/".
  std::string url() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace synaps::server
