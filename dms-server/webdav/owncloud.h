// What WebDAV clients of the ownCloud kind (rclone's `owncloud` vendor, ownCloud and Nextcloud
// clients) add to WebDAV: a file's modification time sent with its PUT (X-OC-Mtime, answered
// "X-OC-MTime: accepted"), a checksum of the upload to verify (OC-Checksum), and the SHA-1 and
// MD5 of each document in the {http://owncloud.org/ns}checksums property, which they compare.
// Private to dms-server/webdav/.
#pragma once

#include <Poco/Net/HTTPServerRequest.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "dms-server/store/content_digests.h"

namespace synaps::webdav {

inline constexpr std::string_view kOwnCloudNs = "http://owncloud.org/ns";

// The modification time X-OC-Mtime gives (Unix seconds, maybe with a fraction), in Unix
// milliseconds; nullopt without the header. Throws 400 for a value that is no time.
std::optional<int64_t> OcMtime(const Poco::Net::HTTPServerRequest& request);
// Whether the client speaks ownCloud's dialect (X-OC-Mtime or OC-Checksum): it will ask for
// the checksums, so they are computed while the upload streams in.
bool WantsDigests(const Poco::Net::HTTPServerRequest& request);
// Throws 400 when OC-Checksum ("SHA1:<hex>" or "MD5:<hex>"; other kinds are not checked) does
// not match the bytes received.
void CheckUploadChecksum(const Poco::Net::HTTPServerRequest& request,
                         const store::ContentDigests& digests);
// The content of the {http://owncloud.org/ns}checksums property: one <oc:checksum> holding
// "SHA1:<hex> MD5:<hex>", as ownCloud writes it.
std::string ChecksumsProperty(const store::ContentDigests& digests);

}  // namespace synaps::webdav
