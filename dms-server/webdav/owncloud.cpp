#include "dms-server/webdav/owncloud.h"

#include <Poco/NumberParser.h>
#include <Poco/String.h>

#include <cmath>

#include "dms-server/server/http_exchange.h"

namespace synaps::webdav {

namespace {

// Times a file system may hold: after 1970, before the year 10000.
constexpr double kLatestSeconds = 253402300799.0;

}  // namespace

std::optional<int64_t> OcMtime(const Poco::Net::HTTPServerRequest& request) {
  if (!request.has("X-OC-Mtime")) return std::nullopt;
  double seconds = 0;
  if (!Poco::NumberParser::tryParseFloat(Poco::trim(request.get("X-OC-Mtime")), seconds) ||
      !std::isfinite(seconds) || seconds < 0 || seconds > kLatestSeconds) {
    throw server::HttpError{400, "invalid_argument", "X-OC-Mtime is not a time in Unix seconds"};
  }
  return static_cast<int64_t>(std::llround(seconds * 1000));
}

bool WantsDigests(const Poco::Net::HTTPServerRequest& request) {
  return request.has("X-OC-Mtime") || request.has("OC-Checksum");
}

void CheckUploadChecksum(const Poco::Net::HTTPServerRequest& request,
                         const store::ContentDigests& digests) {
  std::string header = Poco::trim(request.get("OC-Checksum", ""));
  size_t colon = header.find(':');
  if (colon == std::string::npos) return;
  std::string kind = Poco::toUpper(header.substr(0, colon));
  std::string given = Poco::toLower(header.substr(colon + 1));
  const std::string* computed = kind == "SHA1"  ? &digests.sha1
                                : kind == "MD5" ? &digests.md5
                                                : nullptr;
  if (computed && given != *computed) {
    throw server::HttpError{400, "checksum_mismatch",
                            "the content received does not match OC-Checksum (" + kind + ":" +
                                *computed + " received)"};
  }
}

std::string ChecksumsProperty(const store::ContentDigests& digests) {
  return "<oc:checksum xmlns:oc=\"" + std::string(kOwnCloudNs) + "\">SHA1:" + digests.sha1 +
         " MD5:" + digests.md5 + "</oc:checksum>";
}

}  // namespace synaps::webdav
