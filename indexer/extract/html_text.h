// Internal: HTML helpers shared by the HTML, XML-fallback and mail extractors.
#ifndef SYNAPS_INDEXER_EXTRACT_HTML_TEXT_H_
#define SYNAPS_INDEXER_EXTRACT_HTML_TEXT_H_

#include <map>
#include <string>
#include <string_view>

namespace synaps::indexer::extract_internal {

// Replaces character references (&eacute; &#233; &#xE9;; &#146; read as Windows-1252) in
// UTF-8 `s`. Unknown references are kept as written.
std::string DecodeEntities(std::string_view s);

// The charset an HTML/XHTML head declares (<meta charset>, http-equiv, or the XML prolog's
// encoding), or "" if none. Looks at the first 16 KiB only.
std::string DeclaredHtmlCharset(std::string_view head);

// The visible text of UTF-8 `html`: no tags, comments, script, style, noscript or template;
// block elements become line breaks, table cells tabs, spaces collapsed. If `props` is not
// null, fills "title", "description", "keywords", "author" and "language" when present.
// Tolerates any input (unclosed tags, stray '<').
std::string HtmlVisibleText(std::string_view html, std::map<std::string, std::string>* props);

}  // namespace synaps::indexer::extract_internal

#endif  // SYNAPS_INDEXER_EXTRACT_HTML_TEXT_H_
