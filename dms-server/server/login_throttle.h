// LoginThrottle: slows password guessing down, so that the one guessing pays, not the account
// it guesses at.
//
// Three counts of failures are kept, each with its own free allowance and exponential delay
// (1 s, 2 s, 4 s... after the free ones, up to a ceiling):
//  - per login + client address: the plain guesser, up to `max_delay` (5 min by default);
//  - per client address, counting the distinct logins failing from it: password spraying, one
//    guess at each of many accounts, slows that address down (same ceiling);
//  - per login, from any address: guesses spread over many addresses. Its ceiling is low (30 s
//    by default), so that a flood of wrong passwords delays the account's owner, coming from
//    elsewhere, by that much at most: a slower login, never a lockout.
// A throttled attempt is refused with the time to wait; its password is never checked.
//
// An attempt takes its place before its password is checked (Admit) and says afterwards how it
// went. Until then it counts as a failure to come: past the free allowance, only one attempt
// of a key is checked at a time, so that guesses sent all at once cannot all be checked before
// the first failure is recorded. An attempt finding no place waits (up to `queue_wait`) for the
// ones being checked, then goes on or is refused as their outcome decides: a script sending its
// first requests in parallel with the right password is delayed, not refused.
//
// Memory is bounded: an entry is forgotten `forget_after` after its last use, and past
// `max_entries` the least recently used entries go first (a flood of new names pushes out old
// records, never the recent ones).
//
// Thread-safety: thread-safe (one mutex).
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace synaps::server {

struct LoginThrottleOptions {
  int free_failures = 3;  // per login + client address
  std::chrono::seconds max_delay{300};
  int address_free_logins = 20;    // distinct logins failing from one client address
  int account_free_failures = 10;  // per login, from every address together
  std::chrono::seconds account_max_delay{30};
  std::chrono::seconds forget_after{900};  // an entry unused this long is dropped
  size_t max_entries = 100000;
  // How long an attempt waits for a place while others of its keys are being checked.
  std::chrono::milliseconds queue_wait{5000};
};

class LoginThrottle {
 public:
  using Clock = std::chrono::steady_clock;

  // A check of credentials that holds its place in the throttle. Move-only; dropped without
  // Succeeded() or Failed() (the check could not be made: a store error), it gives its place
  // back and counts as neither.
  class Attempt {
   public:
    Attempt(Attempt&& other) noexcept;
    Attempt& operator=(Attempt&&) = delete;
    Attempt(const Attempt&) = delete;
    Attempt& operator=(const Attempt&) = delete;
    ~Attempt();
    // The credentials were right: the failures of this login (from this address, and from
    // everywhere) are forgotten. The address's count of failing logins stays.
    void Succeeded();
    // The credentials were wrong: counted, and the next attempts may have to wait.
    void Failed();

   private:
    friend class LoginThrottle;
    enum class Kind { kPair, kAddress, kAccount, kToken };
    struct Slot {
      Kind kind;
      std::string key;
    };
    explicit Attempt(LoginThrottle* throttle) : throttle_(throttle) {}
    LoginThrottle* throttle_;  // null once settled or moved from
    std::vector<Slot> slots_;
  };

  explicit LoginThrottle(LoginThrottleOptions options = {});
  LoginThrottle(const LoginThrottle&) = delete;
  LoginThrottle& operator=(const LoginThrottle&) = delete;

  // How long a password attempt for `login` from `address` (the client's, see
  // trusted_proxies.h) must wait before it may be made; zero: now. Takes no place: for answers
  // that need no check, such as credentials verified a moment ago.
  std::chrono::seconds Wait(const std::string& login, const std::string& address);
  // A password attempt for `login` from `address`: an Attempt to settle once the password is
  // checked, or nullopt with *wait set to how long to wait (at least 1 s). May block up to
  // `queue_wait` while other attempts of the same keys are being checked.
  std::optional<Attempt> Admit(const std::string& login, const std::string& address,
                               std::chrono::seconds* wait);
  // An API token attempt from `address`: counted per address only (tokens are random and long;
  // this only keeps one client from flooding the store with wrong ones). Like Admit().
  std::optional<Attempt> AdmitToken(const std::string& address, std::chrono::seconds* wait);

  // How many entries are kept (tests).
  size_t size();

 private:
  struct Entry {
    int failures = 0;
    int in_flight = 0;  // admitted attempts not settled yet
    Clock::time_point blocked_until{};
    Clock::time_point expires{};
    std::list<std::string>::iterator recency;  // its place in recency_
  };
  struct Rule {
    int free_failures;
    std::chrono::seconds max_delay;
  };
  enum class Outcome { kSuccess, kFailure, kNone };

  Rule RuleOf(Attempt::Kind kind) const;
  // The live entry of `key` or null (an expired one is dropped).
  Entry* Find(const std::string& key, Clock::time_point now);
  // How long `key` is blocked from `now` (zero: not blocked).
  std::chrono::seconds BlockedFor(const std::string& key, Clock::time_point now);
  // Whether the attempts of `key` being checked fill its places: each may be one more failure,
  // and past the free allowance only one at a time is checked.
  bool Full(const std::string& key, const Rule& rule, Clock::time_point now);
  // What an attempt needs, as the entries stand: a place in each slot, and no block on the
  // slots nor on the other `blocking` keys.
  struct Needs {
    std::vector<Attempt::Slot> slots;
    std::vector<std::string> blocking;
  };
  // Waits until nothing `needs` names is blocked or full, then takes the places; nullopt with
  // *wait set if something is blocked, or still full after `queue_wait`.
  std::optional<Attempt> Reserve(std::unique_lock<std::mutex>& lock,
                                 const std::function<Needs()>& needs, std::chrono::seconds* wait);
  // The entry of `key` (created if needed), marked as just used.
  Entry& Touch(const std::string& key, Clock::time_point now);
  void Settle(Attempt& attempt, Outcome outcome);
  void RecordFailure(Entry& entry, const Rule& rule, Clock::time_point now);
  void Erase(const std::string& key);
  void Evict(Clock::time_point now);

  const LoginThrottleOptions options_;
  std::mutex mutex_;
  std::condition_variable settled_;  // an attempt was settled: places may be free
  std::unordered_map<std::string, Entry> entries_;
  std::list<std::string> recency_;  // keys, most recently used first
};

}  // namespace synaps::server
