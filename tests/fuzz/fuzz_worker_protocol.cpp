// Fuzzes the parent side of the worker protocol (indexer/extract/worker_protocol.h): the parent
// "never trusts the worker", so DecodeDocument/DecodeRequest/DecodeRenderRequest/
// DecodeRenderedPage/ParseLimitArg get arbitrary bytes.
// Properties: a decoded document has valid UTF-8 strings (they are sanitised) and re-encodes to
// something that decodes to the same document; a decoded request has no NUL in its path; a
// decoded page is within its bounds, and carries an image only when drawn.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "indexer/extract/worker_protocol.h"
#include "tests/fuzz/extract_harness.h"

namespace {

void CheckStrings(const synaps::indexer::ExtractedDocument& doc) {
  using synaps::fuzz::IsStrictUtf8;
  FUZZ_CHECK(
      IsStrictUtf8(doc.mime_type) && IsStrictUtf8(doc.text) && IsStrictUtf8(doc.status_reason),
      "decoded document has invalid UTF-8");
  for (const auto& [key, value] : doc.properties) {
    FUZZ_CHECK(IsStrictUtf8(key) && IsStrictUtf8(value), "decoded property has invalid UTF-8");
  }
  for (const auto& child : doc.children) {
    FUZZ_CHECK(IsStrictUtf8(child.name), "decoded child name has invalid UTF-8");
    CheckStrings(child.doc);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace wp = synaps::indexer::worker_protocol;
  const std::string_view input(reinterpret_cast<const char*>(data), size);

  synaps::indexer::ExtractedDocument doc;
  if (wp::DecodeDocument(input, &doc)) {
    CheckStrings(doc);
    synaps::indexer::ExtractedDocument again;
    FUZZ_CHECK(wp::DecodeDocument(wp::EncodeDocument(doc), &again), "re-encoded document refused");
    const std::string difference = synaps::fuzz::Difference(doc, again);
    FUZZ_CHECK(difference.empty(), "document changed on re-encoding: " + difference);
  }

  std::string path, file_name;
  if (wp::DecodeRequest(input, &path, &file_name)) {
    FUZZ_CHECK(path.find('\0') == std::string::npos, "request path with a NUL accepted");
    std::string path2, name2;
    FUZZ_CHECK(wp::DecodeRequest(wp::EncodeRequest(path, file_name), &path2, &name2) &&
                   path2 == path && name2 == file_name,
               "request round trip failed");
  }

  std::string render_path;
  int page = 0, width = 0;
  if (wp::DecodeRenderRequest(input, &render_path, &page, &width)) {
    FUZZ_CHECK(render_path.find('\0') == std::string::npos && page >= 1 &&
                   width >= synaps::indexer::kMinRenderWidth &&
                   width <= synaps::indexer::kMaxRenderWidth,
               "render request out of bounds accepted");
  }

  synaps::indexer::RenderedPage rendered;
  if (wp::DecodeRenderedPage(input, &rendered)) {
    FUZZ_CHECK(synaps::fuzz::IsStrictUtf8(rendered.reason), "render reason has invalid UTF-8");
    FUZZ_CHECK(rendered.png.size() <= synaps::indexer::kMaxPngBytes &&
                   rendered.width <= synaps::indexer::kMaxRenderWidth &&
                   rendered.height <= synaps::indexer::kMaxRenderHeight,
               "rendered page beyond its bounds accepted");
    FUZZ_CHECK(
        rendered.status == synaps::indexer::RenderedPage::Status::kOk || rendered.png.empty(),
        "a failed rendering with an image accepted");
  }

  synaps::indexer::ExtractionLimits limits;
  if (wp::ParseLimitArg(input, &limits)) {
    synaps::indexer::ExtractionLimits back;
    for (const std::string& arg : wp::LimitsToArgs(limits)) {
      FUZZ_CHECK(wp::ParseLimitArg(arg, &back), "LimitsToArgs gave an unparsable '" + arg + "'");
    }
  }
  return 0;
}
