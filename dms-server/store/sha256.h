// Incremental SHA-256 (OpenSSL EVP). Not thread-safe; one instance per stream.
#pragma once

#include <openssl/evp.h>

#include <cstddef>
#include <string>

namespace synaps::store {

// `size` bytes as 2 * size lowercase hex characters.
std::string HexEncode(const unsigned char* data, size_t size);

class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  void Update(const void* data, size_t size);
  // The digest as 64 lowercase hex characters. Call once, after the last Update.
  std::string HexDigest();

 private:
  EVP_MD_CTX* context_;
};

}  // namespace synaps::store
