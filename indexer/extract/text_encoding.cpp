#include "indexer/extract/text_encoding.h"

#include <iconv.h>
#include <uchardet/uchardet.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <memory>

namespace synaps::indexer::extract_internal {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

std::string Upper(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return out;
}

bool IsLatinFamily(const std::string& charset) {
  return charset == "ISO-8859-1" || charset == "ISO-8859-15" || charset == "WINDOWS-1252" ||
         charset == "ASCII" || charset == "US-ASCII";
}

// Picks among the three Latin charsets French files use, from the bytes themselves.
std::string SettleLatin(std::string_view bytes) {
  bool has_c1 = false, has_15_only = false;
  for (char ch : bytes) {
    auto c = static_cast<unsigned char>(ch);
    if (c >= 0x80 && c <= 0x9F) has_c1 = true;
    if (c == 0xA4 || c == 0xBC || c == 0xBD) has_15_only = true;  // €, Œ, œ in ISO-8859-15.
  }
  if (has_c1) return "WINDOWS-1252";
  return has_15_only ? "ISO-8859-15" : "WINDOWS-1252";
}

struct IconvCloser {
  void operator()(void* cd) const { iconv_close(static_cast<iconv_t>(cd)); }
};

}  // namespace

std::string SanitizeUtf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      if (c == 0) {
        // Dropped: NULs are noise for indexing and break C-string consumers.
      } else if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') {
        out.push_back(' ');
      } else if (c == 0x7F) {
        out.push_back(' ');
      } else {
        out.push_back(static_cast<char>(c));
      }
      ++i;
      continue;
    }
    std::size_t n = base::Utf8SequenceLength(s, i);
    if (n == 0) {
      out.append(kReplacement);
      ++i;
    } else if (n == 2 && c == 0xC2 && static_cast<unsigned char>(s[i + 1]) < 0xA0) {
      out.push_back(' ');  // C1 control characters.
      i += n;
    } else {
      out.append(s.substr(i, n));
      i += n;
    }
  }
  return out;
}

std::string DetectCharset(std::string_view bytes) {
  uchardet_t detector = uchardet_new();
  if (detector == nullptr) return {};
  // uchardet reads everything it is given; a sample is enough and bounds the cost.
  std::string_view sample = bytes.substr(0, 1 << 20);
  std::string charset;
  if (uchardet_handle_data(detector, sample.data(), sample.size()) == 0) {
    uchardet_data_end(detector);
    const char* name = uchardet_get_charset(detector);
    if (name != nullptr) charset = Upper(name);
  }
  uchardet_delete(detector);
  if (IsLatinFamily(charset)) return SettleLatin(bytes);
  return charset;
}

std::optional<std::string> ConvertToUtf8(std::string_view bytes, std::string_view charset) {
  std::string from(charset);
  iconv_t raw = iconv_open("UTF-8", from.c_str());
  if (raw == reinterpret_cast<iconv_t>(-1)) return std::nullopt;
  std::unique_ptr<void, IconvCloser> cd(raw);
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 4);
  char buffer[16384];
  char* in = const_cast<char*>(bytes.data());
  std::size_t in_left = bytes.size();
  while (in_left > 0) {
    char* dst = buffer;
    std::size_t dst_left = sizeof(buffer);
    std::size_t rc = iconv(raw, &in, &in_left, &dst, &dst_left);
    out.append(buffer, static_cast<std::size_t>(dst - buffer));
    if (rc != static_cast<std::size_t>(-1)) continue;
    if (errno == E2BIG) continue;
    // EILSEQ or EINVAL (truncated sequence at the end): replace one byte and go on.
    out.append(kReplacement);
    ++in;
    --in_left;
    iconv(raw, nullptr, nullptr, nullptr, nullptr);
  }
  char* dst = buffer;
  std::size_t dst_left = sizeof(buffer);
  iconv(raw, nullptr, nullptr, &dst, &dst_left);
  out.append(buffer, static_cast<std::size_t>(dst - buffer));
  return out;
}

std::string DecodeText(std::string_view bytes, std::string_view declared_charset,
                       std::string* used_charset) {
  std::string charset;
  std::string_view body = bytes;
  if (body.substr(0, 3) == "\xEF\xBB\xBF") {
    charset = "UTF-8";
    body.remove_prefix(3);
  } else if (body.substr(0, 2) == "\xFF\xFE") {
    charset = "UTF-16LE";
    body.remove_prefix(2);
  } else if (body.substr(0, 2) == "\xFE\xFF") {
    charset = "UTF-16BE";
    body.remove_prefix(2);
  }
  std::optional<std::string> converted;
  if (charset.empty() && !declared_charset.empty()) {
    std::string declared = Upper(declared_charset);
    if (declared == "UTF8") declared = "UTF-8";
    if (IsLatinFamily(declared) && declared != "ISO-8859-15") declared = "WINDOWS-1252";
    // A declaration is only a hint: "utf-8" on Latin-1 bytes is a frequent lie.
    if (declared != "UTF-8" || IsValidUtf8(body)) {
      converted = declared == "UTF-8" ? std::optional<std::string>(std::string(body))
                                      : ConvertToUtf8(body, declared);
      if (converted) charset = declared;
    }
  }
  if (!converted && charset.empty() && IsValidUtf8(body)) {
    charset = "UTF-8";
  }
  if (!converted && charset.empty()) {
    charset = DetectCharset(body);
    if (charset.empty() || charset == "UTF-8") charset = "WINDOWS-1252";
  }
  if (!converted) {
    if (charset == "UTF-8") {
      converted = std::string(body);
    } else {
      converted = ConvertToUtf8(body, charset);
      if (!converted) {
        charset = "WINDOWS-1252";
        converted = ConvertToUtf8(body, charset);
      }
    }
  }
  if (used_charset != nullptr) *used_charset = charset;
  return SanitizeUtf8(converted ? *converted : std::string_view());
}

}  // namespace synaps::indexer::extract_internal
