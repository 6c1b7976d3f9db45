// Password hashing with a slow, memory-hard KDF (scrypt, through OpenSSL).
//
// The stored form is self-describing: "scrypt$<log2 N>$<r>$<p>$<salt hex>$<hash hex>", so the
// cost can be raised later without breaking existing accounts.
#pragma once

#include <string>
#include <string_view>

#include "dms-server/store/status.h"

namespace synaps::store {

// Hashes `password` with a fresh random salt. Takes about 0.1 s by design.
Result<std::string> HashPassword(std::string_view password);

// True when `password` matches `stored`; false for a mismatch or an unreadable stored form.
// The comparison takes constant time.
bool VerifyPassword(std::string_view password, std::string_view stored);

// Makes a random password for a first admin account: 20 characters from an unambiguous alphabet.
std::string GeneratePassword();

}  // namespace synaps::store
