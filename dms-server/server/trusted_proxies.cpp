#include "dms-server/server/trusted_proxies.h"

#include <Poco/String.h>

#include <cstring>

namespace synaps::server {

namespace {

// An IPv4-mapped IPv6 address (a dual-stack socket's view of an IPv4 peer) as IPv4.
Poco::Net::IPAddress Plain(const Poco::Net::IPAddress& address) {
  if (address.family() == Poco::Net::IPAddress::IPv6 && address.isIPv4Mapped()) {
    return Poco::Net::IPAddress(static_cast<const uint8_t*>(address.addr()) + 12, 4);
  }
  return address;
}

// An X-Forwarded-For entry as an address: "203.0.113.7", "2001:db8::1", and the forms some
// proxies write with a port, "203.0.113.7:4711" and "[2001:db8::1]:4711".
bool ParseForwarded(std::string entry, Poco::Net::IPAddress* address) {
  if (Poco::Net::IPAddress::tryParse(entry, *address)) return true;
  if (!entry.empty() && entry.front() == '[') {
    auto close = entry.find(']');
    return close != std::string::npos &&
           Poco::Net::IPAddress::tryParse(entry.substr(1, close - 1), *address);
  }
  auto colon = entry.find(':');
  return colon != std::string::npos && entry.find(':', colon + 1) == std::string::npos &&
         Poco::Net::IPAddress::tryParse(entry.substr(0, colon), *address);
}

// The X-Forwarded-For entries of every such header, in order, trimmed.
std::vector<std::string> ForwardedFor(const Poco::Net::HTTPRequest& request) {
  static const std::string kName = "X-Forwarded-For";
  std::vector<std::string> entries;
  for (auto it = request.find(kName); it != request.end() && Poco::icompare(it->first, kName) == 0;
       ++it) {
    size_t start = 0;
    while (start <= it->second.size()) {
      size_t comma = std::min(it->second.find(',', start), it->second.size());
      entries.push_back(Poco::trim(it->second.substr(start, comma - start)));
      start = comma + 1;
    }
  }
  return entries;
}

}  // namespace

store::Result<TrustedProxies> TrustedProxies::Parse(const std::string& list) {
  TrustedProxies proxies;
  std::string normalized = list;
  for (char& c : normalized) {
    if (c == ',' || c == '\t') c = ' ';
  }
  size_t start = 0;
  while ((start = normalized.find_first_not_of(' ', start)) != std::string::npos) {
    size_t end = std::min(normalized.find(' ', start), normalized.size());
    std::string entry = normalized.substr(start, end - start);
    start = end;
    auto slash = entry.find('/');
    Poco::Net::IPAddress address;
    if (!Poco::Net::IPAddress::tryParse(entry.substr(0, slash), address)) {
      return store::Status::Invalid("synaps.http.trusted_proxies: \"" + entry +
                                    "\" is not an address or a CIDR range");
    }
    address = Plain(address);
    Range range;
    range.length = address.length();
    range.prefix = range.length * 8;
    std::memcpy(range.bytes.data(), address.addr(), range.length);
    if (slash != std::string::npos) {
      std::string bits = entry.substr(slash + 1);
      if (bits.empty() || bits.size() > 3 ||
          bits.find_first_not_of("0123456789") != std::string::npos ||
          std::stoul(bits) > range.length * 8) {
        return store::Status::Invalid("synaps.http.trusted_proxies: \"" + entry +
                                      "\" has a bad prefix length");
      }
      range.prefix = static_cast<unsigned>(std::stoul(bits));
    }
    proxies.ranges_.push_back(range);
  }
  return proxies;
}

bool TrustedProxies::Trusts(const Poco::Net::IPAddress& address) const {
  Poco::Net::IPAddress plain = Plain(address);
  const auto* bytes = static_cast<const uint8_t*>(plain.addr());
  for (const Range& range : ranges_) {
    if (range.length != plain.length()) continue;
    unsigned whole = range.prefix / 8, rest = range.prefix % 8;
    if (std::memcmp(bytes, range.bytes.data(), whole) != 0) continue;
    uint8_t mask = static_cast<uint8_t>(0xFF00 >> rest);
    if (rest == 0 || (bytes[whole] & mask) == (range.bytes[whole] & mask)) return true;
  }
  return false;
}

std::string TrustedProxies::ClientOf(const Poco::Net::IPAddress& peer,
                                     const Poco::Net::HTTPRequest& request) const {
  Poco::Net::IPAddress client = Plain(peer);
  if (!Trusts(client)) return client.toString();
  std::vector<std::string> entries = ForwardedFor(request);
  for (auto it = entries.rbegin(); it != entries.rend(); ++it) {
    Poco::Net::IPAddress address;
    if (!ParseForwarded(*it, &address)) {
      // Not an address ("unknown", an obfuscated name): the proxy's word for the client all
      // the same. Kept short, as it becomes a key of the throttle.
      return it->empty() ? client.toString() : it->substr(0, 64);
    }
    client = Plain(address);
    if (!Trusts(client)) break;
  }
  return client.toString();
}

}  // namespace synaps::server
