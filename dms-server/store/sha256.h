// Incremental digests through OpenSSL's EVP: SHA-256 names blobs; SHA-1 and MD5 are what
// WebDAV clients of the ownCloud kind compare (content_digests.h). Not thread-safe; one
// instance per stream.
#pragma once

#include <openssl/evp.h>

#include <cstddef>
#include <string>

namespace synaps::store {

// `size` bytes as 2 * size lowercase hex characters.
std::string HexEncode(const unsigned char* data, size_t size);

class Digest {
 public:
  // `algorithm`: EVP_sha256(), EVP_sha1(), EVP_md5()...
  explicit Digest(const EVP_MD* algorithm);
  ~Digest();
  Digest(const Digest&) = delete;
  Digest& operator=(const Digest&) = delete;

  void Update(const void* data, size_t size);
  // The digest as lowercase hex. Call once, after the last Update.
  std::string HexDigest();

 private:
  EVP_MD_CTX* context_;
};

class Sha256 : public Digest {
 public:
  // HexDigest() gives 64 lowercase hex characters.
  Sha256() : Digest(EVP_sha256()) {}
};

}  // namespace synaps::store
