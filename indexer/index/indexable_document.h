// IndexableDocument: what the index needs to know about one document or sub-document.
//
// A plain value filled by the caller (the CLI maps the store's document and the extractor's
// output to it). The index keeps one Xapian document per IndexableDocument, keyed by `id`.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace synaps::indexer::index {

struct IndexableDocument {
  // Unique, non-empty id: the store's document id ("123"), or for a sub-document (archive member,
  // mail attachment) the parent's id, '!' and the member path ("123!/dir/file.pdf").
  std::string id;
  // Set for a sub-document: the id of the document that contains it. Removing or re-indexing the
  // parent removes the sub-document.
  std::optional<std::string> parent_id;

  // Code of the owning service ("ddt", "cabinet"...); compared case- and accent-insensitively.
  // Required: a document without a service could never be shown to anyone.
  std::string service;
  // Services the document is shared with, and whether it is shared with every agent.
  // A sub-document is visible exactly as its own fields say: give it its parent's values.
  std::vector<std::string> shared_with_services;
  bool shared_with_everyone = false;

  std::string path;       // folder path in the store, e.g. "/Marchés/2024/avis.pdf"
  std::string file_name;  // "avis.pdf"
  std::string title;
  std::string author;
  std::string mime_type;  // "application/pdf"
  std::vector<std::string> tags;
  std::int64_t date = 0;  // unix seconds (UTC); 0 when unknown
  // When this content entered the store (unix milliseconds): the version's creation, which a
  // saved search's "new since the last visit" compares. 0 when unknown (never counted as new).
  std::int64_t added = 0;
  std::uint64_t size = 0;  // bytes

  // Mail headers, empty for other documents. Address lists as in the header ("A <a@x>, b@y").
  std::string mail_from;
  std::string mail_to;
  std::string mail_cc;
  std::string mail_subject;
  // The Message-ID of the thread's first message, for a mail and the parts stored beside it
  // (connectors/mail/); a boolean term: "fil:ID" finds the whole thread.
  std::string mail_thread;

  std::string body;  // extracted text, UTF-8; may be empty (extraction failed)

  // Language if the caller knows it ("fr", "en", "fr-FR"...); empty: detected from the body.
  // Decides the stemmer (see schema.h).
  std::string language;
};

}  // namespace synaps::indexer::index
