// Shares of documents and folders with another service or with everyone: granted and removed
// by the managers of the owning service, listed to whoever may read what they share, and to
// those they are given to ("shared with me").
#include <Poco/JSON/Array.h>

#include "dms-server/json/model_json.h"
#include "dms-server/server/document_access.h"
#include "dms-server/server/routes.h"
#include "dms-server/store/names.h"

namespace synaps::server {

using namespace synaps::json;  // NOLINT: the JSON views of the model

namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

// What a share request asks for: {"service": "DDT" | null (everyone), "mode": "read" | "write"}.
struct ShareRequest {
  std::string service;  // empty: everyone
  store::ShareMode mode = store::ShareMode::kRead;
};

ShareRequest ReadShareRequest(Exchange& x) {
  Object::Ptr body = ReadJsonObject(x);
  RequireKnownMembers(body, {"service", "mode"});
  if (!body->has("service")) {
    throw HttpError{400, "invalid_argument",
                    "\"service\" is required: a service code, or null to share with everyone"};
  }
  ShareRequest request;
  request.service = OptionalString(body, "service").value_or("");
  if (!body->isNull("service") && request.service.empty()) {
    OkOrThrow(store::ValidateServiceCode(request.service));  // "" names no service
  }
  std::string mode = OptionalString(body, "mode").value_or("read");
  if (mode == "write") {
    request.mode = store::ShareMode::kWrite;
  } else if (mode != "read") {
    throw HttpError{400, "invalid_argument", "\"mode\" is \"read\" or \"write\""};
  }
  return request;
}

void SendShares(Exchange& x, const std::vector<store::Share>& shares) {
  Array::Ptr array = new Array;
  for (const auto& share : shares) array->add(ShareJson(share));
  Object::Ptr object = new Object;
  object->set("shares", array);
  x.SendJson(200, object);
}

void SendCreated(Exchange& x, const store::Share& share) {
  x.response.set("Location", "/api/v1/shares/" + std::to_string(share.id));
  x.SendJson(201, ShareJson(share));
}

void ShareDocument(Exchange& x) {
  documents::Caller caller = RequireCaller(x);
  int64_t id = ParseDocumentIdParam(x.Param("id"));
  ShareRequest request = ReadShareRequest(x);
  SendCreated(x,
              ValueOrThrow(Documents(x).ShareDocument(caller, id, request.service, request.mode)));
}

// A document's shares: its own and those inherited from the folders above it.
void DocumentShares(Exchange& x) {
  documents::Caller caller = RequireCaller(x);
  int64_t id = ParseDocumentIdParam(x.Param("id"));
  SendShares(x, ValueOrThrow(Documents(x).DocumentShares(caller, id)));
}

void ShareFolder(Exchange& x) {
  documents::Caller caller = RequireCaller(x);
  int64_t id = ParseIdParam(x.Param("id"), "folder");
  ShareRequest request = ReadShareRequest(x);
  SendCreated(x, ValueOrThrow(Documents(x).ShareFolder(caller, id, request.service, request.mode)));
}

// The shares set on a folder itself (they reach everything beneath it).
void FolderShares(Exchange& x) {
  documents::Caller caller = RequireCaller(x);
  int64_t id = ParseIdParam(x.Param("id"), "folder");
  SendShares(x, ValueOrThrow(Documents(x).FolderShares(caller, id)));
}

void RemoveShare(Exchange& x) {
  documents::Caller caller = RequireCaller(x);
  int64_t id = ParseIdParam(x.Param("id"), "share");
  OkOrThrow(Documents(x).RemoveShare(caller, id));
  x.SendEmpty(204);
}

// "Shared with me": the folders and documents of other services shared with the caller's
// services or with everyone (permissions.h decides what that is).
void IncomingShares(Exchange& x) {
  documents::Caller caller = RequireCaller(x);
  Array::Ptr array = new Array;
  for (const auto& incoming : ValueOrThrow(Documents(x).SharedWith(caller))) {
    array->add(IncomingShareJson(incoming));
  }
  Object::Ptr object = new Object;
  object->set("shares", array);
  x.SendJson(200, object);
}

}  // namespace

void AddShareRoutes(Router& router) {
  router.Add("GET", "/api/v1/shares/incoming", IncomingShares);
  router.Add("GET", "/api/v1/documents/{id}/shares", DocumentShares);
  router.Add("POST", "/api/v1/documents/{id}/shares", ShareDocument);
  router.Add("GET", "/api/v1/folders/{id}/shares", FolderShares);
  router.Add("POST", "/api/v1/folders/{id}/shares", ShareFolder);
  router.Add("DELETE", "/api/v1/shares/{id}", RemoveShare);
}

}  // namespace synaps::server
