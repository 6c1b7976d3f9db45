#include "dms-server/server/sessions.h"

#include <openssl/rand.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "dms-server/store/sha256.h"
#include "dms-server/store/sqlite.h"

namespace synaps::server {

std::string RandomToken(size_t bytes) {
  std::string raw(bytes, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(raw.data()), static_cast<int>(bytes)) != 1) {
    std::abort();  // no randomness: nothing safe can be done
  }
  static const char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(bytes * 2);
  for (unsigned char c : raw) {
    hex += kHex[c >> 4];
    hex += kHex[c & 15];
  }
  return hex;
}

namespace {

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string KeyOf(const std::string& id) {
  store::Sha256 hash;
  hash.Update(id.data(), id.size());
  return hash.HexDigest();
}

// Stored expiries lag the real ones by at most this much (see the class comment).
constexpr int64_t kRefreshWriteMs = 60 * 1000;

}  // namespace

SessionStore::SessionStore(std::chrono::seconds idle) : idle_(idle) {}

SessionStore::~SessionStore() = default;

store::Status SessionStore::Open(const std::filesystem::path& file) {
  SYNAPS_ASSIGN_OR_RETURN(auto db, store::sql::Database::Open(file, /*create=*/true));
  SYNAPS_RETURN_IF_ERROR(
      db->Exec("CREATE TABLE IF NOT EXISTS sessions (key TEXT PRIMARY KEY, login TEXT NOT NULL, "
               "csrf_token TEXT NOT NULL, expires_ms INTEGER NOT NULL)"));
  // Version 1 of the file remembers each session's credential generation. Sessions of a file
  // written before count as generation 0: at worst their owner logs in again.
  SYNAPS_ASSIGN_OR_RETURN(auto version, db->Prepare("PRAGMA user_version"));
  SYNAPS_ASSIGN_OR_RETURN(bool has_version, version.Step());
  if (has_version && version.Int(0) < 1) {
    SYNAPS_RETURN_IF_ERROR(version.Run());
    SYNAPS_RETURN_IF_ERROR(
        db->Exec("ALTER TABLE sessions ADD COLUMN credential_generation INTEGER NOT NULL "
                 "DEFAULT 0; PRAGMA user_version = 1"));
  }
  SYNAPS_ASSIGN_OR_RETURN(auto purge, db->Prepare("DELETE FROM sessions WHERE expires_ms < ?"));
  SYNAPS_RETURN_IF_ERROR(purge.Bind(1, NowMs()).Run());
  SYNAPS_ASSIGN_OR_RETURN(
      auto select, db->Prepare("SELECT key, login, credential_generation, csrf_token, expires_ms "
                               "FROM sessions"));
  std::map<std::string, Entry> loaded;
  for (;;) {
    SYNAPS_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) break;
    Entry entry{{select.Text(1), select.Int(2), select.Text(3), select.Int(4)}, select.Int(4)};
    loaded[select.Text(0)] = std::move(entry);
  }
  std::lock_guard lock(mutex_);
  for (auto& [key, entry] : loaded) sessions_.insert_or_assign(key, std::move(entry));
  db_ = std::move(db);
  return store::Status::Ok();
}

void SessionStore::ReportFailure(const store::Status& status) {
  if (status.ok() || failure_reported_) return;
  failure_reported_ = true;
  std::fprintf(stderr, "synaps-server: sessions will not survive a restart: %s\n",
               status.message().c_str());
}

void SessionStore::Persist(const std::string& key, const Entry& entry) {
  if (!db_) return;
  auto statement = db_->Prepare(
      "INSERT INTO sessions (key, login, csrf_token, expires_ms, credential_generation) "
      "VALUES (?, ?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET expires_ms = excluded.expires_ms, "
      "credential_generation = excluded.credential_generation");
  if (!statement.ok()) return ReportFailure(statement.status());
  ReportFailure(statement->Bind(1, key)
                    .Bind(2, entry.session.login)
                    .Bind(3, entry.session.csrf_token)
                    .Bind(4, entry.stored_expires_ms)
                    .Bind(5, entry.session.credential_generation)
                    .Run());
}

