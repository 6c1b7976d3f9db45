// The value types of extract.h: names, addresses and the debugging/JSON renderings.
#include <cstdio>

#include "indexer/extract/extract.h"
#include "indexer/extract/text_encoding.h"

namespace synaps::indexer {
namespace {

void AppendJsonString(std::string* out, std::string_view s) {
  out->push_back('"');
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"':
        out->append("\\\"");
        break;
      case '\\':
        out->append("\\\\");
        break;
      case '\n':
        out->append("\\n");
        break;
      case '\r':
        out->append("\\r");
        break;
      case '\t':
        out->append("\\t");
        break;
      default:
        if (c < 0x20) {
          char escape[8];
          std::snprintf(escape, sizeof(escape), "\\u%04x", c);
          out->append(escape);
        } else {
          out->push_back(ch);
        }
    }
  }
  out->push_back('"');
}

void AppendJson(std::string* out, const ExtractedDocument& doc) {
  out->append("{\"mime_type\":");
  AppendJsonString(out, doc.mime_type);
  out->append(",\"status\":");
  AppendJsonString(out, StatusName(doc.status));
  out->append(",\"status_reason\":");
  AppendJsonString(out, extract_internal::SanitizeUtf8(doc.status_reason));
  out->append(",\"properties\":{");
  bool first = true;
  for (const auto& [key, value] : doc.properties) {
    if (!first) out->push_back(',');
    first = false;
    AppendJsonString(out, key);
    out->push_back(':');
    AppendJsonString(out, extract_internal::SanitizeUtf8(value));
  }
  out->append("},\"text\":");
  AppendJsonString(out, doc.text);
  out->append(",\"children\":[");
  first = true;
  for (const ExtractedChild& child : doc.children) {
    if (!first) out->push_back(',');
    first = false;
    out->append("{\"name\":");
    AppendJsonString(out, extract_internal::SanitizeUtf8(child.name));
    out->append(",\"doc\":");
    AppendJson(out, child.doc);
    out->push_back('}');
  }
  out->append("]}");
}

void Describe(std::string* out, const ExtractedDocument& doc, const std::string& indent,
              std::size_t max_text_chars) {
  *out += indent + "type: " + doc.mime_type + "\n";
  *out += indent + "status: " + std::string(StatusName(doc.status));
  if (!doc.status_reason.empty()) *out += " (" + doc.status_reason + ")";
  *out += "\n";
  for (const auto& [key, value] : doc.properties) *out += indent + key + ": " + value + "\n";
  std::size_t cut = extract_internal::Utf8PrefixLength(doc.text, max_text_chars);
  *out += indent + "text (" + std::to_string(doc.text.size()) +
          " bytes): " + doc.text.substr(0, cut) + (cut < doc.text.size() ? "..." : "") + "\n";
  for (const ExtractedChild& child : doc.children) {
    *out += indent + "- member " + child.name + "\n";
    Describe(out, child.doc, indent + "    ", max_text_chars);
  }
}

}  // namespace

std::string_view StatusName(ExtractionStatus status) {
  switch (status) {
    case ExtractionStatus::kOk:
      return "ok";
    case ExtractionStatus::kPartial:
      return "partial";
    case ExtractionStatus::kEncrypted:
      return "encrypted";
    case ExtractionStatus::kUnsupported:
      return "unsupported";
    case ExtractionStatus::kFailed:
      return "failed";
  }
  return "failed";
}

std::string ChildAddress(std::string_view parent, std::string_view child_name) {
  std::string address(parent);
  address += "!/";
  address += child_name;
  return address;
}

std::string DescribeForDebug(const ExtractedDocument& doc, std::size_t max_text_chars) {
  std::string out;
  Describe(&out, doc, "", max_text_chars);
  return out;
}

std::string ToJson(const ExtractedDocument& doc) {
  std::string out;
  AppendJson(&out, doc);
  return out;
}

}  // namespace synaps::indexer
