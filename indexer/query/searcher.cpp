#include "indexer/query/searcher.h"

#include <rapidjson/document.h>
#include <sys/stat.h>
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <optional>
#include <set>

#include "indexer/index/schema.h"
#include "indexer/index/snippet_text.h"
#include "indexer/index/xapian_error_status.h"
#include "indexer/query/facet_columns.h"
#include "indexer/query/facet_counter.h"
#include "indexer/query/facet_filter.h"
#include "indexer/query/permission_query.h"
#include "indexer/query/query_builder.h"
#include "indexer/query/query_string.h"
#include "indexer/query/snippet_maker.h"
#include "indexer/query/spelling_corrector.h"
#include "indexer/text/text_folding.h"

namespace synaps::indexer::query {
namespace {

namespace schema = index::schema;
using base::ErrorCode;
using index::GuardXapian;

constexpr Xapian::termcount kMoreLikeThisTerms = 25;

// Only plain words (folded, lower case) describe a document; prefixed and stemmed ("Z") terms
// start with a capital.
class WordTermDecider : public Xapian::ExpandDecider {
 public:
  bool operator()(const std::string& term) const override {
    if (term.size() < 3) return false;
    const auto c = static_cast<unsigned char>(term[0]);
    return (c >= 'a' && c <= 'z') || c >= 0x80;
  }
};

std::set<std::string> Words(const std::string& folded) {
  std::set<std::string> words;
  std::string word;
  for (char c : folded + " ") {
    if (text::IsFoldedWordByte(static_cast<unsigned char>(c))) {
      word += c;
    } else if (!word.empty()) {
      words.insert(word);
      word.clear();
    }
  }
  return words;
}

// The stored data is the JSON object of index::DocumentBuilder. It is read once per hit of every
// page of results, so a DOM parser without per-value allocations (RapidJSON) rather than a
// generic one. A damaged record leaves the hit's fields empty rather than failing the search.
void FillHitFromData(const std::string& data, SearchHit* hit) {
  rapidjson::Document json;
  json.Parse(data.data(), data.size());
  if (json.HasParseError() || !json.IsObject()) return;
  auto text = [&](const char* key, std::string* out) {
    auto it = json.FindMember(key);
    if (it != json.MemberEnd() && it->value.IsString()) {
      out->assign(it->value.GetString(), it->value.GetStringLength());
    }
  };
  text("id", &hit->id);
  text("parent", &hit->parent_id);
  text("title", &hit->title);
  text("path", &hit->path);
  text("file_name", &hit->file_name);
  text("service", &hit->service);
  text("mime", &hit->mime_type);
  text("author", &hit->author);
  text("language", &hit->language);
  if (auto it = json.FindMember("date"); it != json.MemberEnd() && it->value.IsInt64()) {
    hit->date = it->value.GetInt64();
  }
  if (auto it = json.FindMember("size"); it != json.MemberEnd() && it->value.IsUint64()) {
    hit->size = it->value.GetUint64();
  }
  if (auto it = json.FindMember("tags"); it != json.MemberEnd() && it->value.IsArray()) {
    for (const auto& tag : it->value.GetArray()) {
      if (tag.IsString()) hit->tags.emplace_back(tag.GetString(), tag.GetStringLength());
    }
  }
}

// What tells one index directory from another put in its place (a compaction exchanges them).
std::pair<dev_t, ino_t> DirectoryIdentity(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return {0, 0};
  return {st.st_dev, st.st_ino};
}

}  // namespace

struct Searcher::Impl {
  explicit Impl(const std::string& index_path)
      : path(index_path),
        identity(DirectoryIdentity(path)),
        db(path),
        builder(std::make_unique<QueryBuilder>(db)) {}

  // Picks up a writer's last commit, or a compacted index put in place of the one open; the
  // parsers are rebuilt so that wildcards and spelling see the new vocabulary.
  void Refresh() {
    const auto now = DirectoryIdentity(path);
    if (now != identity && now != std::pair<dev_t, ino_t>{0, 0}) {
      db = Xapian::Database(path);
      identity = now;
      builder = std::make_unique<QueryBuilder>(db);
      return;
    }
    if (db.reopen()) builder = std::make_unique<QueryBuilder>(db);
  }

