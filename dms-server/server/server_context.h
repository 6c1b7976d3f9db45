// What the request handlers of one server share: options, the trusted proxies, the
// authenticator, sessions, login throttling, the credential cache, metrics, the search queue,
// the background indexer, WebDAV's state, the grouped saves and the preview images.
// Thread-safe (each member is).
#pragma once

#include <chrono>
#include <memory>
#include <semaphore>

#include "dms-server/documents/put_group.h"
#include "dms-server/indexing/page_images.h"
#include "dms-server/server/authenticator.h"
#include "dms-server/server/background_indexer.h"
#include "dms-server/server/login_throttle.h"
#include "dms-server/server/metrics.h"
#include "dms-server/server/search_gate.h"
#include "dms-server/server/server.h"
#include "dms-server/server/sessions.h"
#include "dms-server/server/trusted_proxies.h"
#include "dms-server/webdav/dead_properties.h"
#include "dms-server/webdav/junk_files.h"
#include "dms-server/webdav/locks.h"

namespace synaps::server {

struct ServerContext {
  ServerContext(ServerOptions o, TrustedProxies p)
      : options(std::move(o)),
        proxies(std::move(p)),
        sessions(options.session_idle),
        throttle(options.login_throttle),
        credentials(std::chrono::seconds(60)),
        searches(options.search_concurrency) {}
  const ServerOptions options;
  const TrustedProxies proxies;  // parsed from options.trusted_proxies
  const std::unique_ptr<Authenticator> authenticator = std::make_unique<LocalAuthenticator>();
  SessionStore sessions;
  LoginThrottle throttle;
  CredentialCache credentials;
  Metrics metrics;
  // Password hashes are slow and memory-hard on purpose: at most this many at once, so a burst
  // of logins cannot exhaust memory or starve the other requests of CPU.
  std::counting_semaphore<64> password_checks{4};
  // Bodies of requests without credentials being read (ReadSmallBody): at most this many.
  std::counting_semaphore<1 << 20> unauthenticated_bodies{options.unauthenticated_bodies};
  // Searches take their turn here (search_gate.h).
  SearchGate searches;
  BackgroundIndexer* indexer = nullptr;  // null when indexing is off
  // Tells the background indexer, if there is one, that the store queued work.
  void WakeIndexer() {
    if (indexer) indexer->Wake();
  }
  // WebDAV's locks, which every front end's changes respect (the document service's write
  // gate), held again from the store when the server starts (Server::Start), and the properties
  // WebDAV clients set on junk files (a document's or a folder's are in the store).
  webdav::LockManager locks;
  webdav::DeadProperties dav_properties;
  // The saves of WebDAV's PUT and of the API's upload of one document, committed together when
  // they arrive together (put_group.h); behind the same write gate as every other change.
  documents::PutGroup puts{options.data_dir, [this] { WakeIndexer(); }, &locks};
  // The first pages of PDFs drawn for previews, kept under the data directory.
  indexing::PageImages page_images{{options.data_dir / "previews"}};
  // The files editors and systems leave over WebDAV, kept aside from the documents.
  webdav::JunkFiles dav_junk{options.data_dir / "webdav-junk",
                             static_cast<int64_t>(options.junk_lifetime.count()) * 1000};
};

}  // namespace synaps::server
