#include "indexer/index/document_builder.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <sstream>

#include "indexer/base/utf8.h"
#include "indexer/index/schema.h"
#include "indexer/index/snippet_text.h"
#include "indexer/text/folding_stemmer.h"
#include "indexer/text/text_folding.h"

namespace synaps::indexer::index {
namespace {

// Gap between fields so that a phrase never matches across two of them.
constexpr Xapian::termpos kFieldGap = 100;

// A builder forgets the words it has listed past this many per language (memory stays bounded
// on any vocabulary); a word listed again is only added again to the group it is in.
constexpr std::size_t kMaxSeenTermsPerLanguage = 1'000'000;

// File names and paths use '_' and '.' as word separators; Xapian keeps '_' inside words.
std::string FoldName(std::string_view name) {
  std::string folded = text::FoldText(name);
  std::replace(folded.begin(), folded.end(), '_', ' ');
  return folded;
}

std::string Extension(std::string_view file_name) {
  const std::size_t dot = file_name.rfind('.');
  if (dot == std::string_view::npos || dot + 1 >= file_name.size()) return {};
  return text::FoldText(file_name.substr(dot + 1));
}

std::string YearOf(std::int64_t unix_seconds) {
  if (unix_seconds == 0) return {};
  using namespace std::chrono;
  const year_month_day ymd{floor<days>(sys_seconds{seconds{unix_seconds}})};
  return std::to_string(static_cast<int>(ymd.year()));
}

std::string StoredData(const IndexableDocument& doc, const std::string& language) {
  Poco::JSON::Object data;
  data.set("id", doc.id);
  if (doc.parent_id) data.set("parent", *doc.parent_id);
  data.set("service", doc.service);
  data.set("path", doc.path);
  data.set("file_name", doc.file_name);
  data.set("title", doc.title.empty() ? doc.mail_subject : doc.title);
  data.set("author", doc.author.empty() ? doc.mail_from : doc.author);
  data.set("mime", doc.mime_type);
  data.set("date", static_cast<Poco::Int64>(doc.date));
  data.set("size", static_cast<Poco::UInt64>(doc.size));
  data.set("language", language);
  Poco::JSON::Array tags;
  for (const std::string& t : doc.tags) tags.add(t);
  data.set("tags", tags);
  std::ostringstream out;
  data.stringify(out);
  return out.str();
}

}  // namespace

DocumentBuilder::DocumentBuilder() {
  // Words only: their stems go to the stem groups (schema.h).
  generator_.set_stemming_strategy(Xapian::TermGenerator::STEM_NONE);
}

void DocumentBuilder::ListNewStemGroupMembers(Language& language, BuiltDocument* built) {
  const Xapian::Document& xdoc = built->document;
  for (auto it = xdoc.termlist_begin(); it != xdoc.termlist_end(); ++it) {
    std::string term = *it;
    std::string_view prefix, word;
    if (!schema::SplitFreeTextTerm(term, &prefix, &word)) continue;
    if (language.seen_terms.contains(term)) continue;
    built->stem_groups.push_back(
        {schema::StemGroupKey(prefix, language.stemmer(std::string(word))), term});
    if (language.seen_terms.size() >= kMaxSeenTermsPerLanguage) language.seen_terms.clear();
    language.seen_terms.insert(std::move(term));
  }
}

std::string DocumentBuilder::ChooseLanguage(const IndexableDocument& doc) const {
  std::string code = text::LowerAscii(doc.language);
  code = code.substr(0, code.find_first_of("-_"));  // "fr-FR", "en_GB"
  if (code.empty()) {
    code = detector_.Detect(doc.body);
    if (code.empty()) code = detector_.Detect(doc.title + " " + doc.mail_subject);
  }
  if (code.empty()) return std::string(schema::kLangFrench);  // too short: the appliance's language
  if (text::IsStemmedLanguage(code)) return code;
  return std::string(schema::kLangNone);
}

BuiltDocument DocumentBuilder::Build(const IndexableDocument& doc) {
  const std::string language = ChooseLanguage(doc);
  Xapian::Document xdoc;
  generator_.set_document(xdoc);

  auto free_text = [&](std::string_view value, std::string_view prefix, Xapian::termcount wdf,
                       bool also_unprefixed) {
    if (value.empty()) return;
    const std::string folded = text::FoldText(value);
    generator_.index_text(folded, wdf, std::string(prefix));
    if (also_unprefixed) generator_.index_text(folded, wdf);
    generator_.increase_termpos(kFieldGap);
  };

  free_text(doc.body, "", 1, false);
  free_text(doc.title, schema::kTitle, 3, true);
  free_text(doc.mail_subject, schema::kMailSubject, 2, true);
  if (doc.title.empty()) free_text(doc.mail_subject, schema::kTitle, 1, false);
  free_text(doc.author, schema::kAuthor, 1, true);
  free_text(doc.mail_from, schema::kMailFrom, 1, false);
  free_text(doc.mail_to, schema::kMailTo, 1, false);
  free_text(doc.mail_cc, schema::kMailTo, 1, false);
  if (!doc.file_name.empty()) {
    const std::string name = FoldName(doc.file_name);
    generator_.index_text(name, 1, std::string(schema::kFileName));
    generator_.index_text(name, 1);
    generator_.increase_termpos(kFieldGap);
  }
  if (!doc.path.empty()) generator_.index_text(FoldName(doc.path), 1, std::string(schema::kPath));

  xdoc.add_boolean_term(schema::IdTerm(doc.id));
  if (doc.parent_id) xdoc.add_boolean_term(schema::ParentTerm(*doc.parent_id));
  if (!doc.mail_thread.empty()) {
    xdoc.add_boolean_term(schema::BoundedTerm(schema::kMailThread, doc.mail_thread));
  }
  xdoc.add_boolean_term(schema::FoldedTerm(schema::kService, doc.service));
  for (const std::string& s : doc.shared_with_services) {
    if (!s.empty()) xdoc.add_boolean_term(schema::FoldedTerm(schema::kSharedWith, s));
  }
  if (doc.shared_with_everyone) xdoc.add_boolean_term(std::string(schema::kSharedWithEveryone));
  for (const std::string& t : doc.tags) {
    if (!t.empty()) xdoc.add_boolean_term(schema::FoldedTerm(schema::kTag, t));
  }
  const std::string mime = schema::MimeValue(doc.mime_type);
  if (!mime.empty()) xdoc.add_boolean_term(schema::MimeTerm(mime));
  const std::string ext = Extension(doc.file_name);
  if (!ext.empty()) xdoc.add_boolean_term(schema::BoundedTerm(schema::kExtension, ext));
  const std::string year = YearOf(doc.date);
  if (!year.empty()) xdoc.add_boolean_term(schema::YearTerm(year));
  xdoc.add_boolean_term(std::string(schema::kLanguage) + language);

  xdoc.add_value(schema::kSlotId, doc.id);
  xdoc.add_value(schema::kSlotDate, Xapian::sortable_serialise(static_cast<double>(doc.date)));
  xdoc.add_value(schema::kSlotSize, Xapian::sortable_serialise(static_cast<double>(doc.size)));
  if (doc.added > 0) {
    xdoc.add_value(schema::kSlotAdded, Xapian::sortable_serialise(static_cast<double>(doc.added)));
  }
  // Facet values are shown to agents: the canonical spelling of a service code is upper case
  // ("CAB"), as the store writes it; folding first keeps "DDT" and "ddt" one service.
  std::string service_code = text::FoldText(doc.service);
  for (char& c : service_code) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  xdoc.add_value(schema::kSlotService, service_code);
  if (!mime.empty()) xdoc.add_value(schema::kSlotMime, mime);
  if (!year.empty()) xdoc.add_value(schema::kSlotYear, year);
  if (!doc.tags.empty()) xdoc.add_value(schema::kSlotTags, schema::EncodeMultiValue(doc.tags));
  xdoc.add_value(schema::kSlotLanguage, language);
  if (!doc.body.empty()) {
    xdoc.add_value(schema::kSlotSnippetText,
                   PackSnippetText(base::Utf8Prefix(doc.body, schema::kSnippetTextBytes)));
  }
  xdoc.set_data(StoredData(doc, language));
  // The generator keeps a reference to the document; drop it so that the document (whose
  // reference count is not atomic) can go to the writer's thread.
  generator_.set_document(Xapian::Document());
  BuiltDocument built{schema::IdTerm(doc.id), std::move(xdoc), {}};
  if (text::IsStemmedLanguage(language)) {
    auto known = languages_.find(language);
    if (known == languages_.end()) {
      known = languages_.emplace(language, Language{text::MakeStemmer(language), {}}).first;
    }
    ListNewStemGroupMembers(known->second, &built);
  }
  return built;
}

}  // namespace synaps::indexer::index