  bool HasVisibleMatch(const Xapian::Query& query, const Xapian::Query& permission) {
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, query, permission));
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    return !enquire.get_mset(0, 1).empty();
  }

  // A correction is offered only if each new word, and the corrected query as a whole, match a
  // visible document: the spelling dictionary holds words of every service (and of removed
  // documents), and must not reveal them.
  std::string VerifiedSuggestion(const std::string& raw_query, const QueryBuilder::Parsed& parsed,
                                 const Xapian::Query& permission) {
    if (parsed.corrected.empty()) return {};
    const std::set<std::string> before = Words(parsed.prepared);
    for (const std::string& word : Words(parsed.corrected)) {
      if (before.count(word) == 0 && !HasVisibleMatch(Xapian::Query(word), permission)) return {};
    }
    if (!HasVisibleMatch(builder->Parse(parsed.corrected, false).query, permission)) return {};
    return RestoreUnchangedChunks(PrepareQueryChunks(raw_query), parsed.corrected);
  }

  // `visible` is the full query (user query filtered by permissions); `words` and `prepared`
  // (the user query alone and its folded string) only choose the words snippets highlight.
  void Run(const Xapian::Query& visible, const Xapian::Query& words, const std::string& prepared,
           const SearchRequest& request, SearchResult* out) {
    Xapian::Enquire enquire(db);
    enquire.set_query(visible);
    switch (request.sort) {
      case SortOrder::kRelevance:
        break;
      case SortOrder::kDateNewestFirst:
        enquire.set_sort_by_value_then_relevance(schema::kSlotDate, true);
        break;
      case SortOrder::kDateOldestFirst:
        enquire.set_sort_by_value_then_relevance(schema::kSlotDate, false);
        break;
    }
    FacetCounter facets;
    Xapian::doccount check_at_least = 0;
    if (request.want_facets) {
      enquire.add_matchspy(&facets);
      check_at_least = static_cast<Xapian::doccount>(request.facet_scan_limit);
    }
    const auto page =
        static_cast<Xapian::doccount>(std::min(request.page_size, SearchRequest::kMaxPageSize));
    Xapian::MSet mset =
        enquire.get_mset(static_cast<Xapian::doccount>(request.offset), page, check_at_least);
    out->total_estimate = mset.get_matches_estimated();

    std::optional<SnippetMaker> snippets;
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      const Xapian::Document doc = it.get_document();
      SearchHit hit;
      FillHitFromData(doc.get_data(), &hit);
      hit.score = it.get_weight();
      hit.percent = it.get_percent();
      if (request.want_snippets) {
        const std::string text = index::UnpackSnippetText(doc.get_value(schema::kSlotSnippetText));
        if (!text.empty()) {
          if (!snippets) snippets.emplace(db, words, prepared);
          hit.snippet_html =
              snippets->Make(text, doc.get_value(schema::kSlotLanguage), request.snippet_length);
        }
      }
      out->hits.push_back(std::move(hit));
    }
    if (request.want_facets) {
      // Every match was counted only if the matcher knows the exact count and the spy saw it all.
      out->facets_exact = mset.get_matches_lower_bound() == mset.get_matches_upper_bound() &&
                          facets.examined() == mset.get_matches_lower_bound();
      const std::size_t n = request.facet_values;
      if (auto columns = FacetColumnsCache::Instance().Get(ColumnsKey(), db)) {
        out->facets["service"] = columns->Count(Facet::kService, facets.docids(), n);
        out->facets["type"] = columns->Count(Facet::kType, facets.docids(), n);
        out->facets["year"] = columns->Count(Facet::kYear, facets.docids(), n);
        out->facets["tag"] = columns->Count(Facet::kTag, facets.docids(), n);
      } else {
        out->facets["service"] = facets.Count(db, schema::kSlotService, false, n);
        out->facets["type"] = facets.Count(db, schema::kSlotMime, false, n);
        out->facets["year"] = facets.Count(db, schema::kSlotYear, false, n);
        out->facets["tag"] = facets.Count(db, schema::kSlotTags, true, n);
      }
    }
  }

  // Which index the facet columns belong to: the directory, and which directory is there now.
  std::string ColumnsKey() const {
    return path + "#" + std::to_string(identity.first) + ":" + std::to_string(identity.second);
  }

  const std::string path;
  std::pair<dev_t, ino_t> identity;
  Xapian::Database db;
  std::unique_ptr<QueryBuilder> builder;
};

