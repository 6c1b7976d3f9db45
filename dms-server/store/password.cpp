#include "dms-server/store/password.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <cstdint>
#include <vector>

#include "dms-server/store/sha256.h"

namespace synaps::store {

namespace {

constexpr int kLog2N = 15;  // N = 32768: 32 MiB of memory per hash with r = 8
constexpr int kR = 8;
constexpr int kP = 1;
constexpr size_t kSaltBytes = 16;
constexpr size_t kHashBytes = 32;

bool FromHex(std::string_view hex, std::vector<unsigned char>& out) {
  if (hex.size() % 2 != 0) return false;
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  out.clear();
  for (size_t i = 0; i < hex.size(); i += 2) {
    int hi = nibble(hex[i]), lo = nibble(hex[i + 1]);
    if (hi < 0 || lo < 0) return false;
    out.push_back(static_cast<unsigned char>(hi * 16 + lo));
  }
  return true;
}

bool Scrypt(std::string_view password, const std::vector<unsigned char>& salt, int log2n, int r,
            int p, std::vector<unsigned char>& out) {
  if (log2n < 10 || log2n > 20 || r < 1 || r > 32 || p < 1 || p > 16) return false;
  uint64_t n = uint64_t{1} << log2n;
  uint64_t max_memory = 128 * n * static_cast<uint64_t>(r) * static_cast<uint64_t>(p) + (1 << 20);
  return EVP_PBE_scrypt(password.data(), password.size(), salt.data(), salt.size(), n,
                        static_cast<uint64_t>(r), static_cast<uint64_t>(p), max_memory, out.data(),
                        out.size()) == 1;
}

std::vector<std::string_view> Split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  for (;;) {
    size_t end = text.find(separator, start);
    parts.push_back(text.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) return parts;
    start = end + 1;
  }
}

}  // namespace

Result<std::string> HashPassword(std::string_view password) {
  std::vector<unsigned char> salt(kSaltBytes);
  if (RAND_bytes(salt.data(), static_cast<int>(salt.size())) != 1) {
    return Status::Internal("no randomness available for a password salt");
  }
  std::vector<unsigned char> hash(kHashBytes);
  if (!Scrypt(password, salt, kLog2N, kR, kP, hash)) {
    return Status::Internal("scrypt failed");
  }
  return "scrypt$" + std::to_string(kLog2N) + "$" + std::to_string(kR) + "$" + std::to_string(kP) +
         "$" + HexEncode(salt.data(), salt.size()) + "$" + HexEncode(hash.data(), hash.size());
}

bool VerifyPassword(std::string_view password, std::string_view stored) {
  auto parts = Split(stored, '$');
  if (parts.size() != 6 || parts[0] != "scrypt") return false;
  int log2n = 0, r = 0, p = 0;
  try {
    log2n = std::stoi(std::string(parts[1]));
    r = std::stoi(std::string(parts[2]));
    p = std::stoi(std::string(parts[3]));
  } catch (...) {
    return false;
  }
  std::vector<unsigned char> salt, expected;
  if (!FromHex(parts[4], salt) || !FromHex(parts[5], expected) || expected.empty()) return false;
  std::vector<unsigned char> actual(expected.size());
  if (!Scrypt(password, salt, log2n, r, p, actual)) return false;
  return CRYPTO_memcmp(actual.data(), expected.data(), expected.size()) == 0;
}

std::string GeneratePassword() {
  static constexpr char kAlphabet[] = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789";
  constexpr size_t kAlphabetSize = sizeof(kAlphabet) - 1;
  std::string password;
  while (password.size() < 20) {
    unsigned char byte;
    if (RAND_bytes(&byte, 1) != 1) continue;
    if (byte >= 256 - (256 % kAlphabetSize)) continue;  // no modulo bias
    password.push_back(kAlphabet[byte % kAlphabetSize]);
  }
  return password;
}

}  // namespace synaps::store
