#include "dms-server/store/sha256.h"

#include <cstdlib>

namespace synaps::store {

std::string HexEncode(const unsigned char* data, size_t size) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(size * 2);
  for (size_t i = 0; i < size; ++i) {
    hex.push_back(kHex[data[i] >> 4]);
    hex.push_back(kHex[data[i] & 0xF]);
  }
  return hex;
}

Digest::Digest(const EVP_MD* algorithm) : context_(EVP_MD_CTX_new()) {
  if (!context_ || EVP_DigestInit_ex(context_, algorithm, nullptr) != 1) std::abort();
}

Digest::~Digest() {
  EVP_MD_CTX_free(context_);
}

void Digest::Update(const void* data, size_t size) {
  EVP_DigestUpdate(context_, data, size);
}

std::string Digest::HexDigest() {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_DigestFinal_ex(context_, digest, &length);
  return HexEncode(digest, length);
}

}  // namespace synaps::store
