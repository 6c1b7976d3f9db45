#include "dms-server/server/login_throttle.h"

#include <algorithm>
#include <utility>

namespace synaps::server {

namespace {

// An address carries no '\n': the pair's key is unambiguous.
std::string PairKey(const std::string& login, const std::string& address) {
  return "p" + address + '\n' + login;
}
std::string AccountKey(const std::string& login) {
  return "u" + login;
}
std::string AddressKey(const std::string& address) {
  return "a" + address;
}

}  // namespace

LoginThrottle::Attempt::Attempt(Attempt&& other) noexcept
    : throttle_(std::exchange(other.throttle_, nullptr)), slots_(std::move(other.slots_)) {}

LoginThrottle::Attempt::~Attempt() {
  if (throttle_) throttle_->Settle(*this, Outcome::kNone);
}

void LoginThrottle::Attempt::Succeeded() {
  if (throttle_) throttle_->Settle(*this, Outcome::kSuccess);
}

void LoginThrottle::Attempt::Failed() {
  if (throttle_) throttle_->Settle(*this, Outcome::kFailure);
}

LoginThrottle::LoginThrottle(LoginThrottleOptions options) : options_(options) {}

std::chrono::seconds LoginThrottle::Wait(const std::string& login, const std::string& address) {
  std::lock_guard lock(mutex_);
  auto now = Clock::now();
  return std::max({BlockedFor(PairKey(login, address), now), BlockedFor(AccountKey(login), now),
                   BlockedFor(AddressKey(address), now)});
}

std::optional<LoginThrottle::Attempt> LoginThrottle::Admit(const std::string& login,
                                                           const std::string& address,
                                                           std::chrono::seconds* wait) {
  std::unique_lock lock(mutex_);
  return Reserve(
      lock,
      [&] {
        std::string pair = PairKey(login, address);
        const Entry* known = Find(pair, Clock::now());
        // The address counts the distinct logins failing from it: an attempt takes a place
        // there only for a login not failing from it yet. The address's block holds for every
        // login. The pair comes first: settling it tells whether the address gains a login.
        Needs needs{
            {{Attempt::Kind::kPair, std::move(pair)}, {Attempt::Kind::kAccount, AccountKey(login)}},
            {}};
        if (known == nullptr || known->failures == 0) {
          needs.slots.push_back({Attempt::Kind::kAddress, AddressKey(address)});
        } else {
          needs.blocking.push_back(AddressKey(address));
        }
        return needs;
      },
      wait);
}

std::optional<LoginThrottle::Attempt> LoginThrottle::AdmitToken(const std::string& address,
                                                                std::chrono::seconds* wait) {
  std::unique_lock lock(mutex_);
  return Reserve(
      lock,
      [&] {
        return Needs{{{Attempt::Kind::kToken, "t" + address}}, {}};
      },
      wait);
}

size_t LoginThrottle::size() {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

LoginThrottle::Rule LoginThrottle::RuleOf(Attempt::Kind kind) const {
  switch (kind) {
    case Attempt::Kind::kAddress:
      return {options_.address_free_logins, options_.max_delay};
    case Attempt::Kind::kAccount:
      return {options_.account_free_failures, options_.account_max_delay};
    case Attempt::Kind::kPair:
    case Attempt::Kind::kToken:
      break;
  }
  return {options_.free_failures, options_.max_delay};
}

LoginThrottle::Entry* LoginThrottle::Find(const std::string& key, Clock::time_point now) {
  auto it = entries_.find(key);
  if (it == entries_.end()) return nullptr;
  if (it->second.in_flight == 0 && it->second.expires <= now) {
    Erase(key);
    return nullptr;
  }
  return &it->second;
}

std::chrono::seconds LoginThrottle::BlockedFor(const std::string& key, Clock::time_point now) {
  const Entry* entry = Find(key, now);
  if (entry == nullptr || entry->blocked_until <= now) return std::chrono::seconds(0);
  return std::chrono::ceil<std::chrono::seconds>(entry->blocked_until - now);
}

bool LoginThrottle::Full(const std::string& key, const Rule& rule, Clock::time_point now) {
  const Entry* entry = Find(key, now);
  return entry != nullptr && entry->in_flight > 0 &&
         entry->failures + entry->in_flight >= rule.free_failures;
}

std::optional<LoginThrottle::Attempt> LoginThrottle::Reserve(std::unique_lock<std::mutex>& lock,
                                                             const std::function<Needs()>& needs,
                                                             std::chrono::seconds* wait) {
  const auto deadline = Clock::now() + options_.queue_wait;
  for (;;) {
    auto now = Clock::now();
    Needs needed = needs();
    std::chrono::seconds blocked{0};
    bool full = false;
    for (const auto& slot : needed.slots) {
      blocked = std::max(blocked, BlockedFor(slot.key, now));
      full = full || Full(slot.key, RuleOf(slot.kind), now);
    }
    for (const auto& key : needed.blocking) blocked = std::max(blocked, BlockedFor(key, now));
    *wait = blocked;
    if (blocked.count() > 0) return std::nullopt;
    if (!full) {
      Attempt attempt(this);
      for (const auto& slot : needed.slots) ++Touch(slot.key, now).in_flight;
      attempt.slots_ = std::move(needed.slots);
      Evict(now);
      return attempt;
    }
    if (now >= deadline) {
      *wait = std::chrono::seconds(1);
      return std::nullopt;
    }
    settled_.wait_until(lock, deadline);
  }
}

LoginThrottle::Entry& LoginThrottle::Touch(const std::string& key, Clock::time_point now) {
  auto [it, inserted] = entries_.try_emplace(key);
  Entry& entry = it->second;
  if (inserted) {
    recency_.push_front(key);
    entry.recency = recency_.begin();
  } else {
    recency_.splice(recency_.begin(), recency_, entry.recency);
  }
  entry.expires = std::max({entry.expires, entry.blocked_until, now + options_.forget_after});
  return entry;
}

void LoginThrottle::Settle(Attempt& attempt, Outcome outcome) {
  std::lock_guard lock(mutex_);
  auto now = Clock::now();
  bool pair_was_clean = true;
  for (const auto& slot : attempt.slots_) {
    auto it = entries_.find(slot.key);
    if (it == entries_.end()) continue;  // not expected: an entry in use is never dropped
    Entry& entry = it->second;
    --entry.in_flight;
    if (outcome == Outcome::kFailure) {
      if (slot.kind == Attempt::Kind::kPair) pair_was_clean = entry.failures == 0;
      if (slot.kind != Attempt::Kind::kAddress || pair_was_clean) {
        RecordFailure(entry, RuleOf(slot.kind), now);
        Touch(slot.key, now);
      }
    } else if (outcome == Outcome::kSuccess &&
               (slot.kind == Attempt::Kind::kPair || slot.kind == Attempt::Kind::kAccount)) {
      entry.failures = 0;
      entry.blocked_until = {};
    }
    if (entry.failures == 0 && entry.in_flight == 0) Erase(slot.key);
  }
  attempt.throttle_ = nullptr;
  settled_.notify_all();
}

void LoginThrottle::RecordFailure(Entry& entry, const Rule& rule, Clock::time_point now) {
  ++entry.failures;
  int over = entry.failures - rule.free_failures;
  if (over > 0) {
    auto delay = std::chrono::seconds(1LL << std::min(over - 1, 20));
    entry.blocked_until = now + std::min(delay, rule.max_delay);
  }
}

void LoginThrottle::Erase(const std::string& key) {
  auto it = entries_.find(key);
  if (it == entries_.end()) return;
  recency_.erase(it->second.recency);
  entries_.erase(it);
}

void LoginThrottle::Evict(Clock::time_point now) {
  // The least recently used are at the back: the expired ones first, and past the cap, the
  // oldest. Entries in use stay (at most one per request thread and key kind).
  for (size_t looked = 0, total = recency_.size(); looked < total && !recency_.empty(); ++looked) {
    auto oldest = std::prev(recency_.end());
    const Entry& entry = entries_.at(*oldest);
    if (entry.expires > now && entries_.size() <= options_.max_entries) return;
    if (entry.in_flight > 0) {
      recency_.splice(recency_.begin(), recency_, oldest);
      continue;
    }
    std::string key = *oldest;
    Erase(key);
  }
}

}  // namespace synaps::server
