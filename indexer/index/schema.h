// The layout of a Synaps Xapian document: term prefixes, value slots, stored data. The index
// writer and the query side both read it from here, and nowhere else.
//
// Terms (Omega conventions where they exist):
//   Q<id>            unique id                       XPARENT<id>   parent's id (sub-documents)
//   S  title/subject (free text)  A  author (free text)  P  path (free text)
//   XFILE file name (free text)   XFROM / XTO mail from / to+cc   XSUBJECT mail subject
//   K<tag>  T<mime>  E<extension>  XYEAR<yyyy>        boolean, folded
//   XSERVICE<svc>  XSHARE<svc>  XEVERYONE             permissions, folded service codes
//   L<code>  stemming language of the document: Lfr, Len, or Lnone (indexed unstemmed)
//   Unprefixed: body, title, author, file name and mail subject words.
// All text is folded (text/text_folding.h) before Xapian sees it.
//
// Stems are not terms of the documents. A stemmed query word must match every word of its stem
// ("prefectures" finds "préfecture"), and Xapian's usual way, a "Z"-prefixed stem term next to
// each word, nearly doubles the postings the writer inverts and stores. Instead the synonym table
// holds stem groups: for each word of a free-text field of a document in a stemmed language, the
// key StemGroupKey(prefix, stem of the word) lists the term prefix + word. The query parser, with
// FLAG_AUTO_SYNONYMS, turns a stemmed query word ("Z" + prefix + stem, exactly that key) into the
// group searched as one term (OP_SYNONYM). A word stays in its groups when its documents go:
// it then matches nothing. Groups are shared by languages: a French stem that happens to equal an
// English stem adds the English words to the French group, which can only widen a match.
//
// Language choice: French and English documents are stemmed in their language; a document whose
// language is detected as anything else is indexed unstemmed (Lnone); text too short to detect
// (metadata only) is treated as French, the appliance's language. The query side parses a query
// once per language and restricts each parse to documents of that language, so a French query
// matches English documents through the English stems and never through wrong-language stems.
//
// Thread-safe (constants and pure functions).
#pragma once

#include <xapian.h>

#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace synaps::indexer::index::schema {

// The version of what the index holds for a document (terms, values, stem groups), kept in the
// index's metadata under kSchemaVersionKey. Raised when a change means that documents indexed
// before must be indexed again: an index of another version is rebuilt from the store
// (dms-server/indexing/index_pipeline.h). An index written before versions were kept is 1.
inline constexpr int kSchemaVersion = 1;
inline constexpr std::string_view kSchemaVersionKey = "synaps.schema_version";

// Term prefixes.
inline constexpr std::string_view kId = "Q";
inline constexpr std::string_view kParent = "XPARENT";
inline constexpr std::string_view kTitle = "S";
inline constexpr std::string_view kAuthor = "A";
inline constexpr std::string_view kPath = "P";
inline constexpr std::string_view kFileName = "XFILE";
inline constexpr std::string_view kMailFrom = "XFROM";
inline constexpr std::string_view kMailTo = "XTO";
inline constexpr std::string_view kMailSubject = "XSUBJECT";
// The thread a mail belongs to (the Message-ID that started it), and the parts stored beside it.
inline constexpr std::string_view kMailThread = "XTHREAD";
inline constexpr std::string_view kTag = "K";
inline constexpr std::string_view kMime = "T";
inline constexpr std::string_view kExtension = "E";
inline constexpr std::string_view kYear = "XYEAR";
inline constexpr std::string_view kService = "XSERVICE";
inline constexpr std::string_view kSharedWith = "XSHARE";
inline constexpr std::string_view kSharedWithEveryone = "XEVERYONE";
inline constexpr std::string_view kLanguage = "L";

// Stemming languages ("none": unstemmed).
inline constexpr std::string_view kLangFrench = "fr";
inline constexpr std::string_view kLangEnglish = "en";
inline constexpr std::string_view kLangNone = "none";

// Value slots.
enum Slot : Xapian::valueno {
  kSlotId = 0,        // document id, verbatim
  kSlotDate = 1,      // Xapian::sortable_serialise(unix seconds)
  kSlotSize = 2,      // Xapian::sortable_serialise(bytes)
  kSlotService = 3,   // service code, folded then upper case (facet)
  kSlotMime = 4,      // MIME type, lower case (facet)
  kSlotYear = 5,      // "2024" (facet), empty when the date is unknown
  kSlotTags = 6,      // tags as given, EncodeMultiValue (facet)
  kSlotLanguage = 7,  // "fr", "en" or "none": stemmer for snippets
  kSlotSnippetText =
      8,           // the first kSnippetTextBytes of the body, unfolded, packed (snippet_text.h)
  kSlotAdded = 9,  // Xapian::sortable_serialise(unix ms): when the version entered the store
};

// Snippets are cut from the start of the body only, to keep the index small: the text is a sixth
// of a compacted index at 32 KB, a ninth at 8 KB. 8 KB hold the whole body of four documents in
// five on the bench corpus; a hit further down gets an extract of the start, without highlights.
inline constexpr std::size_t kSnippetTextBytes = 8 * 1024;

// Returns prefix + value, or, when that exceeds Xapian's term length limit, prefix + a prefix of
// value + '#' + a 64-bit hash of value, so long ids, paths and tags never make Xapian throw.
std::string BoundedTerm(std::string_view prefix, std::string_view value);

// The unique-id term of a document id (Q...).
inline std::string IdTerm(std::string_view id) {
  return BoundedTerm(kId, id);
}
// The parent-link term that sub-documents of `parent_id` carry.
inline std::string ParentTerm(std::string_view parent_id) {
  return BoundedTerm(kParent, parent_id);
}
// A boolean term whose value is folded first (tags, services, MIME types...).
std::string FoldedTerm(std::string_view prefix, std::string_view value);
// A MIME type as the index keeps it (term and facet slot): in lower case.
std::string MimeValue(std::string_view mime_type);
// The boolean term of a MIME type, given in any case.
inline std::string MimeTerm(std::string_view mime_type) {
  return BoundedTerm(kMime, MimeValue(mime_type));
}
// The boolean term of a year ("2024").
inline std::string YearTerm(std::string_view year) {
  return std::string(kYear).append(year);
}

// The free-text prefixes, whose words are also listed in stem groups ("" is the unprefixed one).
inline constexpr std::array<std::string_view, 8> kFreeTextPrefixes = {
    "", kTitle, kAuthor, kPath, kFileName, kMailFrom, kMailTo, kMailSubject};

// Splits a term of a free-text field ("Sprefecture") into its prefix ("S") and word
// ("prefecture"). Returns false for any other term (boolean terms, ids) and for "Z" stems.
bool SplitFreeTextTerm(std::string_view term, std::string_view* prefix, std::string_view* word);

// The synonym-table key of the stem group of `stem` in the field of `prefix`: "Z" + prefix +
// stem, the term Xapian's QueryParser makes of a stemmed query word.
inline std::string StemGroupKey(std::string_view prefix, std::string_view stem) {
  return std::string("Z").append(prefix).append(stem);
}

// Multi-valued slot encoding: each value is its byte length in decimal, ':', then the bytes.
std::string EncodeMultiValue(const std::vector<std::string>& values);
// Inverse of EncodeMultiValue; stops at the first malformed entry.
std::vector<std::string> DecodeMultiValue(std::string_view encoded);

}  // namespace synaps::indexer::index::schema
