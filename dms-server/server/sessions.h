// Sessions and a short cache of verified HTTP Basic credentials: the server's authentication
// state (login throttling is in login_throttle.h). Sessions survive a restart (see
// SessionStore); the credential cache is in memory only, and starts afresh.
//
// Thread-safety: every class here is thread-safe (one mutex each).
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "dms-server/store/status.h"

namespace synaps::store::sql {
class Database;
}

namespace synaps::server {

using Clock = std::chrono::steady_clock;

// A random token of `bytes` bytes, as lowercase hex (OpenSSL's CSPRNG).
std::string RandomToken(size_t bytes = 32);

struct Session {
  std::string login;
  // The account's User::credential_generation at login: a session of an older generation (the
  // password changed, the account was disabled) has ended.
  int64_t credential_generation = 0;
  std::string csrf_token;  // required in X-CSRF-Token for writes authenticated by the cookie
  int64_t expires_ms = 0;  // Unix time: it must mean the same after a restart
};

// Cookie sessions. A session expires after `idle` without use.
//
// Once Open() has given it a file, every session is also kept in that small SQLite database,
// so a restart (an upgrade, a crash) logs nobody out. Rows are keyed by the SHA-256 of the
// session id: the file never holds a cookie that could be replayed. Uses refresh the stored
// expiry at most once a minute, so reading pages does not mean writing to disk. A failure of
// the file is reported on stderr once and the sessions go on in memory: losing sessions is an
// inconvenience, refusing logins would be an outage.
class SessionStore {
 public:
  explicit SessionStore(std::chrono::seconds idle);
  ~SessionStore();
  SessionStore(const SessionStore&) = delete;
  SessionStore& operator=(const SessionStore&) = delete;

  // Opens (creating if needed) the session file and loads its live sessions.
  store::Status Open(const std::filesystem::path& file);
  // Returns the new session's id (the cookie value).
  std::string Create(const std::string& login, int64_t credential_generation,
                     std::string* csrf_token);
  // The live session `id`, refreshed; nullopt if unknown or expired.
  std::optional<Session> Find(const std::string& id);
  // Carries session `id` over to a new credential generation (its owner changed the password
  // through it, and should stay logged in there only).
  void SetGeneration(const std::string& id, int64_t credential_generation);
  void Remove(const std::string& id);
  // Ends every session of `login` (an account disabled, a password changed).
  void RemoveAllOf(const std::string& login);

 private:
  struct Entry {
    Session session;
    int64_t stored_expires_ms = 0;  // the expiry last written to the file
  };
  void Persist(const std::string& key, const Entry& entry);
  void Unpersist(const std::string& key);
  void ReportFailure(const store::Status& status);

  std::mutex mutex_;
  std::chrono::seconds idle_;
  std::map<std::string, Entry> sessions_;  // by SHA-256 of the id
  std::unique_ptr<store::sql::Database> db_;
  bool failure_reported_ = false;
};

// Remembers for `ttl` that a login + password pair was verified, so that scripts using HTTP
// Basic on every request do not pay the (deliberately slow) password hash each time. Holds
// only a salted SHA-256 of the pair.
class CredentialCache {
 public:
  explicit CredentialCache(std::chrono::seconds ttl);
  // The account's credential generation when the pair was verified (the caller compares it with
  // the account's current one), or nullopt if the pair is not known.
  std::optional<int64_t> Find(const std::string& login, const std::string& password);
  void Add(const std::string& login, const std::string& password, int64_t credential_generation);

 private:
  std::string Key(const std::string& login, const std::string& password) const;
  std::mutex mutex_;
  std::chrono::seconds ttl_;
  std::string salt_;
  struct Entry {
    int64_t credential_generation;
    Clock::time_point expires;
  };
  std::map<std::string, Entry> entries_;
};

}  // namespace synaps::server
