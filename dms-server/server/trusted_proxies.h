// TrustedProxies: the reverse proxies the operator names (synaps.http.trusted_proxies), and so
// who the client of a request is.
//
// The peer of the connection is the client, unless it is a trusted proxy: then the client is the
// right-most address of X-Forwarded-For that is not a trusted proxy. Each proxy appends the
// address it received the request from, so that entry was written by a proxy the operator
// trusts; the entries to its left are the client's own claim, which anyone can write.
// X-Forwarded-For from any other peer is ignored: a client cannot choose the address it is
// known (and throttled) by.
//
// Thread-safety: immutable once made; safe to share between threads.
#pragma once

#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/IPAddress.h>

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "dms-server/store/status.h"

namespace synaps::server {

class TrustedProxies {
 public:
  TrustedProxies() = default;  // trusts no one

  // From IPv4 or IPv6 addresses and CIDR ranges separated by commas or spaces
  // ("127.0.0.1, 10.0.0.0/8 ::1"); an empty list trusts no one. InvalidArgument naming the bad
  // entry.
  static store::Result<TrustedProxies> Parse(const std::string& list);

  // Whether `address` is one of the proxies (an IPv4-mapped IPv6 address counts as IPv4).
  bool Trusts(const Poco::Net::IPAddress& address) const;

  // The client address of `request`, received from `peer`, as text ("203.0.113.7").
  std::string ClientOf(const Poco::Net::IPAddress& peer,
                       const Poco::Net::HTTPRequest& request) const;

 private:
  struct Range {
    std::array<uint8_t, 16> bytes{};
    unsigned length = 0;  // 4 or 16
    unsigned prefix = 0;  // leading bits that must match
  };
  std::vector<Range> ranges_;
};

}  // namespace synaps::server
