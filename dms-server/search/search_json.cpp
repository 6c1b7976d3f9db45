#include "dms-server/search/search_json.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "dms-server/json/model_json.h"

namespace synaps::search {

namespace {

using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

void String(JsonWriter& out, const std::string& text) {
  out.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
}

void Member(JsonWriter& out, const char* key, const std::string& text) {
  out.Key(key);
  String(out, text);
}

}  // namespace

std::string SearchResultJson(const indexer::query::SearchResult& result, int64_t page,
                             int64_t page_size) {
  rapidjson::StringBuffer buffer;
  buffer.Reserve(16384);
  JsonWriter out(buffer);
  out.StartObject();
  out.Key("total");
  out.Uint64(result.total_estimate);
  out.Key("page");
  out.Int64(page);
  out.Key("page_size");
  out.Int64(page_size);
  Member(out, "suggestion", result.suggestion);
  out.Key("facets_exact");
  out.Bool(result.facets_exact);
  out.Key("elapsed_ms");
  out.Double(result.elapsed_ms);
  out.Key("hits");
  out.StartArray();
  for (const auto& hit : result.hits) {
    out.StartObject();
    Member(out, "id", hit.id);
    if (!hit.parent_id.empty()) Member(out, "parent_id", hit.parent_id);
    Member(out, "title", hit.title);
    Member(out, "path", hit.path);
    Member(out, "file_name", hit.file_name);
    Member(out, "service", hit.service);
    Member(out, "mime_type", hit.mime_type);
    Member(out, "author", hit.author);
    if (hit.date > 0) Member(out, "date", json::IsoTime(hit.date * 1000));
    out.Key("size");
    out.Uint64(hit.size);
    out.Key("percent");
    out.Int(hit.percent);
    out.Key("tags");
    out.StartArray();
    for (const auto& tag : hit.tags) String(out, tag);
    out.EndArray();
    Member(out, "snippet_html", hit.snippet_html);
    out.EndObject();
  }
  out.EndArray();
  out.Key("facets");
  out.StartObject();
  for (const auto& [name, values] : result.facets) {
    out.Key(name.data(), static_cast<rapidjson::SizeType>(name.size()));
    out.StartArray();
    for (const auto& value : values) {
      out.StartObject();
      Member(out, "value", value.value);
      out.Key("count");
      out.Uint64(value.count);
      out.EndObject();
    }
    out.EndArray();
  }
  out.EndObject();
  out.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace synaps::search
