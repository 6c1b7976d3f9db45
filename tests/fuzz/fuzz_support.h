// Helpers shared by the libFuzzer targets: an independent UTF-8 validator (so that the project's
// own validators can be checked against it) and a CHECK that reports a property violation as a
// crash libFuzzer records (abort → artifact file).
#pragma once

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

namespace synaps::fuzz {

// Strict UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing past U+10FFFF.
// Checked on the decoded code point, not with the lead byte's table that indexer/base/utf8.cpp
// uses: two ways to the same rule, so that either one's mistake shows.
inline bool IsStrictUtf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  for (std::size_t i = 0; i < n;) {
    int extra;
    unsigned long code_point;
    if (p[i] < 0x80) {
      extra = 0;
      code_point = p[i];
    } else if ((p[i] >> 5) == 0x6) {
      extra = 1;
      code_point = p[i] & 0x1FUL;
    } else if ((p[i] >> 4) == 0xE) {
      extra = 2;
      code_point = p[i] & 0x0FUL;
    } else if ((p[i] >> 3) == 0x1E) {
      extra = 3;
      code_point = p[i] & 0x07UL;
    } else {
      return false;
    }
    if (n - i <= static_cast<std::size_t>(extra)) return false;
    for (int k = 1; k <= extra; ++k) {
      if ((p[i + k] >> 6) != 0x2) return false;
      code_point = code_point * 64 + (p[i + k] % 64);
    }
    static constexpr unsigned long kSmallest[] = {0, 0x80, 0x800, 0x10000};
    if (code_point < kSmallest[extra] || code_point > 0x10FFFF) return false;
    if (code_point >= 0xD800 && code_point <= 0xDFFF) return false;
    i += static_cast<std::size_t>(extra) + 1;
  }
  return true;
}

// C0 controls (except those in `allowed`) and DEL.
inline bool HasAsciiControl(std::string_view s, std::string_view allowed = {}) {
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c < 0x20 || c == 0x7F) && allowed.find(ch) == std::string_view::npos) return true;
  }
  return false;
}

// C1 controls U+0080..U+009F (UTF-8 C2 80..C2 9F), e.g. U+0085 NEL and U+009B CSI.
inline bool HasC1Control(std::string_view s) {
  for (std::size_t i = 0; i + 1 < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    const auto c1 = static_cast<unsigned char>(s[i + 1]);
    if (c == 0xC2 && c1 >= 0x80 && c1 <= 0x9F) return true;
  }
  return false;
}

// True when the environment variable SYNAPS_FUZZ_IGNORE (a comma-separated list) names
// `finding`: lets a run continue past a known, reported and not yet fixed property violation.
inline bool Ignored(const char* finding) {
  static const std::string list = [] {
    const char* env = std::getenv("SYNAPS_FUZZ_IGNORE");
    return "," + std::string(env == nullptr ? "" : env) + ",";
  }();
  return list.find("," + std::string(finding) + ",") != std::string::npos;
}

// A C-escaped preview of `s` for failure messages.
inline std::string Preview(std::string_view s, std::size_t max = 200) {
  std::string out;
  for (std::size_t i = 0; i < s.size() && i < max; ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c < 0x7F && c != '\\') {
      out.push_back(static_cast<char>(c));
    } else {
      char buf[8];
      std::snprintf(buf, sizeof(buf), "\\x%02x", c);
      out += buf;
    }
  }
  if (s.size() > max) out += "...";
  return out;
}

[[noreturn]] inline void Fail(const char* file, int line, const char* what,
                              const std::string& detail) {
  std::fprintf(stderr, "\n==PROPERTY VIOLATION== %s:%d: %s\n  %s\n", file, line, what,
               detail.c_str());
  std::fflush(stderr);
  std::abort();
}

}  // namespace synaps::fuzz

// FUZZ_CHECK(cond, detail): aborts (a libFuzzer crash, with its reproducer) when `cond` is false.
#define FUZZ_CHECK(cond, detail)                                                             \
  do {                                                                                       \
    if (!(cond)) ::synaps::fuzz::Fail(__FILE__, __LINE__, "check failed: " #cond, (detail)); \
  } while (false)
