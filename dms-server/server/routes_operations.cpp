// /healthz and /metrics: for load balancers, monitoring and operators. No authentication: they
// tell nothing about documents.
#include "dms-server/server/routes.h"

namespace synaps::server {

namespace {

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
}

}  // namespace synaps::server
