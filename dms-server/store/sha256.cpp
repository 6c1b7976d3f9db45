#include "dms-server/store/sha256.h"

#include <cstdlib>
#include <map>
#include <mutex>

namespace synaps::store {
namespace {

// The provider's implementation of `algorithm` (a legacy handle such as EVP_sha256()), fetched
// once for the process. Given a legacy handle, OpenSSL 3 looks the algorithm up again in its
// providers at every EVP_DigestInit_ex ("implicit fetching"): a sixth of the time a request
// spent checking a cached password. A fetched one is used as it is. Falls back to `algorithm`
// if the fetch fails.
const EVP_MD* Fetched(const EVP_MD* algorithm) {
  static std::mutex mutex;
  // Kept for the life of the process, never destroyed: digests may be taken by the destructors
  // of other statics.
  static auto* fetched = new std::map<const EVP_MD*, EVP_MD*>;
  std::lock_guard lock(mutex);
  auto [it, inserted] = fetched->try_emplace(algorithm, nullptr);
  if (inserted) it->second = EVP_MD_fetch(nullptr, EVP_MD_get0_name(algorithm), nullptr);
  return it->second != nullptr ? it->second : algorithm;
}

}  // namespace

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
  if (!context_ || EVP_DigestInit_ex(context_, Fetched(algorithm), nullptr) != 1) std::abort();
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
