// LoginThrottle and TrustedProxies on their own: places taken before a password is checked,
// a bounded table that keeps its recent entries, and who the client of a proxied request is.
#include "dms-server/server/login_throttle.h"

#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/IPAddress.h>

#include <catch2/catch.hpp>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "dms-server/server/trusted_proxies.h"

namespace synaps::server {
namespace {

using std::chrono::seconds;

// A failed attempt of `login` from `address`; false when the throttle refused it.
bool Fail(LoginThrottle& throttle, const std::string& login, const std::string& address) {
  seconds wait{0};
  auto attempt = throttle.Admit(login, address, &wait);
  if (!attempt) return false;
  attempt->Failed();
  return true;
}

TEST_CASE("attempts take their place before the password is checked", "[throttle]") {
  LoginThrottleOptions options;  // 3 free failures per login and address
  options.queue_wait = std::chrono::milliseconds(0);
  LoginThrottle throttle(options);
  seconds wait{0};
  std::vector<LoginThrottle::Attempt> checking;
  for (int i = 0; i < 3; ++i) {
    auto attempt = throttle.Admit("marc", "192.0.2.1", &wait);
    REQUIRE(attempt);
    checking.push_back(std::move(*attempt));
  }
  // Three checks under way may all fail: a fourth must wait for them.
  CHECK(!throttle.Admit("marc", "192.0.2.1", &wait));
  CHECK(wait == seconds(1));
  // Elsewhere, and for another login, nothing waits.
  CHECK(throttle.Admit("marc", "192.0.2.2", &wait));
  CHECK(throttle.Admit("lea", "192.0.2.1", &wait));
  for (auto& attempt : checking) attempt.Failed();
  // Past the free failures, one check at a time, and each failure doubles the delay.
  auto fourth = throttle.Admit("marc", "192.0.2.1", &wait);
  REQUIRE(fourth);
  CHECK(!throttle.Admit("marc", "192.0.2.1", &wait));
  fourth->Failed();
  CHECK(!throttle.Admit("marc", "192.0.2.1", &wait));
  CHECK(wait == seconds(1));
  // An attempt dropped unsettled (a store error) gives its place back.
  { auto dropped = throttle.Admit("paul", "192.0.2.1", &wait); }
  CHECK(throttle.size() == 3);  // marc's from 192.0.2.1, his account, the address's logins
}

TEST_CASE("an attempt without a place waits for the checks under way", "[throttle]") {
  LoginThrottle throttle;  // waits up to 5 s
  seconds wait{0};
  std::vector<LoginThrottle::Attempt> checking;
  for (int i = 0; i < 3; ++i) checking.push_back(*throttle.Admit("marc", "192.0.2.1", &wait));
  // The checks under way succeed: the waiting attempt goes on.
  bool admitted = false;  // the attempt itself is dropped at once: settled as neither
  std::thread waiting([&] { admitted = throttle.Admit("marc", "192.0.2.1", &wait).has_value(); });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  for (auto& attempt : checking) attempt.Succeeded();
  waiting.join();
  CHECK(admitted);

  // They fail, the last one past the free allowance: the waiting attempt is refused.
  checking.clear();
  for (int i = 0; i < 3; ++i) REQUIRE(Fail(throttle, "marc", "192.0.2.1"));
  checking.push_back(*throttle.Admit("marc", "192.0.2.1", &wait));
  std::thread refused([&] { admitted = throttle.Admit("marc", "192.0.2.1", &wait).has_value(); });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  checking.front().Failed();
  refused.join();
  CHECK(!admitted);
  CHECK(wait == seconds(1));
}

TEST_CASE("spraying many logins slows the address, an account's failures stay capped",
          "[throttle]") {
  LoginThrottleOptions options;
  options.address_free_logins = 5;
  options.account_free_failures = 2;
  options.account_max_delay = seconds(2);
  LoginThrottle throttle(options);
  for (int i = 0; i < 6; ++i) CHECK(Fail(throttle, "user" + std::to_string(i), "198.51.100.7"));
  seconds wait{0};
  CHECK(!throttle.Admit("user6", "198.51.100.7", &wait));
  CHECK(throttle.Admit("user6", "198.51.100.8", &wait));

  // Guesses at one account from many addresses: the account waits, at most its ceiling.
  for (int i = 0; i < 3; ++i) CHECK(Fail(throttle, "chef", "203.0.113." + std::to_string(i)));
  CHECK(!throttle.Admit("chef", "203.0.113.200", &wait));
  CHECK(wait <= seconds(2));
}

// A failed attempt from the `i`th of many addresses, at a login of its own: three entries.
void Spray(LoginThrottle& throttle, int i) {
  std::string address = "10." + std::to_string(i / 65536) + "." + std::to_string(i / 256 % 256) +
                        "." + std::to_string(i % 256);
  REQUIRE(Fail(throttle, "name" + std::to_string(i), address));
}

TEST_CASE("the throttle table past its cap keeps its recent entries", "[throttle]") {
  LoginThrottle throttle;  // 100,000 entries at most
  int sprayed = 0;
  for (; sprayed < 30000; ++sprayed) Spray(throttle, sprayed);
  for (int i = 0; i < 4; ++i) REQUIRE(Fail(throttle, "victim", "192.0.2.1"));
  seconds wait{0};
  REQUIRE(!throttle.Admit("victim", "192.0.2.1", &wait));
  // More of the flood takes the table past its cap: the oldest entries go, not the recent ones.
  for (; sprayed < 35000; ++sprayed) Spray(throttle, sprayed);
  CHECK(throttle.size() <= 100000);
  CHECK(throttle.size() > 99000);
  CHECK(!throttle.Admit("victim", "192.0.2.1", &wait));
}

std::string ClientOf(const TrustedProxies& proxies, const std::string& peer,
                     const std::vector<std::string>& forwarded_for) {
  Poco::Net::HTTPRequest request("GET", "/api/v1/me");
  for (const auto& value : forwarded_for) request.add("X-Forwarded-For", value);
  return proxies.ClientOf(Poco::Net::IPAddress(peer), request);
}

TEST_CASE("X-Forwarded-For names the client only when a trusted proxy sends it", "[proxies]") {
  auto parsed = TrustedProxies::Parse("127.0.0.1, 10.0.0.0/8  2001:db8::/32");
  REQUIRE(parsed.ok());
  const TrustedProxies& proxies = *parsed;
  CHECK(proxies.Trusts(Poco::Net::IPAddress("10.200.0.1")));
  CHECK(proxies.Trusts(Poco::Net::IPAddress("::ffff:127.0.0.1")));
  CHECK(proxies.Trusts(Poco::Net::IPAddress("2001:db8:1::5")));
  CHECK(!proxies.Trusts(Poco::Net::IPAddress("11.0.0.1")));
  CHECK(!proxies.Trusts(Poco::Net::IPAddress("127.0.0.2")));

  // An untrusted peer is the client, whatever it claims.
  CHECK(ClientOf(proxies, "198.51.100.1", {"203.0.113.9"}) == "198.51.100.1");
  // Through a proxy: the right-most entry that is not a proxy; the left ones are a claim.
  CHECK(ClientOf(proxies, "127.0.0.1", {"203.0.113.9"}) == "203.0.113.9");
  CHECK(ClientOf(proxies, "127.0.0.1", {"6.6.6.6, 203.0.113.9, 10.1.1.1"}) == "203.0.113.9");
  CHECK(ClientOf(proxies, "127.0.0.1", {"6.6.6.6", "203.0.113.9:4711"}) == "203.0.113.9");
  CHECK(ClientOf(proxies, "127.0.0.1", {"[2001:db9::1]:80"}) == "2001:db9::1");
  CHECK(ClientOf(proxies, "127.0.0.1", {}) == "127.0.0.1");
  CHECK(ClientOf(proxies, "127.0.0.1", {"10.0.0.3"}) == "10.0.0.3");

  CHECK(TrustedProxies::Parse("").ok());
  CHECK(!TrustedProxies::Parse("proxy.example").ok());
  CHECK(!TrustedProxies::Parse("10.0.0.0/33").ok());
  CHECK(!TrustedProxies::Parse("10.0.0.0/").ok());
  CHECK(ClientOf(TrustedProxies(), "127.0.0.1", {"203.0.113.9"}) == "127.0.0.1");
}

}  // namespace
}  // namespace synaps::server