void SessionStore::Unpersist(const std::string& key) {
  if (!db_) return;
  auto statement = db_->Prepare("DELETE FROM sessions WHERE key = ?");
  if (!statement.ok()) return ReportFailure(statement.status());
  ReportFailure(statement->Bind(1, key).Run());
}

std::string SessionStore::Create(const std::string& login, int64_t credential_generation,
                                 std::string* csrf_token) {
  std::string id = RandomToken();
  int64_t expires = NowMs() + idle_.count() * 1000;
  Entry entry{{login, credential_generation, RandomToken(), expires}, expires};
  *csrf_token = entry.session.csrf_token;
  std::string key = KeyOf(id);
  std::lock_guard lock(mutex_);
  // Drop expired sessions now and then so the map and the file cannot grow without bound.
  if (sessions_.size() % 64 == 0) {
    int64_t now = NowMs();
    for (auto it = sessions_.begin(); it != sessions_.end();) {
      if (it->second.session.expires_ms < now) {
        Unpersist(it->first);
        it = sessions_.erase(it);
      } else {
        ++it;
      }
    }
  }
  Persist(key, entry);
  sessions_[key] = std::move(entry);
  return id;
}

std::optional<Session> SessionStore::Find(const std::string& id) {
  std::string key = KeyOf(id);
  std::lock_guard lock(mutex_);
  auto it = sessions_.find(key);
  if (it == sessions_.end()) return std::nullopt;
  int64_t now = NowMs();
  Entry& entry = it->second;
  if (entry.session.expires_ms < now) {
    Unpersist(key);
    sessions_.erase(it);
    return std::nullopt;
  }
  entry.session.expires_ms = now + idle_.count() * 1000;
  if (entry.session.expires_ms - entry.stored_expires_ms >= kRefreshWriteMs) {
    entry.stored_expires_ms = entry.session.expires_ms;
    Persist(key, entry);
  }
  return entry.session;
}

void SessionStore::Remove(const std::string& id) {
  std::string key = KeyOf(id);
  std::lock_guard lock(mutex_);
  Unpersist(key);
  sessions_.erase(key);
}

void SessionStore::SetGeneration(const std::string& id, int64_t credential_generation) {
  std::string key = KeyOf(id);
  std::lock_guard lock(mutex_);
  auto it = sessions_.find(key);
  if (it == sessions_.end()) return;
  it->second.session.credential_generation = credential_generation;
  Persist(key, it->second);
}

void SessionStore::RemoveAllOf(const std::string& login) {
  std::lock_guard lock(mutex_);
  for (auto it = sessions_.begin(); it != sessions_.end();) {
    if (it->second.session.login == login) {
      Unpersist(it->first);
      it = sessions_.erase(it);
    } else {
      ++it;
    }
  }
}

CredentialCache::CredentialCache(std::chrono::seconds ttl) : ttl_(ttl), salt_(RandomToken()) {}

std::string CredentialCache::Key(const std::string& login, const std::string& password) const {
  store::Sha256 hash;
  hash.Update(salt_.data(), salt_.size());
  std::string length = std::to_string(login.size()) + ":";
  hash.Update(length.data(), length.size());
  hash.Update(login.data(), login.size());
  hash.Update(password.data(), password.size());
  return hash.HexDigest();
}

std::optional<int64_t> CredentialCache::Find(const std::string& login,
                                             const std::string& password) {
  std::string key = Key(login, password);
  std::lock_guard lock(mutex_);
  auto it = entries_.find(key);
  if (it == entries_.end()) return std::nullopt;
  if (it->second.expires < Clock::now()) {
    entries_.erase(it);
    return std::nullopt;
  }
  return it->second.credential_generation;
}

void CredentialCache::Add(const std::string& login, const std::string& password,
                          int64_t credential_generation) {
  std::string key = Key(login, password);
  std::lock_guard lock(mutex_);
  if (entries_.size() > 10000) entries_.clear();
  entries_[key] = Entry{credential_generation, Clock::now() + ttl_};
}

}  // namespace synaps::server
