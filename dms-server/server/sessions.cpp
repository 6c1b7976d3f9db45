#include "dms-server/server/sessions.h"

#include <openssl/rand.h>

#include <algorithm>
#include <cstdlib>

#include "dms-server/store/sha256.h"

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

std::string SessionStore::Create(const std::string& login, int64_t credential_generation,
                                 std::string* csrf_token) {
  std::string id = RandomToken();
  Session session{login, credential_generation, RandomToken(), Clock::now() + idle_};
  *csrf_token = session.csrf_token;
  std::lock_guard lock(mutex_);
  // Drop expired sessions now and then so the map cannot grow without bound.
  if (sessions_.size() % 64 == 0) {
    auto now = Clock::now();
    std::erase_if(sessions_, [&](const auto& entry) { return entry.second.expires < now; });
  }
  sessions_[id] = std::move(session);
  return id;
}

std::optional<Session> SessionStore::Find(const std::string& id) {
  std::lock_guard lock(mutex_);
  auto it = sessions_.find(id);
  if (it == sessions_.end()) return std::nullopt;
  auto now = Clock::now();
  if (it->second.expires < now) {
    sessions_.erase(it);
    return std::nullopt;
  }
  it->second.expires = now + idle_;
  return it->second;
}

void SessionStore::SetGeneration(const std::string& id, int64_t credential_generation) {
  std::lock_guard lock(mutex_);
  auto it = sessions_.find(id);
  if (it != sessions_.end()) it->second.credential_generation = credential_generation;
}

void SessionStore::Remove(const std::string& id) {
  std::lock_guard lock(mutex_);
  sessions_.erase(id);
}

std::chrono::seconds LoginThrottle::Wait(const std::string& key) {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(key);
  if (it == entries_.end()) return std::chrono::seconds(0);
  auto now = Clock::now();
  if (it->second.blocked_until <= now) return std::chrono::seconds(0);
  return std::chrono::duration_cast<std::chrono::seconds>(it->second.blocked_until - now) +
         std::chrono::seconds(1);
}

void LoginThrottle::RecordFailure(const std::string& key) {
  std::lock_guard lock(mutex_);
  if (entries_.size() > 100000) entries_.clear();  // bounded memory under a flood of names
  Entry& entry = entries_[key];
  ++entry.failures;
  int over = entry.failures - free_failures_;
  if (over > 0) {
    auto delay = std::chrono::seconds(1LL << std::min(over - 1, 20));
    entry.blocked_until = Clock::now() + std::min(delay, max_delay_);
  }
}

void LoginThrottle::RecordSuccess(const std::string& key) {
  std::lock_guard lock(mutex_);
  entries_.erase(key);
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
