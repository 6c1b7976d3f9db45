#include "dms-server/server/request_framing.h"

#include <Poco/String.h>

#include <cctype>
#include <cstring>

namespace synaps::server {

namespace {

// RFC 9110 §5.6.2: tchar.
bool IsToken(const std::string& name) {
  if (name.empty()) return false;
  for (unsigned char c : name) {
    if (std::isalnum(c) == 0 && std::strchr("!#$%&'*+-.^_`|~", c) == nullptr) return false;
  }
  return true;
}

// 1 to 18 digits (larger overflows int64 and is no real body anyway).
bool IsDecimalLength(const std::string& value) {
  if (value.empty() || value.size() > 18) return false;
  for (unsigned char c : value) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// Whether `value` holds what a line folded into it (obs-fold: a line that starts with a space
// continues the previous header) would hide: a framing header. Poco keeps folded lines as part
// of the previous value, where a proxy may have read them as headers of their own.
bool HidesFramingHeader(const std::string& value) {
  const std::string lower = Poco::toLower(value);
  for (const char* name : {"content-length", "transfer-encoding"}) {
    for (size_t at = lower.find(name); at != std::string::npos; at = lower.find(name, at + 1)) {
      if (at == 0 || (lower[at - 1] != ' ' && lower[at - 1] != '\t')) continue;
      size_t end = at + std::strlen(name);
      while (end < lower.size() && (lower[end] == ' ' || lower[end] == '\t')) ++end;
      if (end < lower.size() && lower[end] == ':') return true;
    }
  }
  return false;
}

size_t Count(const Poco::Net::HTTPRequest& request, const std::string& name) {
  size_t n = 0;
  for (const auto& [key, value] : request) {
    if (Poco::icompare(key, name) == 0) ++n;
  }
  return n;
}

}  // namespace

std::optional<std::string> FramingProblem(const Poco::Net::HTTPRequest& request) {
  for (const auto& [name, value] : request) {
    if (!IsToken(name)) return "a header name is not a token";
    if (HidesFramingHeader(value)) return "a folded header line names a framing header";
  }
  const size_t lengths = Count(request, Poco::Net::HTTPMessage::CONTENT_LENGTH);
  const size_t encodings = Count(request, Poco::Net::HTTPMessage::TRANSFER_ENCODING);
  if (lengths > 1) return "more than one Content-Length";
  if (encodings > 1) return "more than one Transfer-Encoding";
  if (lengths == 1 && encodings == 1) return "both Content-Length and Transfer-Encoding";
  if (lengths == 1 && !IsDecimalLength(request.get(Poco::Net::HTTPMessage::CONTENT_LENGTH))) {
    return "Content-Length is not a decimal number";
  }
  // Anything but HTTP/1.0 is held to HTTP/1.1's rules.
  const bool http10 = request.getVersion() == Poco::Net::HTTPMessage::HTTP_1_0;
  if (encodings == 1) {
    if (http10) return "Transfer-Encoding in an HTTP/1.0 request";
    if (Poco::icompare(request.get(Poco::Net::HTTPMessage::TRANSFER_ENCODING), "chunked") != 0) {
      return "the only Transfer-Encoding accepted is \"chunked\"";
    }
  }
  const size_t hosts = Count(request, Poco::Net::HTTPRequest::HOST);
  if (hosts > 1 || (!http10 && hosts == 0)) return "an HTTP/1.1 request needs exactly one Host";
  return std::nullopt;
}

bool BodyAnnounced(const Poco::Net::HTTPRequest& request) {
  return request.getChunkedTransferEncoding() ||
         (request.hasContentLength() && request.getContentLength64() > 0);
}

}  // namespace synaps::server
