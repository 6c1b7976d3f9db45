#include "connectors/mail/mailbox_name.h"

#include <glib.h>

#include <cstdint>
#include <optional>
#include <vector>

#include "indexer/base/utf8.h"

namespace synaps::connectors::mail {

namespace {

constexpr std::string_view kBase64 =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,";

std::string Valid(std::string_view text) {
  char* valid = g_utf8_make_valid(text.data(), static_cast<gssize>(text.size()));
  std::string out(valid);
  g_free(valid);
  return out;
}

// The UTF-16 code units of one "&...-" run, or nullopt when malformed.
std::optional<std::string> DecodeRun(std::string_view run) {
  std::vector<uint16_t> units;
  uint32_t bits = 0;
  int count = 0;
  for (char c : run) {
    size_t value = kBase64.find(c);
    if (value == std::string_view::npos) return std::nullopt;
    bits = (bits << 6) | static_cast<uint32_t>(value);
    count += 6;
    if (count >= 16) {
      count -= 16;
      units.push_back(static_cast<uint16_t>((bits >> count) & 0xffff));
    }
  }
  if (count >= 6 || (bits & ((1u << count) - 1)) != 0 || units.empty()) return std::nullopt;
  std::string out;
  for (size_t i = 0; i < units.size(); ++i) {
    uint32_t c = units[i];
    if (c >= 0xd800 && c < 0xdc00) {
      if (i + 1 >= units.size() || units[i + 1] < 0xdc00 || units[i + 1] >= 0xe000) {
        return std::nullopt;
      }
      c = 0x10000 + ((c - 0xd800) << 10) + (units[++i] - 0xdc00);
    } else if (c >= 0xdc00 && c < 0xe000) {
      return std::nullopt;
    }
    if (c < 0x20 || (c >= 0x7f && c < 0xa0)) return std::nullopt;
    base::AppendUtf8(&out, c);
  }
  return out;
}

}  // namespace

std::string DecodeMailboxName(std::string_view name) {
  std::string out;
  size_t i = 0;
  while (i < name.size()) {
    if (name[i] != '&') {
      out.push_back(name[i++]);
      continue;
    }
    size_t end = name.find('-', i + 1);
    if (end == std::string_view::npos) return Valid(name);
    if (end == i + 1) {
      out.push_back('&');  // "&-" is '&'
    } else {
      auto decoded = DecodeRun(name.substr(i + 1, end - i - 1));
      if (!decoded) return Valid(name);
      out += *decoded;
    }
    i = end + 1;
  }
  return Valid(out);
}

std::string EncodeMailboxName(std::string_view name) {
  std::string out;
  std::vector<uint16_t> pending;
  auto flush = [&] {
    if (pending.empty()) return;
    out.push_back('&');
    uint32_t bits = 0;
    int count = 0;
    for (uint16_t unit : pending) {
      bits = (bits << 16) | unit;
      count += 16;
      while (count >= 6) {
        count -= 6;
        out.push_back(kBase64[(bits >> count) & 63]);
      }
    }
    if (count > 0) out.push_back(kBase64[(bits << (6 - count)) & 63]);
    out.push_back('-');
    pending.clear();
  };
  std::string valid = Valid(name);
  for (const char* p = valid.c_str(); *p != '\0'; p = g_utf8_next_char(p)) {
    gunichar c = g_utf8_get_char(p);
    if (c >= 0x20 && c < 0x7f) {
      flush();
      if (c == '&') {
        out += "&-";
      } else {
        out.push_back(static_cast<char>(c));
      }
    } else if (c >= 0x10000) {
      c -= 0x10000;
      pending.push_back(static_cast<uint16_t>(0xd800 + (c >> 10)));
      pending.push_back(static_cast<uint16_t>(0xdc00 + (c & 0x3ff)));
    } else {
      pending.push_back(static_cast<uint16_t>(c));
    }
  }
  flush();
  return out;
}

}  // namespace synaps::connectors::mail
