// PDF through poppler-cpp: text page by page in reading order, the Info dictionary, page
// count. An encrypted file without password gives what poppler can read without it.
#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-global.h>
#include <poppler/cpp/poppler-page.h>

#include <climits>
#include <ctime>
#include <memory>
#include <mutex>

#include "indexer/extract/context.h"
#include "indexer/extract/text_encoding.h"

namespace synaps::indexer::extract_internal {
namespace {

// Poppler reports every syntax problem on stderr; damaged files would flood the logs.
void QuietPoppler() {
  static std::once_flag once;
  std::call_once(
      once, [] { poppler::set_debug_error_function([](const std::string&, void*) {}, nullptr); });
}

std::string ToUtf8(const poppler::ustring& s) {
  poppler::byte_array bytes = s.to_utf8();
  return SanitizeUtf8(std::string_view(bytes.data(), bytes.size()));
}

std::string IsoDate(time_t t) {
  if (t == static_cast<time_t>(-1) || t == 0) return {};
  struct tm utc {};
  if (gmtime_r(&t, &utc) == nullptr) return {};
  char buffer[32];
  std::strftime(buffer, sizeof(buffer), "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buffer;
}

void ReadInfo(const poppler::document& pdf, ExtractedDocument* doc) {
  static constexpr std::pair<const char*, const char*> kKeys[] = {
      {"Title", "title"}, {"Author", "author"}, {"Subject", "subject"}, {"Keywords", "keywords"}};
  for (const auto& [pdf_key, key] : kKeys) {
    std::string value = ToUtf8(pdf.info_key(pdf_key));
    if (!value.empty()) doc->properties[key] = value;
  }
  std::string created = IsoDate(pdf.info_date_t("CreationDate"));
  if (!created.empty()) doc->properties["created"] = created;
  std::string modified = IsoDate(pdf.info_date_t("ModDate"));
  if (!modified.empty()) doc->properties["modified"] = modified;
}

// Why poppler could not open `bytes` (it says nothing itself): the parts of a PDF that are
// missing, from the end of the file backwards, since truncation is the usual cause.
std::string DescribeUnreadablePdf(std::string_view bytes) {
  auto has = [&bytes](std::string_view part) { return bytes.find(part) != std::string_view::npos; };
  if (bytes.substr(0, 1024).find("%PDF-") == std::string_view::npos) {
    return "not a PDF: no %PDF- header at the start";
  }
  bool xref = has("startxref") || has("xref") || has("/XRef");
  if (!has("%%EOF") && !xref) {
    return "PDF is truncated: the file ends before its cross-reference table";
  }
  if (!xref) return "PDF is damaged: no cross-reference table";
  if (!has(" obj")) return "PDF is damaged: it holds no objects";
  if (!has("/Root") || !has("/Catalog")) return "PDF is damaged: no document catalog (/Root)";
  return "PDF is damaged: its cross-reference table and objects cannot be rebuilt";
}

}  // namespace

void ExtractPdf(ExtractionContext& context, std::string_view bytes, ExtractedDocument* doc) {
  QuietPoppler();
  if (bytes.size() > static_cast<std::size_t>(INT_MAX)) {
    SetStatus(doc, ExtractionStatus::kFailed,
              "extraction failed: PDF larger than 2 GiB, the most the PDF reader takes");
    return;
  }
  std::unique_ptr<poppler::document> pdf(
      poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size())));
  if (!pdf) {
    SetStatus(doc, ExtractionStatus::kFailed, "extraction failed: " + DescribeUnreadablePdf(bytes));
    return;
  }
  if (pdf->is_locked()) {
    // Only the Info dictionary: poppler 22.12 crashes on pages() of a locked document.
    ReadInfo(*pdf, doc);
    SetStatus(doc, ExtractionStatus::kEncrypted, "encrypted PDF: password required, metadata only");
    return;
  }
  ReadInfo(*pdf, doc);
  int pages = pdf->pages();
  doc->properties["pages"] = std::to_string(pages);
  int failed_pages = 0;
  for (int i = 0; i < pages; ++i) {
    std::unique_ptr<poppler::page> page(pdf->create_page(i));
    if (!page) {
      ++failed_pages;
      continue;
    }
    // The default layout is poppler's reading order (columns are followed), as pdftotext.
    std::string text =
        ToUtf8(page->text(page->page_rect(), poppler::page::non_raw_non_physical_layout));
    // Poppler ends pages with line breaks and a form feed; pages are joined with one "\f".
    while (!text.empty() && (text.back() == '\n' || text.back() == '\f' || text.back() == ' ')) {
      text.pop_back();
    }
    if (i > 0 && !context.AppendText(doc, "\f")) return;
    if (!context.AppendText(doc, text)) return;
  }
  if (pages > 0 && failed_pages == pages) {
    SetStatus(doc, ExtractionStatus::kFailed,
              "extraction failed: PDF is damaged: none of its " + std::to_string(pages) +
                  " pages can be read");
    return;
  }
  if (failed_pages > 0) {
    MarkPartial(doc, "PDF is damaged: " + std::to_string(failed_pages) + " of " +
                         std::to_string(pages) + " pages cannot be read");
  }
}

}  // namespace synaps::indexer::extract_internal
