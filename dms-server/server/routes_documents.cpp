// Documents: metadata, versions and uploads (raw PUT, streamed to disk).
#include <Poco/JSON/Array.h>

#include "dms-server/json/model_json.h"
#include "dms-server/server/authentication.h"
#include "dms-server/server/document_access.h"
#include "dms-server/server/routes.h"
#include "dms-server/server/upload_stream.h"
#include "dms-server/store/names.h"

namespace synaps::server {

using namespace synaps::json;  // NOLINT: the JSON views of the model

namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

void GetDocument(Exchange& x) {
  int64_t id = ParseDocumentIdParam(x.Param("id"));
  documents::DocumentDetails details = ValueOrThrow(Documents(x).Document(RequireCaller(x), id));
  Object::Ptr object = DocumentJson(details.document, details.metadata);
  Array::Ptr origins = new Array;
  for (const auto& origin : details.origins) origins->add(OriginJson(origin));
  object->set("origins", origins);
  x.SendJson(200, object);
}

void Versions(Exchange& x) {
  int64_t id = ParseDocumentIdParam(x.Param("id"));
  auto versions = ValueOrThrow(Documents(x).Versions(RequireCaller(x), id));
  Array::Ptr array = new Array;
  for (const auto& version : versions) array->add(VersionJson(version));
  Object::Ptr object = new Object;
  object->set("document_id", id);
  object->set("versions", array);
  x.SendJson(200, object);
}

void Upload(Exchange& x) {
  documents::Caller caller = RequireCaller(x);
  if (!x.query.Has("path"))
    throw HttpError{400, "invalid_argument", "the path parameter is missing"};
  std::string path = x.query.Get("path");
  if (!store::IsValidUtf8(path)) {
    throw HttpError{400, "invalid_argument", "the path is not valid UTF-8"};
  }
  documents::DocumentService service = Documents(x);
  documents::PutPlace place = documents::PutPlace::AtPath(path);
  OkOrThrow(service.MayPut(caller, place));

  const int64_t max = x.context.options.max_upload_bytes;
  if (x.request.hasContentLength() && x.request.getContentLength64() > max) throw TooLarge(x, max);
  if (!x.request.hasContentLength() && !x.request.getChunkedTransferEncoding()) {
    throw HttpError{411, "length_required", "send Content-Length or a chunked body"};
  }
  // Held from the first byte written until the document references the blob, so garbage
  // collection (`synaps gc`) never removes it in between.
  store::BlobLock blob_lock =
      ValueOrThrow(store::BlobLock::Acquire(x.store().blobs(), store::BlobLock::Mode::kShared));
  UploadedBlob uploaded = StreamToBlob(x, x.request.stream(), max);
  int64_t total = uploaded.staged.info().size;
  if (x.request.hasContentLength() && total != x.request.getContentLength64()) {
    x.response.setKeepAlive(false);
    throw HttpError{400, "incomplete_body",
                    "the request body ended after " + std::to_string(total) + " bytes"};
  }
  documents::NewContent content;
  content.mime_type = DetectType(uploaded, path.substr(path.rfind('/') + 1));
  std::vector<store::StagedBlob> staged;
  staged.push_back(std::move(uploaded.staged));
  OkOrThrow(x.store().blobs().PublishToJournal(staged));
  content.blob = staged.front().info();
  content.comment = x.query.Get("comment");
  store::PutResult result = ValueOrThrow(x.context.puts.Put(caller, place, content));
  Object::Ptr object = new Object;
  object->set("id", result.document_id);
  object->set("version", result.version);
  object->set("outcome", PutOutcomeName(result.outcome));
  object->set("path", path);
  object->set("size", content.blob.size);
  object->set("sha256", content.blob.sha256);
  x.SendJson(result.outcome == store::PutOutcome::kCreated ? 201 : 200, object);
}

}  // namespace

void AddDocumentRoutes(Router& router) {
  router.Add("PUT", "/api/v1/documents/content", Upload);
  router.Add("GET", "/api/v1/documents/{id}", GetDocument);
  router.Add("GET", "/api/v1/documents/{id}/versions", Versions);
}

}  // namespace synaps::server
