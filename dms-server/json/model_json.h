// The JSON shapes of the model, one function per kind of object, shared by the HTTP API and
// `synaps --json`: a document, a version or a user is described the same way by both. Dates are
// ISO 8601 UTC with milliseconds ("2026-11-23T08:12:19.123Z").
#pragma once

#include <Poco/JSON/Object.h>

#include <cstdint>
#include <map>
#include <string>

#include "dms-server/store/model.h"

namespace synaps::json {

// `ms` (Unix milliseconds) as ISO 8601 UTC with milliseconds.
std::string IsoTime(int64_t ms);

Poco::JSON::Object::Ptr UserJson(const store::User& user);
// A service, with `caller`'s role in it ("reader", "editor", "manager", "admin" for an
// administrator who is no member, or null).
// A service; with `caller`, also the caller's role in it ("reader", "editor", "manager",
// "admin", or null when none).
Poco::JSON::Object::Ptr ServiceJson(const store::Service& service);
Poco::JSON::Object::Ptr ServiceJson(const store::Service& service, const store::User& caller);
Poco::JSON::Object::Ptr MemberJson(const store::ServiceMember& member);
Poco::JSON::Object::Ptr AuditEntryJson(const store::AuditEntry& entry);
Poco::JSON::Object::Ptr ApiTokenJson(const store::ApiToken& token);
// {"id", "name", "query", "created_at"}: what it finds is counted where it runs.
Poco::JSON::Object::Ptr SavedSearchJson(const store::SavedSearch& saved);
Poco::JSON::Object::Ptr DocumentJson(const store::Document& document,
                                     const std::map<std::string, std::string>& metadata);
// DocumentJson() without the metadata, for listings.
Poco::JSON::Object::Ptr DocumentSummaryJson(const store::Document& document);
// {"id","service","path","name","parent_id"} (parent_id null for a service's root).
Poco::JSON::Object::Ptr FolderJson(const store::Folder& folder);
// {"id","document_id","folder_id","service","mode","created_by","created_at"}; service null
// means everyone.
Poco::JSON::Object::Ptr ShareJson(const store::Share& share);
// A share given to the caller ("shared with me"): {"id","folder_id","document_id","service"
// (whose it is),"path","shared_with" (null: everyone),"access" ("read" or "read-write"),
// "shared_by","shared_at"}.
Poco::JSON::Object::Ptr IncomingShareJson(const store::IncomingShare& incoming);
Poco::JSON::Object::Ptr VersionJson(const store::Version& version);
Poco::JSON::Object::Ptr IngestRunJson(const store::IngestRun& run);
// Where a document's content came from (Store::Origins): {"source","key","document_id" (another
// document when the same content came in there too),"size","modified_at" (at the source, or
// null),"seen_at"}.
Poco::JSON::Object::Ptr OriginJson(const store::SourceEntry& entry);

}  // namespace synaps::json
