// Plain text, CSV, Markdown and other text/*: charset detection and conversion only.
#include "indexer/extract/context.h"
#include "indexer/extract/text_encoding.h"

namespace synaps::indexer::extract_internal {

void ExtractPlainText(ExtractionContext& context, std::string_view bytes, ExtractedDocument* doc) {
  std::string charset;
  std::string text = DecodeText(bytes, "", &charset);
  doc->properties["charset"] = charset;
  context.AppendText(doc, text);
}

}  // namespace synaps::indexer::extract_internal