Searcher::Searcher(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Searcher::~Searcher() = default;

base::Status Searcher::Open(const std::string& path, std::unique_ptr<Searcher>* out) {
  return GuardXapian("opening the index " + path, [&] {
    *out = std::unique_ptr<Searcher>(new Searcher(std::make_unique<Impl>(path)));
    return base::Status::Ok();
  });
}

base::Status Searcher::Search(const SearchRequest& request, const PermissionFilter& filter,
                              SearchResult* out) {
  const auto start = std::chrono::steady_clock::now();
  *out = SearchResult();
  base::Status status = base::Status::Ok();
  if (!filter.denies_all()) {
    for (int attempt = 0; attempt < 2; ++attempt) {
      *out = SearchResult();
      status = GuardXapian("search", [&] {
        impl_->Refresh();
        const Xapian::Query permission = PermissionQuery(filter);
        QueryBuilder::Parsed parsed = impl_->builder->Parse(request.query, false);
        // Facet values and permissions only filter (they add no weight); snippets highlight the
        // words of the query alone.
        Xapian::Query narrowed = request.filter.empty()
                                     ? parsed.query
                                     : Xapian::Query(Xapian::Query::OP_FILTER, parsed.query,
                                                     FacetFilterQuery(request.filter));
        if (request.added_since > 0) {
          narrowed = Xapian::Query(
              Xapian::Query::OP_FILTER, narrowed,
              Xapian::Query(Xapian::Query::OP_VALUE_GE, schema::kSlotAdded,
                            Xapian::sortable_serialise(static_cast<double>(request.added_since))));
        }
        impl_->Run(Xapian::Query(Xapian::Query::OP_FILTER, narrowed, permission), parsed.query,
                   parsed.prepared, request, out);
        // Corrected only once the match count is known: most searches find plenty, and then
        // a suggestion would be noise that costs as much as the search.
        if (request.want_suggestion && out->total_estimate <= request.suggestion_max_matches) {
          parsed.corrected = CorrectQueryString(impl_->db, parsed.prepared);
          out->suggestion = impl_->VerifiedSuggestion(request.query, parsed, permission);
        }
        return base::Status::Ok();
      });
      // A commit during the search can invalidate what was read: reopen and try once more.
      if (status.ok() || status.message().find("DatabaseModifiedError") == std::string::npos) break;
    }
  }
  out->elapsed_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return status;
}

base::Status Searcher::MoreLikeThis(const std::string& id, const SearchRequest& request,
                                    const PermissionFilter& filter, SearchResult* out) {
  const auto start = std::chrono::steady_clock::now();
  *out = SearchResult();
  const base::Status not_found(base::ErrorCode::kNotFound, "document " + id + " not found");
  if (filter.denies_all()) return not_found;
  base::Status status = GuardXapian("more like this", [&] {
    impl_->Refresh();
    const Xapian::Query permission = PermissionQuery(filter);
    const Xapian::Query self(schema::IdTerm(id));
    Xapian::Enquire enquire(impl_->db);
    enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, self, permission));
    const Xapian::MSet found = enquire.get_mset(0, 1);
    if (found.empty()) return not_found;
    Xapian::RSet rset;
    rset.add_document(*found.begin());
    WordTermDecider decider;
    const Xapian::ESet eset = enquire.get_eset(kMoreLikeThisTerms, rset, &decider);
    if (eset.empty()) return base::Status::Ok();
    const Xapian::Query like(Xapian::Query::OP_OR, eset.begin(), eset.end());
    const Xapian::Query others(Xapian::Query::OP_AND_NOT, like, self);
    impl_->Run(Xapian::Query(Xapian::Query::OP_FILTER, others, permission), like, "", request, out);
    return base::Status::Ok();
  });
  out->elapsed_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return status;
}

}  // namespace synaps::indexer::query
