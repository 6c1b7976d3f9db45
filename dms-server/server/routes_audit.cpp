// The audit log, for administrators (all of it) and managers (their services'), by page.
//
// Entries about a document the caller may not read never appear: a manager's view holds only
// the entries of documents of the services they manage (see permissions.h), and asking for the
// log of an invisible document answers 404 like a missing one.
#include <Poco/JSON/Array.h>

#include <cstdint>

#include "dms-server/json/model_json.h"
#include "dms-server/server/account_access.h"
#include "dms-server/server/authentication.h"
#include "dms-server/server/routes.h"

namespace synaps::server {

using namespace synaps::json;  // NOLINT: the JSON views of the model

namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

constexpr int kDefaultPage = 50;
constexpr int kMaxPage = 500;

void ListAudit(Exchange& x) {
  accounts::Caller caller = accounts::Caller::Account(RequireUser(x));
  accounts::AuditRequest request;
  request.limit = static_cast<int>(x.query.Has("limit")
                                       ? ParseInteger(x.query.Get("limit"), "limit", 1, kMaxPage)
                                       : kDefaultPage);
  if (x.query.Has("before")) {
    request.before_id = ParseInteger(x.query.Get("before"), "before", 1, INT64_MAX);
  }
  if (x.query.Has("document")) {
    request.document_id = store::ParseDocumentId(x.query.Get("document"));
    if (!request.document_id) {
      throw HttpError{404, "not_found", "no document " + x.query.Get("document")};
    }
  }
  if (x.query.Has("service")) request.services.push_back(x.query.Get("service"));
  auto entries = ValueOrThrow(Accounts(x).ListAudit(caller, request));
  Array::Ptr array = new Array;
  for (const auto& entry : entries) array->add(AuditEntryJson(entry));
  Object::Ptr object = new Object;
  object->set("entries", array);
  // The next page starts below the last entry of a full one.
  if (static_cast<int>(entries.size()) == request.limit) {
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
