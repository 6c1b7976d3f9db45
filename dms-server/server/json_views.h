// The JSON shapes of the model in the API: one function per kind of object, so every route
// describes a user, a document or a version the same way.
#pragma once

#include <Poco/JSON/Object.h>

#include <map>
#include <string>

#include "dms-server/store/model.h"

namespace synaps::server {

Poco::JSON::Object::Ptr UserJson(const store::User& user);
// A service, with `caller`'s role in it ("reader", "editor", "manager", "admin" for an
// administrator who is no member, or null).
Poco::JSON::Object::Ptr ServiceJson(const store::Service& service, const store::User& caller);
Poco::JSON::Object::Ptr MemberJson(const store::ServiceMember& member);
Poco::JSON::Object::Ptr AuditEntryJson(const store::AuditEntry& entry);
Poco::JSON::Object::Ptr ApiTokenJson(const store::ApiToken& token);
Poco::JSON::Object::Ptr DocumentJson(const store::Document& document,
                                     const std::map<std::string, std::string>& metadata);
// DocumentJson() without the metadata, for listings.
Poco::JSON::Object::Ptr DocumentSummaryJson(const store::Document& document);
// {"id","service","path","name","parent_id"} (parent_id null for a service's root).
Poco::JSON::Object::Ptr FolderJson(const store::Folder& folder);
// {"id","document_id","folder_id","service","mode","created_by","created_at"}; service null
// means everyone.
Poco::JSON::Object::Ptr ShareJson(const store::Share& share);
Poco::JSON::Object::Ptr VersionJson(const store::Version& version);

}  // namespace synaps::server
