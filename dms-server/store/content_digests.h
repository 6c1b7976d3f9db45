// ContentDigests: the SHA-1 and MD5 of a content, which WebDAV clients of the ownCloud kind
// (rclone's owncloud vendor, ownCloud and Nextcloud clients) compare to check a transfer. Blobs
// are named by their SHA-256; these two are kept beside it in the store, computed while an
// upload streams in when its client asked for them, or from the blob the first time they are
// asked (Store::Digests).
#pragma once

#include <cstddef>
#include <string>

#include "dms-server/store/sha256.h"

namespace synaps::store {

struct ContentDigests {
  std::string sha1;  // 40 lowercase hex characters
  std::string md5;   // 32
};

// Computes both over a stream of bytes, in one pass. Not thread-safe; one per stream.
class ContentDigester {
 public:
  ContentDigester() : sha1_(EVP_sha1()), md5_(EVP_md5()) {}
  void Update(const void* data, size_t size) {
    sha1_.Update(data, size);
    md5_.Update(data, size);
  }
  // Call once, after the last Update.
  ContentDigests Finish() { return {sha1_.HexDigest(), md5_.HexDigest()}; }

 private:
  Digest sha1_;
  Digest md5_;
};

}  // namespace synaps::store
