// The body shared by the fuzz_extract_* targets: ExtractBytes() on the input under a given file
// name (the extension steers type detection towards one family) and small limits, then the
// properties extract.h promises for every document of the tree:
//   * text is valid UTF-8 without NUL; the whole tree's text fits max_text_bytes;
//   * kOk has no status_reason, any other status has one line of reason;
//   * children are named (valid UTF-8, no leading "/" or "./"), at most max_members of them,
//     nested at most max_depth levels;
//   * property values are clean (what the worker delivers: valid UTF-8, no NUL or controls) and
//     at most 64 KiB;
//   * the document survives the worker protocol unchanged (EncodeDocument/DecodeDocument) and
//     ToJson() gives JSON that Poco parses.
#pragma once

#include <Poco/JSON/Parser.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "indexer/extract/extract.h"
#include "indexer/extract/worker_protocol.h"
#include "tests/fuzz/fuzz_support.h"

namespace synaps::fuzz {

// Small enough that one input costs milliseconds, large enough that archives and mails nest.
inline indexer::ExtractionLimits FuzzLimits() {
  indexer::ExtractionLimits limits;
  limits.max_text_bytes = 64 * 1024;
  limits.max_input_bytes = 1024 * 1024;
  limits.max_depth = 3;
  limits.max_members = 64;
  limits.max_total_uncompressed_bytes = 8 * 1024 * 1024;
  limits.max_compression_ratio = 100.0;
  limits.filter_seconds = 2;
  return limits;
}

// What the worker protocol delivers (it re-sanitises every string): valid UTF-8 without NUL,
// DEL, C1 controls or C0 controls other than tab, newline, carriage return and form feed.
inline bool IsClean(std::string_view s) {
  return IsStrictUtf8(s) && !HasAsciiControl(s, "\t\n\r\f") && !HasC1Control(s);
}

struct TreeTotals {
  std::uint64_t text_bytes = 0;
  int members = 0;
  bool all_clean = true;  // every string of the tree IsClean()
};

inline void CheckExtracted(const indexer::ExtractedDocument& doc, const std::string& address,
                           int depth, const indexer::ExtractionLimits& limits, TreeTotals* totals) {
  using indexer::ExtractionStatus;
  const std::string where = "document '" + Preview(address) + "' (" + doc.mime_type + ", " +
                            std::string(indexer::StatusName(doc.status)) + ": " +
                            Preview(doc.status_reason) + ")";
  FUZZ_CHECK(!doc.mime_type.empty(), where);
  FUZZ_CHECK(IsStrictUtf8(doc.text), where + " text is not valid UTF-8");
  FUZZ_CHECK(doc.text.find('\0') == std::string::npos, where + " text has a NUL byte");
  totals->text_bytes += doc.text.size();
  if (!IsClean(doc.mime_type) || !IsClean(doc.status_reason) || !IsClean(doc.text)) {
    totals->all_clean = false;
  }
  if (doc.status == ExtractionStatus::kOk) {
    FUZZ_CHECK(doc.status_reason.empty(), where + " kOk with a reason");
  } else if (!Ignored("reason")) {
    FUZZ_CHECK(!doc.status_reason.empty(), where + " no reason");
    FUZZ_CHECK(IsStrictUtf8(doc.status_reason), where + " reason is not valid UTF-8");
    FUZZ_CHECK(!HasAsciiControl(doc.status_reason, "\t"),
               where + " reason is not one printable line");
  }
  for (const auto& [key, value] : doc.properties) {
    if (!IsClean(key) || !IsClean(value)) totals->all_clean = false;
    FUZZ_CHECK(!key.empty() && IsStrictUtf8(key), where + " bad property key");
    if (!Ignored("property")) {
      FUZZ_CHECK(IsClean(value), where + " property '" + key +
                                     "' is not clean UTF-8 (invalid, NUL or control): '" +
                                     Preview(value) + "'");
    }
    FUZZ_CHECK(value.size() <= 64 * 1024, where + " property '" + key + "' is over 64 KiB");
  }
  for (const indexer::ExtractedChild& child : doc.children) {
    ++totals->members;
    FUZZ_CHECK(!child.name.empty() && child.name.size() <= 4096, where + " bad child name size");
    FUZZ_CHECK(IsStrictUtf8(child.name), where + " child name is not valid UTF-8");
    FUZZ_CHECK(child.name.front() != '/' && child.name.rfind("./", 0) != 0,
               where + " child name '" + Preview(child.name) + "' is a place, not a name");
    // A member below max_depth is listed (kUnsupported) but never opened.
    FUZZ_CHECK(depth + 1 <= limits.max_depth || child.doc.children.empty(),
               where + " children nested deeper than max_depth");
    CheckExtracted(child.doc, indexer::ChildAddress(address, child.name), depth + 1, limits,
                   totals);
  }
}

// "" when a and b are equal, else the first difference found.
inline std::string Difference(const indexer::ExtractedDocument& a,
                              const indexer::ExtractedDocument& b, const std::string& at = "") {
  if (a.mime_type != b.mime_type) return at + "mime_type";
  if (a.text != b.text) return at + "text '" + Preview(a.text) + "' vs '" + Preview(b.text) + "'";
  if (a.properties != b.properties) {
    for (const auto& [key, value] : a.properties) {
      auto it = b.properties.find(key);
      if (it == b.properties.end()) return at + "property '" + Preview(key) + "' lost";
      if (it->second != value) {
        std::size_t i = 0;
        while (i < value.size() && i < it->second.size() && value[i] == it->second[i]) ++i;
        const std::size_t from = i < 20 ? 0 : i - 20;
        return at + "property '" + Preview(key) + "' differs at byte " + std::to_string(i) +
               ": '..." + Preview(std::string_view(value).substr(from, 40)) + "' vs '..." +
               Preview(std::string_view(it->second).substr(from, 40)) + "'";
      }
    }
    return at + "properties added";
  }
  if (a.status != b.status) return at + "status";
  if (a.status_reason != b.status_reason) {
    return at + "status_reason '" + Preview(a.status_reason) + "' vs '" + Preview(b.status_reason) +
           "'";
  }
  if (a.children.size() != b.children.size()) return at + "number of children";
  for (std::size_t i = 0; i < a.children.size(); ++i) {
    if (a.children[i].name != b.children[i].name) return at + "child name";
    std::string d =
        Difference(a.children[i].doc, b.children[i].doc, at + a.children[i].name + "!/");
    if (!d.empty()) return d;
  }
  return {};
}

inline bool SameDocument(const indexer::ExtractedDocument& a, const indexer::ExtractedDocument& b) {
  return Difference(a, b).empty();
}

inline int FuzzExtract(const std::uint8_t* data, std::size_t size, std::string_view file_name) {
  const indexer::ExtractionLimits limits = FuzzLimits();
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const indexer::ExtractedDocument doc = indexer::ExtractBytes(bytes, file_name, limits);

  TreeTotals totals;
  CheckExtracted(doc, std::string(file_name), 0, limits, &totals);
  FUZZ_CHECK(totals.text_bytes <= limits.max_text_bytes,
             "tree text " + std::to_string(totals.text_bytes) + " bytes > max_text_bytes");
  FUZZ_CHECK(totals.members <= limits.max_members,
             "tree has " + std::to_string(totals.members) + " members > max_members");

  // What the worker sends, the parent must read back identically.
  indexer::ExtractedDocument decoded;
  FUZZ_CHECK(indexer::worker_protocol::DecodeDocument(indexer::worker_protocol::EncodeDocument(doc),
                                                      &decoded),
             "DecodeDocument refused EncodeDocument's output");
  // (The decoder sanitises strings: only a document that is clean throughout, which the checks
  // above demand unless told to ignore, must come back identical.)
  if (totals.all_clean) {
    const std::string difference = Difference(doc, decoded);
    FUZZ_CHECK(difference.empty(),
               "the document changed through the worker protocol: " + difference);
  }

  // ToJson must be JSON (the CLI's --json output and the server's answers).
  const std::string json = indexer::ToJson(doc);
  try {
    Poco::JSON::Parser parser;
    parser.parse(json);
  } catch (const Poco::Exception& e) {
    Fail(__FILE__, __LINE__, "ToJson output does not parse", e.displayText());
  }
  (void)indexer::DescribeForDebug(doc, 100);
  return 0;
}

}  // namespace synaps::fuzz
