#include "indexer/extract/context.h"

#include "indexer/extract/text_encoding.h"

namespace synaps::indexer::extract_internal {

bool ExtractionContext::AppendText(ExtractedDocument* doc, std::string_view utf8) {
  if (utf8.size() <= text_left_) {
    doc->text.append(utf8);
    text_left_ -= utf8.size();
    return true;
  }
  std::size_t cut = Utf8PrefixLength(utf8, static_cast<std::size_t>(text_left_));
  doc->text.append(utf8.substr(0, cut));
  text_left_ = 0;
  MarkPartial(doc, "text truncated at " + std::to_string(limits_.max_text_bytes) + " bytes");
  return false;
}

void MarkPartial(ExtractedDocument* doc, std::string_view reason) {
  if (doc->status == ExtractionStatus::kOk) {
    doc->status = ExtractionStatus::kPartial;
    doc->status_reason = std::string(reason);
  }
}

std::string MemoryLimitReason(const ExtractionLimits& limits) {
  return "extraction failed: memory limit of " + std::to_string(limits.memory_bytes >> 20) +
         " MiB exceeded";
}

void SetStatus(ExtractedDocument* doc, ExtractionStatus status, std::string_view reason) {
  doc->status = status;
  doc->status_reason = std::string(reason);
}

}  // namespace synaps::indexer::extract_internal
