// The routes of the API, by subject. Each Add*Routes() registers its routes with a Router; the
// handlers live in the matching routes_*.cpp file. Handlers translate: every one that touches a
// document or a folder goes through documents::DocumentService (document_access.h), and every
// one that touches a service, an account, a token or the audit log through
// accounts::AccountService (account_access.h); both decide with permissions::Permissions
// (ARCHITECTURE invariant 6).
//
// A routes_*.cpp file includes this header for what handlers are written with: the exchange
// and its errors, request parsing and body reading, the thread's Store, Searcher and type
// detector, and the JSON of the model.
#pragma once

#include "dms-server/json/model_json.h"
#include "dms-server/server/http_exchange.h"
#include "dms-server/server/request_body.h"
#include "dms-server/server/request_parsing.h"
#include "dms-server/server/router.h"
#include "dms-server/server/status_response.h"
#include "dms-server/server/thread_resources.h"
#include "dms-server/store/store.h"

namespace synaps::server {

// /healthz and /metrics.
void AddOperationsRoutes(Router& router);
// /api/v1/session, /api/v1/me, /api/v1/services.
void AddAccountRoutes(Router& router);
// /api/v1/documents: metadata, upload, versions.
void AddDocumentRoutes(Router& router);
// /api/v1/documents/{id}/content and .../versions/{n}/content: downloads (ETag, Range,
// Content-Disposition).
void AddContentRoutes(Router& router);
// /api/v1/search.
void AddSearchRoutes(Router& router);
// GET, POST /api/v1/me/saved-searches, DELETE /api/v1/me/saved-searches/{id}.
void AddSavedSearchRoutes(Router& router);
// /api/v1/documents/{id}/preview and .../compare: a version's text, and what changed in it
// between two versions.
void AddVersionTextRoutes(Router& router);
// /api/v1/services (creation, renaming) and /api/v1/services/{code}/members.
void AddServiceRoutes(Router& router);
// /api/v1/users: accounts, for administrators.
void AddUserRoutes(Router& router);
// /api/v1/me/password and /api/v1/me/tokens: the caller's own credentials;
// /api/v1/users/{login}/tokens: another user's tokens, for administrators.
void AddCredentialRoutes(Router& router);
// /api/v1/audit.
void AddAuditRoutes(Router& router);
// /api/v1/openapi.json.
void AddOpenApiRoutes(Router& router);
// /api/v1/folders: listing, creation, rename and move, deletion.
void AddFolderRoutes(Router& router);
// /api/v1/folders/{id}/documents: multipart uploads.
void AddUploadRoutes(Router& router);
// Documents: rename and move, trash, restore, purge, version restore, tags, metadata fields.
void AddOrganizeRoutes(Router& router);
// Shares of documents and folders, /api/v1/shares.
void AddShareRoutes(Router& router);
// /dav/...: WebDAV (dms-server/webdav/), a prefix route taking every method.
void AddWebDavRoutes(Router& router);
// /api/v1/sources: the configured sources and their runs, for administrators.
void AddSourceRoutes(Router& router);
// The portal's files at / (a prefix route that never answers for the routes above, nor for
// /dav, the longer prefix).
void AddStaticRoutes(Router& router);

// Every route of the server.
inline void AddAllRoutes(Router& router) {
  AddOperationsRoutes(router);
  AddAccountRoutes(router);
  AddDocumentRoutes(router);
  AddContentRoutes(router);
  AddSearchRoutes(router);
  AddSavedSearchRoutes(router);
  AddVersionTextRoutes(router);
  AddServiceRoutes(router);
  AddUserRoutes(router);
  AddCredentialRoutes(router);
  AddAuditRoutes(router);
  AddOpenApiRoutes(router);
  AddFolderRoutes(router);
  AddUploadRoutes(router);
  AddOrganizeRoutes(router);
  AddShareRoutes(router);
  AddWebDavRoutes(router);
  AddSourceRoutes(router);
  AddStaticRoutes(router);
}

}  // namespace synaps::server
