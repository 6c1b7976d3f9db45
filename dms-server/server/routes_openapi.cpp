// /api/v1/openapi.json: the description of the API (no authentication: it tells nothing about
// documents, and clients need it before they log in).
#include "dms-server/server/openapi.h"
#include "dms-server/server/routes.h"

namespace synaps::server {

namespace {

void OpenApi(Exchange& x) {
  x.Send(200, "application/json; charset=utf-8", OpenApiJson());
}

}  // namespace

void AddOpenApiRoutes(Router& router) {
  router.Add("GET", "/api/v1/openapi.json", OpenApi);
}

}  // namespace synaps::server
