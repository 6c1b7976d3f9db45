// The audit log, for administrators (all of it) and managers (their services'), by page.
//
// Entries about a document the caller may not read never appear: a manager's view holds only
// the entries of documents of the services they manage (see permissions.h), and asking for the
// log of an invisible document answers 404 like a missing one.
#include <Poco/JSON/Array.h>

#include <cstdint>

#include "dms-server/json/model_json.h"
#include "dms-server/permissions/permissions.h"
#include "dms-server/server/authentication.h"
#include "dms-server/server/routes.h"

namespace synaps::server {

using namespace synaps::json;  // NOLINT: the JSON views of the model

namespace {

using permissions::Permissions;
using Poco::JSON::Array;
using Poco::JSON::Object;

constexpr int kDefaultPage = 50;
constexpr int kMaxPage = 500;

void ListAudit(Exchange& x) {
  store::User user = RequireUser(x);
  store::AuditQuery query;
  query.limit = static_cast<int>(x.query.Has("limit")
                                     ? ParseInteger(x.query.Get("limit"), "limit", 1, kMaxPage)
                                     : kDefaultPage);
  if (x.query.Has("before")) {
    query.before_id = ParseInteger(x.query.Get("before"), "before", 1, INT64_MAX);
  }
  Permissions permissions(x.store());
  if (x.query.Has("document")) {
    auto id = store::ParseDocumentId(x.query.Get("document"));
    if (!id) throw HttpError{404, "not_found", "no document " + x.query.Get("document")};
    OkOrThrow(permissions.MayReadDocumentAudit(user, *id));
    query.document_id = *id;
  }
  std::optional<std::string> service;
  if (x.query.Has("service")) {
    service = x.query.Get("service");
    if (!store::IsValidUtf8(*service)) {
      throw HttpError{400, "invalid_argument", "the service is not valid UTF-8"};
    }
  }
  // A document's own log is already decided above; a service filter still narrows it.
  if (!query.document_id || service) {
    query.services = ValueOrThrow(permissions.AuditServices(user, service));
  }
  auto entries = ValueOrThrow(x.store().ListAudit(query));
  Array::Ptr array = new Array;
  for (const auto& entry : entries) array->add(AuditEntryJson(entry));
  Object::Ptr object = new Object;
  object->set("entries", array);
  // The next page starts below the last entry of a full one.
  if (static_cast<int>(entries.size()) == query.limit) {
    object->set("next_before", entries.back().id);
  } else {
    object->set("next_before", Poco::Dynamic::Var());
  }
  x.SendJson(200, object);
}

}  // namespace

void AddAuditRoutes(Router& router) {
  router.Add("GET", "/api/v1/audit", ListAudit);
}

}  // namespace synaps::server
