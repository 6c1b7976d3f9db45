#include "dms-server/webdav/locks.h"

#include <Poco/UUIDGenerator.h>

#include <algorithm>

#include "dms-server/store/names.h"

namespace synaps::webdav {

using store::Result;
using store::Status;

namespace {

constexpr int64_t kDefaultTimeout = 600;
constexpr int64_t kMaxTimeout = 86400;

int64_t Bounded(int64_t timeout_seconds) {
  if (timeout_seconds <= 0) return kDefaultTimeout;
  return std::clamp<int64_t>(timeout_seconds, 1, kMaxTimeout);
}

bool Applies(const Lock& lock, const std::string& path) {
  return lock.path == path || (lock.infinite && IsWithin(path, lock.path));
}

}  // namespace

bool IsWithin(const std::string& inner, const std::string& outer) {
  return outer.empty() || store::IsAtOrBeneath(inner, outer);  // the root holds everything
}

void LockManager::DropExpired() {
  int64_t now = store::NowMs();
  std::erase_if(locks_, [now](const Lock& lock) { return lock.expires_at <= now; });
}

Result<Lock> LockManager::Acquire(const std::string& login, const std::string& path, bool exclusive,
                                  bool infinite, std::string owner_xml, int64_t timeout_seconds) {
  std::lock_guard lock_guard(mu_);
  DropExpired();
  for (const Lock& held : locks_) {
    bool overlaps = Applies(held, path) || (infinite && IsWithin(held.path, path));
    if (overlaps && (exclusive || held.exclusive)) {
      return Status::Conflict(held.path + " is locked");
    }
  }
  Lock lock;
  lock.token =
      "opaquelocktoken:" + Poco::UUIDGenerator::defaultGenerator().createRandom().toString();
  lock.path = path;
  lock.exclusive = exclusive;
  lock.infinite = infinite;
  lock.owner_xml = std::move(owner_xml);
  lock.login = login;
  lock.timeout_seconds = Bounded(timeout_seconds);
  lock.expires_at = store::NowMs() + lock.timeout_seconds * 1000;
  locks_.push_back(lock);
  return lock;
}

Result<Lock> LockManager::Refresh(const std::string& token, const std::string& path,
                                  int64_t timeout_seconds) {
  std::lock_guard lock_guard(mu_);
  DropExpired();
  for (Lock& lock : locks_) {
    if (lock.token == token && Applies(lock, path)) {
      lock.timeout_seconds = Bounded(timeout_seconds);
      lock.expires_at = store::NowMs() + lock.timeout_seconds * 1000;
      return lock;
    }
  }
  return Status::NotFound("no lock " + token + " applies to " + path);
}

Status LockManager::Release(const std::string& token, const std::string& path) {
  std::lock_guard lock_guard(mu_);
  DropExpired();
  auto it = std::find_if(locks_.begin(), locks_.end(), [&](const Lock& lock) {
    return lock.token == token && Applies(lock, path);
  });
  if (it == locks_.end()) return Status::NotFound("no lock " + token + " applies to " + path);
  locks_.erase(it);
  return Status::Ok();
}

std::vector<Lock> LockManager::Covering(const std::string& path) {
  std::lock_guard lock_guard(mu_);
  DropExpired();
  std::vector<Lock> found;
  for (const Lock& lock : locks_) {
    if (Applies(lock, path)) found.push_back(lock);
  }
  return found;
}

std::vector<Lock> LockManager::RecordSave(const std::string& login, const std::string& path,
                                          int64_t document_id) {
  std::lock_guard lock_guard(mu_);
  DropExpired();
  std::vector<Lock> changed;
  for (Lock& lock : locks_) {
    if (!lock.infinite || lock.login != login || !Applies(lock, path)) continue;
    auto& saved = lock.saved_documents;
    if (std::find(saved.begin(), saved.end(), document_id) == saved.end()) {
      saved.push_back(document_id);
      changed.push_back(lock);
    }
  }
  return changed;
}

std::vector<int64_t> LockManager::SavedUnder(const std::string& token) {
  std::lock_guard lock_guard(mu_);
  for (const Lock& lock : locks_) {
    if (lock.token == token) return lock.saved_documents;
  }
  return {};
}

std::vector<Lock> LockManager::Within(const std::string& path) {
  std::lock_guard lock_guard(mu_);
  DropExpired();
  std::vector<Lock> found;
  for (const Lock& lock : locks_) {
    if (IsWithin(lock.path, path)) found.push_back(lock);
  }
  return found;
}

bool LockManager::Covers(const std::string& token, const std::string& path) {
  std::lock_guard lock_guard(mu_);
  DropExpired();
  return std::any_of(locks_.begin(), locks_.end(),
                     [&](const Lock& lock) { return lock.token == token && Applies(lock, path); });
}

std::vector<std::string> LockManager::Forget(const std::string& path) {
  std::lock_guard lock_guard(mu_);
  std::vector<std::string> tokens;
  std::erase_if(locks_, [&](const Lock& lock) {
    if (!IsWithin(lock.path, path)) return false;
    tokens.push_back(lock.token);
    return true;
  });
  return tokens;
}

void LockManager::Restore(std::vector<Lock> locks) {
  std::lock_guard lock_guard(mu_);
  locks_ = std::move(locks);
  DropExpired();
}

Status LockManager::MayChange(const documents::Caller& caller, const store::Document& document) {
  std::lock_guard lock_guard(mu_);
  DropExpired();
  for (const Lock& lock : locks_) {
    if (Applies(lock, document.path()) && lock.login != caller.user().login) {
      return documents::Locked(document.path());
    }
  }
  return Status::Ok();
}

Status LockManager::MayChangeFolder(const documents::Caller& caller, const std::string& path) {
  std::lock_guard lock_guard(mu_);
  DropExpired();
  for (const Lock& lock : locks_) {
    if ((Applies(lock, path) || IsWithin(lock.path, path)) && lock.login != caller.user().login) {
      return documents::Locked(lock.path);
    }
  }
  return Status::Ok();
}

void LockManager::Left(const std::string& path) {
  Forget(path);
}

}  // namespace synaps::webdav
