// Internal: the state shared by every extractor while one top-level document (and all its
// nested members) is extracted, and the extractor entry points. Not part of the public API.
#ifndef SYNAPS_INDEXER_EXTRACT_CONTEXT_H_
#define SYNAPS_INDEXER_EXTRACT_CONTEXT_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "indexer/extract/extract.h"
#include "indexer/extract/type_detector.h"

namespace synaps::indexer::extract_internal {

// Budgets that bound the whole document tree, so that a zip of zips cannot multiply them.
// Not thread-safe: one context per top-level extraction.
class ExtractionContext {
 public:
  explicit ExtractionContext(const ExtractionLimits& limits) : limits_(limits) {
    text_left_ = limits.max_text_bytes;
    uncompressed_left_ = limits.max_total_uncompressed_bytes;
  }
  ExtractionContext(const ExtractionContext&) = delete;
  ExtractionContext& operator=(const ExtractionContext&) = delete;

  const ExtractionLimits& limits() const { return limits_; }
  // One libmagic handle per thread, loaded once: opening the database costs milliseconds.
  const TypeDetector& detector() const {
    static thread_local TypeDetector detector;
    return detector;
  }

  std::uint64_t text_left() const { return text_left_; }
  // Appends `utf8` (already valid UTF-8) to doc->text within the text budget. If it does not
  // fit, appends what fits (cut on a character boundary), marks `doc` kPartial and returns
  // false: the caller should stop producing text.
  bool AppendText(ExtractedDocument* doc, std::string_view utf8);

  // Counts one archive member or attachment. False once max_members is reached.
  bool TakeMember() { return ++members_ <= limits_.max_members; }
  // Reserves `bytes` of uncompressed data. False (and nothing reserved) if over budget.
  bool TakeUncompressed(std::uint64_t bytes) {
    if (bytes > uncompressed_left_) return false;
    uncompressed_left_ -= bytes;
    return true;
  }
  std::uint64_t uncompressed_left() const { return uncompressed_left_; }

 private:
  const ExtractionLimits limits_;
  std::uint64_t text_left_;
  std::uint64_t uncompressed_left_;
  int members_ = 0;
};

// Sets doc to kPartial with `reason` unless it already has a worse status or a reason.
void MarkPartial(ExtractedDocument* doc, std::string_view reason);
// "extraction failed: memory limit of N MiB exceeded": the reason for std::bad_alloc, whether
// seen in the worker (its RLIMIT_AS is limits.memory_bytes) or by the parent from its exit.
std::string MemoryLimitReason(const ExtractionLimits& limits);
// Sets doc to `status` with `reason` (overrides).
void SetStatus(ExtractedDocument* doc, ExtractionStatus status, std::string_view reason);

// Detects the type of `bytes` and runs the matching extractor. `depth` is 0 for the top
// document. Fills doc (mime_type included). Catches every exception from the libraries.
void ExtractInto(ExtractionContext& context, std::string_view bytes, std::string_view file_name,
                 int depth, ExtractedDocument* doc);

// Same with the type already known.
void ExtractTyped(ExtractionContext& context, std::string_view bytes, std::string_view file_name,
                  int depth, ExtractedDocument* doc);

// The extractors. Each fills doc->text, doc->properties, doc->status (and children); bytes
// stay owned by the caller. None throws for bad input.
void ExtractPlainText(ExtractionContext& context, std::string_view bytes, ExtractedDocument* doc);
void ExtractHtml(ExtractionContext& context, std::string_view bytes, ExtractedDocument* doc);
void ExtractXml(ExtractionContext& context, std::string_view bytes, ExtractedDocument* doc);
void ExtractOfficeXml(ExtractionContext& context, std::string_view bytes, ExtractedDocument* doc);
void ExtractPdf(ExtractionContext& context, std::string_view bytes, ExtractedDocument* doc);
void ExtractMail(ExtractionContext& context, std::string_view bytes, int depth,
                 ExtractedDocument* doc);
void ExtractArchive(ExtractionContext& context, std::string_view bytes, std::string_view file_name,
                    int depth, ExtractedDocument* doc);
void ExtractLegacyOffice(ExtractionContext& context, std::string_view bytes,
                         ExtractedDocument* doc);
void ExtractImage(std::string_view bytes, ExtractedDocument* doc);

// Extracts a nested member/attachment as a child of `parent`, applying the depth and member
// limits. `name` is the member path. Used by archives and mail. Returns false when the
// member limit is reached (the child is not added; the caller should stop).
bool AddChild(ExtractionContext& context, std::string_view bytes, std::string_view name,
              int parent_depth, ExtractedDocument* parent);

// A member name made safe to show and store: valid UTF-8, no leading "/" or "./".
std::string SanitizeName(std::string_view name);

}  // namespace synaps::indexer::extract_internal

#endif  // SYNAPS_INDEXER_EXTRACT_CONTEXT_H_
