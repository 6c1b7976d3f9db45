// /healthz and /metrics: for load balancers, monitoring and operators. No authentication: they
// tell nothing about documents.
// /api/v1/admin/...: the index's extraction failures and their retry, the storage use, for
// administrators (operations/operations_service.h decides).
#include <Poco/JSON/Array.h>

#include "dms-server/json/model_json.h"
#include "dms-server/operations/operations_service.h"
#include "dms-server/server/authentication.h"
#include "dms-server/server/request_parsing.h"
#include "dms-server/server/routes.h"

namespace synaps::server {

namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

operations::OperationsService Operations(Exchange& x) {
  return operations::OperationsService(x.store(), [&x] { x.WakeIndexer(); });
}

operations::Caller RequireCaller(Exchange& x) {
  return operations::Caller::Account(RequireUser(x));
}

void ExtractionFailures(Exchange& x) {
  int limit = x.query.Has("limit")
                  ? static_cast<int>(ParseInteger(x.query.Get("limit"), "limit", 1, 1000))
                  : 100;
  auto listed = ValueOrThrow(Operations(x).ExtractionFailures(RequireCaller(x), limit));
  Array::Ptr failures = new Array;
  for (const auto& failure : listed.failures) {
    Object::Ptr item = new Object;
    item->set("document_id", failure.document_id);
    item->set("path", failure.path);
    item->set("version", failure.version);
    item->set("mime_type", failure.mime_type);
    item->set("status", failure.status);
    item->set("detail", failure.detail);
    item->set("stored_at", json::IsoTime(failure.stored_at));
    failures->add(item);
  }
  Object::Ptr object = new Object;
  object->set("total", listed.total);
  object->set("failures", failures);
  x.SendJson(200, object);
}

void RetryExtraction(Exchange& x) {
  int64_t queued = ValueOrThrow(Operations(x).RetryExtraction(RequireCaller(x)));
  Object::Ptr object = new Object;
  object->set("queued", queued);
  x.SendJson(200, object);
}

void Storage(Exchange& x) {
  auto use = ValueOrThrow(Operations(x).Storage(RequireCaller(x)));
  Object::Ptr object = new Object;
  object->set("services", use.stats.services);
  object->set("users", use.stats.users);
  object->set("folders", use.stats.folders);
  object->set("documents", use.stats.documents);
  object->set("trashed_documents", use.stats.trashed_documents);
  object->set("versions", use.stats.versions);
  object->set("blobs", use.stats.blobs);
  object->set("stored_bytes", use.stats.stored_bytes);
  object->set("logical_bytes", use.stats.logical_bytes);
  object->set("index_queue", use.stats.index_queue);
  object->set("disk_total_bytes", use.disk_total_bytes);
  object->set("disk_available_bytes", use.disk_available_bytes);
  x.SendJson(200, object);
}

void Healthz(Exchange& x) {
  auto probe = x.store().PendingIndexWork(1);  // a cheap query: proves the database answers
  if (!probe.ok()) throw HttpError{503, "unhealthy", probe.status().message()};
  Poco::JSON::Object::Ptr object = new Poco::JSON::Object;
  object->set("status", "ok");
  x.SendJson(200, object);
}

void MetricsPage(Exchange& x) {
  MetricsSnapshot snapshot;
  if (auto length = x.store().IndexQueueLength(); length.ok()) snapshot.index_queue = *length;
  if (auto runs = x.store().CountIngestRuns(); runs.ok()) {
    snapshot.ingest_runs_by_status = runs->runs_by_status;
    snapshot.ingest_last_completed_ms = runs->last_completed_at;
  }
  snapshot.searches_waiting = x.context.searches.waiting();
  snapshot.saves = x.context.puts.puts();
  snapshot.save_transactions = x.context.puts.transactions();
  if (x.context.indexer) {
    snapshot.documents_indexed = x.context.indexer->documents_indexed();
    snapshot.extraction_failures = x.context.indexer->extraction_failures();
  }
  std::string text = x.context.metrics.Render(snapshot);
  x.Send(200, "text/plain; version=0.0.4; charset=utf-8", text);
}

}  // namespace

void AddOperationsRoutes(Router& router) {
  router.Add("GET", "/healthz", Healthz);
  router.Add("GET", "/metrics", MetricsPage);
  router.Add("GET", "/api/v1/admin/extraction-failures", ExtractionFailures);
  router.Add("POST", "/api/v1/admin/extraction-failures/retry", RetryExtraction);
  router.Add("GET", "/api/v1/admin/storage", Storage);
}

}  // namespace synaps::server
