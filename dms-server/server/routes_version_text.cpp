// A document's versions for people to read: a preview of one version (its text, or with
// `page`, a PDF page drawn as an image), and what changed between two (indexing/version_text.h,
// page_images.h, version_comparison.h). The document service decides (404 for a document the
// caller may not read) and audits the reads; the isolated extraction worker parses and draws
// with the server's extraction limits.
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <limits>

#include "dms-server/indexing/page_images.h"
#include "dms-server/indexing/version_comparison.h"
#include "dms-server/indexing/version_text.h"
#include "dms-server/server/content_response.h"
#include "dms-server/server/document_access.h"
#include "dms-server/server/routes.h"

namespace synaps::server {

namespace {

using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

// At most this many bytes of text in a preview: a page shows the beginning of a document, and
// the rest is a download away.
constexpr size_t kMaxPreviewBytes = 64 * 1024;

// At most this many lines of hunks in an answer: a rewritten 100,000-line text is summed up,
// not sent whole ("truncated": true).
constexpr size_t kMaxAnswerLines = 5000;

void Member(JsonWriter& out, const char* key, const std::string& text) {
  out.Key(key);
  out.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
}

void Version(JsonWriter& out, const char* key, const indexing::ComparedVersion& version) {
  out.Key(key);
  out.StartObject();
  out.Key("version");
  out.Int(version.number);
  Member(out, "extraction", version.status);
  if (!version.reason.empty()) Member(out, "reason", version.reason);
  out.Key("lines");
  out.Uint64(version.lines);
  out.EndObject();
}

std::string ComparisonJson(const indexing::VersionComparison& comparison) {
  rapidjson::StringBuffer buffer;
  JsonWriter out(buffer);
  out.StartObject();
  out.Key("document_id");
  out.Int64(comparison.document_id);
  Version(out, "from", comparison.from);
  Version(out, "to", comparison.to);
  out.Key("removed");
  out.Uint64(comparison.diff.removed);
  out.Key("added");
  out.Uint64(comparison.diff.added);
  out.Key("exact");
  out.Bool(comparison.diff.exact);
  size_t sent = 0;
  bool truncated = false;
  out.Key("hunks");
  out.StartArray();
  for (const auto& hunk : comparison.diff.hunks) {
    if (sent >= kMaxAnswerLines) {
      truncated = true;
      break;
    }
    out.StartObject();
    out.Key("old_start");
    out.Uint64(hunk.old_start);
    out.Key("old_count");
    out.Uint64(hunk.old_count);
    out.Key("new_start");
    out.Uint64(hunk.new_start);
    out.Key("new_count");
    out.Uint64(hunk.new_count);
    out.Key("lines");
    out.StartArray();
    for (const auto& line : hunk.lines) {
      if (sent++ >= kMaxAnswerLines) {
        truncated = true;
        break;
      }
      out.StartObject();
      Member(out, "op",
             line.kind == indexing::DiffLine::Kind::kSame      ? " "
             : line.kind == indexing::DiffLine::Kind::kRemoved ? "-"
                                                               : "+");
      Member(out, "text", line.text);
      out.EndObject();
    }
    out.EndArray();
    out.EndObject();
  }
  out.EndArray();
  out.Key("truncated");
  out.Bool(truncated);
  out.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

int VersionParameter(const Exchange& x, const std::string& name) {
  if (!x.query.Has(name)) throw HttpError{400, "invalid_argument", name + " is required"};
  return static_cast<int>(
      ParseInteger(x.query.Get(name), name, 0, std::numeric_limits<int>::max()));
}

// A worker for this request, under the server's extraction limits.
indexer::ExtractionWorker::Options WorkerOptions(const Exchange& x) {
  indexer::ExtractionWorker::Options options;
  options.limits = x.context.options.extraction_limits;
  return options;
}

// Page `page` of a PDF version as a PNG image, from the directory of preview images or drawn
// by the worker. Its validator is known before anything is read: a browser that has the image
// is answered 304 at the cost of the permission decision alone.
void SendPageImage(Exchange& x, int64_t id, const documents::Caller& caller, int number) {
  using indexing::PageImages;
  const int page =
      static_cast<int>(ParseInteger(x.query.Get("page"), "page", 1, PageImages::kMaxPages));
  const int width = x.query.Has("width")
                        ? static_cast<int>(ParseInteger(x.query.Get("width"), "width", 1, 1 << 20))
                        : PageImages::kDefaultWidth;
  if (!PageImages::IsWidth(width)) {
    throw HttpError{400, "invalid_argument", "width must be 200, 400, 800 or 1200"};
  }
  documents::DocumentService service = Documents(x);
  auto [document, version] = ValueOrThrow(service.Version(caller, id, number));
  ContentEntity entity;
  entity.etag = PageImages::ETag(version, page, width);
  entity.last_modified_ms = version.created_at;
  entity.content_type = "image/png";
  // Asked again each time (the caller's right to read may change), answered 304 when unchanged.
  entity.cache_control = "private, no-cache";
  if (version.mime_type == "application/pdf" && PlanContent(x.request, entity).status == 304) {
    SendContent(x, entity, [] { return store::UniqueFd(); });
    return;
  }
  indexer::ExtractionWorker worker(WorkerOptions(x));
  indexing::PageImage image = ValueOrThrow(
      x.context.page_images.Get(service, caller, document, version, page, width, worker));
  switch (image.outcome) {
    case indexing::PageImage::Outcome::kOk:
      break;
    case indexing::PageImage::Outcome::kNotPdf:
      throw HttpError{415, "unsupported_media_type", image.reason};
    case indexing::PageImage::Outcome::kNoSuchPage:
      throw HttpError{404, "not_found", image.reason};
    case indexing::PageImage::Outcome::kFailed:
      throw HttpError{422, "preview_failed", image.reason};
  }
  entity.size = image.size;
  x.response.set("X-Synaps-Preview-Cache", image.cached ? "hit" : "miss");
  SendContent(x, entity, [&image] { return std::move(image.file); });
}

void Preview(Exchange& x) {
  const int64_t id = ParseDocumentIdParam(x.Param("id"));
  documents::Caller caller = RequireCaller(x);
  const int number = x.query.Has("version") ? VersionParameter(x, "version") : 0;
  if (x.query.Has("page")) {
    SendPageImage(x, id, caller, number);
    return;
  }
  documents::DocumentService service = Documents(x);
  indexer::ExtractionWorker worker(WorkerOptions(x));
  indexing::ExtractedVersionText version =
      ValueOrThrow(indexing::VersionText(service, caller, id, number, "preview", worker));
  const std::string_view shown = indexing::Utf8Prefix(version.text, kMaxPreviewBytes);
  rapidjson::StringBuffer buffer;
  JsonWriter out(buffer);
  out.StartObject();
  out.Key("document_id");
  out.Int64(id);
  out.Key("version");
  out.Int(version.number);
  Member(out, "mime_type", version.mime_type);
  Member(out, "extraction", version.status);
  if (!version.reason.empty()) Member(out, "reason", version.reason);
  out.Key("text");
  out.String(shown.data(), static_cast<rapidjson::SizeType>(shown.size()));
  out.Key("truncated");
  out.Bool(shown.size() < version.text.size());
  out.EndObject();
  x.SendJsonText(200, std::string(buffer.GetString(), buffer.GetSize()));
}

void Compare(Exchange& x) {
  const int64_t id = ParseDocumentIdParam(x.Param("id"));
  documents::Caller caller = RequireCaller(x);
  const int from = VersionParameter(x, "from");
  const int to = VersionParameter(x, "to");
  documents::DocumentService service = Documents(x);
  indexer::ExtractionWorker worker(WorkerOptions(x));
  indexing::VersionComparison comparison =
      ValueOrThrow(indexing::CompareVersions(service, caller, id, from, to, worker));
  x.SendJsonText(200, ComparisonJson(comparison));
}

}  // namespace

void AddVersionTextRoutes(Router& router) {
  router.Add("GET", "/api/v1/documents/{id}/preview", Preview);
  router.Add("GET", "/api/v1/documents/{id}/compare", Compare);
}

}  // namespace synaps::server
