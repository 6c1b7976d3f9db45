// The configured sources (connectors/README.md) and their ingestion runs, for administrators:
// what the nightly job reads and how its last runs went, for the portal. Read only: sources are
// configured with `synaps source`, on the machine. No secret is ever part of an answer.
#include <Poco/JSON/Array.h>

#include "connectors/source/sources_config.h"
#include "dms-server/json/model_json.h"
#include "dms-server/json/source_json.h"
#include "dms-server/permissions/permissions.h"
#include "dms-server/server/authentication.h"
#include "dms-server/server/routes.h"

namespace synaps::server {

namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

// Sources are the appliance's configuration: administrators only, as Permissions decides.
void RequireAdministrator(Exchange& x) {
  if (!permissions::Permissions::MayAdminister(RequireUser(x))) {
    throw HttpError{403, "forbidden", "the sources are for administrators"};
  }
}

int RunLimit(Exchange& x) {
  if (!x.query.Has("limit")) return 20;
  auto limit = store::ParseDocumentId(x.query.Get("limit"));
  if (!limit || *limit < 1 || *limit > 1000) {
    throw HttpError{400, "invalid_argument", "limit is a number from 1 to 1000"};
  }
  return static_cast<int>(*limit);
}

void ListSources(Exchange& x) {
  RequireAdministrator(x);
  std::vector<connectors::SourceConfig> sources;
  if (!x.context.options.sources_dir.empty()) {
    sources = ValueOrThrow(connectors::ReadSourceConfigs(x.context.options.sources_dir));
  }
  Array::Ptr array = new Array;
  for (const auto& source : sources) {
    Object::Ptr object = json::SourceJson(source);
    auto runs = ValueOrThrow(x.store().ListIngestRuns(1, source.name));
    object->set("last_run", runs.empty() ? Poco::Dynamic::Var()
                                         : Poco::Dynamic::Var(json::IngestRunJson(runs.front())));
    array->add(object);
  }
  Object::Ptr object = new Object;
  object->set("sources", array);
  x.SendJson(200, object);
}

void SourceRuns(Exchange& x) {
  RequireAdministrator(x);
  const std::string name = x.Param("name");
  if (x.context.options.sources_dir.empty()) {
    throw HttpError{404, "not_found", "no source " + name};
  }
  connectors::SourceConfig source =
      ValueOrThrow(connectors::ReadSourceConfig(x.context.options.sources_dir, name));
  Array::Ptr array = new Array;
  for (const auto& run : ValueOrThrow(x.store().ListIngestRuns(RunLimit(x), source.name))) {
    array->add(json::IngestRunJson(run));
  }
  Object::Ptr object = new Object;
  object->set("source", source.name);
  object->set("runs", array);
  x.SendJson(200, object);
}

}  // namespace

void AddSourceRoutes(Router& router) {
  router.Add("GET", "/api/v1/sources", ListSources);
  router.Add("GET", "/api/v1/sources/{name}/runs", SourceRuns);
}

}  // namespace synaps::server
