#include "dms-server/indexing/document_mapper.h"

#include <ctime>

#include "dms-server/store/names.h"

namespace synaps::indexing {

using indexer::index::IndexableDocument;

namespace {

std::string Property(const indexer::ExtractedDocument& extracted, const char* key) {
  auto it = extracted.properties.find(key);
  return it == extracted.properties.end() ? std::string() : it->second;
}

bool IsMail(const indexer::ExtractedDocument& extracted) {
  return extracted.mime_type == "message/rfc822" || !Property(extracted, "message_id").empty() ||
         !Property(extracted, "from").empty();
}

// Fills the fields that come from extraction (shared by a document and its children).
void FillFromExtraction(const indexer::ExtractedDocument& extracted, IndexableDocument& doc) {
  doc.title = Property(extracted, "title");
  if (doc.title.empty()) doc.title = Property(extracted, "subject");
  doc.author = Property(extracted, "author");
  if (IsMail(extracted)) {
    doc.mail_from = Property(extracted, "from");
    doc.mail_to = Property(extracted, "to");
    doc.mail_cc = Property(extracted, "cc");
    doc.mail_subject = Property(extracted, "subject");
    if (doc.author.empty()) doc.author = doc.mail_from;
  }
  for (const char* key : {"date", "modified", "created"}) {
    int64_t date = ParseDocumentDate(Property(extracted, key));
    if (date > 0) {
      doc.date = date;
      break;
    }
  }
  doc.language = Property(extracted, "language");
  doc.body = extracted.text;
  // Keywords and descriptions are words agents search for, though not part of the text.
  for (const char* key : {"keywords", "description"}) {
    std::string value = Property(extracted, key);
    if (!value.empty()) doc.body += "\n" + value;
  }
}

void AddChildren(const IndexableDocument& parent, const indexer::ExtractedDocument& extracted,
                 std::vector<IndexableDocument>& out) {
  for (const indexer::ExtractedChild& child : extracted.children) {
    // A member's name is the archive's to choose ("../../etc/x"): as a hit id and path it
    // never climbs out of its archive nor has empty segments.
    const std::string name = store::NormalizeMemberPath(child.name);
    IndexableDocument doc;
    doc.id = indexer::ChildAddress(parent.id, name);
    doc.parent_id = parent.id;
    doc.service = parent.service;
    doc.shared_with_services = parent.shared_with_services;
    doc.shared_with_everyone = parent.shared_with_everyone;
    doc.path = indexer::ChildAddress(parent.path, name);
    auto slash = name.find_last_of('/');
    doc.file_name = slash == std::string::npos ? name : name.substr(slash + 1);
    doc.mime_type = child.doc.mime_type;
    doc.tags = parent.tags;
    doc.size = child.doc.text.size();
    FillFromExtraction(child.doc, doc);
    if (doc.title.empty()) doc.title = doc.file_name;
    if (doc.date == 0) doc.date = parent.date;
    doc.added = parent.added;
    out.push_back(doc);
    AddChildren(doc, child.doc, out);  // not out.back(): `out` grows while recursing
  }
}

}  // namespace

int64_t ParseDocumentDate(const std::string& text) {
  if (text.empty()) return 0;
  std::tm tm{};
  const char* end = strptime(text.c_str(), "%Y-%m-%dT%H:%M:%S", &tm);
  if (!end) {
    tm = {};
    end = strptime(text.c_str(), "%Y-%m-%d", &tm);
  }
  if (end) return static_cast<int64_t>(timegm(&tm));
  // RFC 5322 mail dates; the zone offset is applied by hand (strptime's %z only parses it).
  tm = {};
  const char* formats[] = {"%a, %d %b %Y %H:%M:%S %z", "%d %b %Y %H:%M:%S %z"};
  for (const char* format : formats) {
    tm = {};
    if (strptime(text.c_str(), format, &tm)) {
      long offset = tm.tm_gmtoff;
      return static_cast<int64_t>(timegm(&tm)) - offset;
    }
  }
  return 0;
}

std::vector<IndexableDocument> MapForIndex(const StoredDocument& stored,
                                           const indexer::ExtractedDocument& extracted) {
  const store::Document& document = stored.document;
  IndexableDocument doc;
  doc.id = std::to_string(document.id);
  doc.service = document.service_code;
  doc.path = document.path();
  doc.file_name = document.name;
  doc.mime_type = stored.version.mime_type;
  doc.tags = document.tags;
  doc.size = static_cast<uint64_t>(stored.version.size);
  // Who else may find it: the search side filters on these (children inherit them).
  for (const store::Share& share : stored.shares) {
    if (share.service_code.empty()) {
      doc.shared_with_everyone = true;
    } else {
      doc.shared_with_services.push_back(share.service_code);
    }
  }
  FillFromExtraction(extracted, doc);
  if (doc.title.empty()) doc.title = document.name;
  if (doc.date == 0) doc.date = stored.version.created_at / 1000;
  doc.added = stored.version.created_at;
  for (const auto& [key, value] : stored.metadata) doc.body += "\n" + key + " " + value;
  if (auto thread = stored.metadata.find("mail.thread"); thread != stored.metadata.end()) {
    doc.mail_thread = thread->second;
  }
  std::vector<IndexableDocument> out;
  out.push_back(doc);
  // A mail from a mail source has its attachments stored as documents of their own
  // (connectors/mail/): indexed there, not a second time inside it.
  auto parts = stored.metadata.find("synaps.parts");
  if (parts == stored.metadata.end() || parts->second != "documents") {
    AddChildren(doc, extracted, out);
  }
  return out;
}

}  // namespace synaps::indexing
