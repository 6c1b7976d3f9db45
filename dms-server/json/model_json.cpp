#include "dms-server/json/model_json.h"

#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/JSON/Array.h>

#include <optional>

namespace synaps::json {

using Poco::JSON::Array;
using Poco::JSON::Object;

namespace {

// JSON null for what is absent.
Poco::Dynamic::Var OrNull(const std::optional<int64_t>& value) {
  return value ? Poco::Dynamic::Var(*value) : Poco::Dynamic::Var();
}

// A share's service, null for everyone.
Poco::Dynamic::Var ServiceOrNull(const std::string& code) {
  return code.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(code);
}

}  // namespace

std::string IsoTime(int64_t ms) {
  return Poco::DateTimeFormatter::format(Poco::Timestamp(ms * 1000),
                                         Poco::DateTimeFormat::ISO8601_FRAC_FORMAT);
}

Object::Ptr UserJson(const store::User& user) {
  Object::Ptr object = new Object;
  object->set("login", user.login);
  object->set("display_name", user.display_name);
  object->set("is_admin", user.is_admin);
  Array::Ptr memberships = new Array;
  for (const auto& membership : user.memberships) {
    Object::Ptr item = new Object;
    item->set("service", membership.service_code);
    item->set("role", store::RoleName(membership.role));
    memberships->add(item);
  }
  object->set("memberships", memberships);
  object->set("disabled", user.disabled);
  object->set("created_at", IsoTime(user.created_at));
  return object;
}

Object::Ptr ServiceJson(const store::Service& service) {
  Object::Ptr object = new Object;
  object->set("code", service.code);
  object->set("name", service.name);
  object->set("created_at", IsoTime(service.created_at));
  return object;
}

Object::Ptr ServiceJson(const store::Service& service, const store::User& caller) {
  Object::Ptr object = ServiceJson(service);
  std::string role;
  for (const auto& membership : caller.memberships) {
    if (membership.service_code == service.code) role = store::RoleName(membership.role);
  }
  if (role.empty() && caller.is_admin) role = "admin";
  if (role.empty()) {
    object->set("role", Poco::Dynamic::Var());
  } else {
    object->set("role", role);
  }
  return object;
}

Object::Ptr MemberJson(const store::ServiceMember& member) {
  Object::Ptr object = new Object;
  object->set("login", member.login);
  object->set("display_name", member.display_name);
  object->set("role", store::RoleName(member.role));
  object->set("disabled", member.disabled);
  return object;
}

Object::Ptr AuditEntryJson(const store::AuditEntry& entry) {
  Object::Ptr object = new Object;
  object->set("id", entry.id);
  object->set("at", IsoTime(entry.at));
  object->set("actor", entry.actor);
  object->set("action", entry.action);
  if (entry.document_id) {
    object->set("document_id", *entry.document_id);
  } else {
    object->set("document_id", Poco::Dynamic::Var());
  }
  if (entry.service_code.empty()) {
    object->set("service", Poco::Dynamic::Var());
  } else {
    object->set("service", entry.service_code);
  }
  object->set("detail", entry.detail);
  return object;
}

Object::Ptr SavedSearchJson(const store::SavedSearch& saved) {
  Object::Ptr object = new Object;
  object->set("id", saved.id);
  object->set("name", saved.name);
  object->set("query", saved.query);
  object->set("created_at", IsoTime(saved.created_at));
  object->set("visited_at", IsoTime(saved.visited_at));
  return object;
}

Object::Ptr ApiTokenJson(const store::ApiToken& token) {
  Object::Ptr object = new Object;
  object->set("name", token.name);
  object->set("created_at", IsoTime(token.created_at));
  return object;
}

Object::Ptr DocumentJson(const store::Document& document,
                         const std::map<std::string, std::string>& metadata) {
  Object::Ptr object = DocumentSummaryJson(document);
  Object::Ptr meta = new Object;
  for (const auto& [key, value] : metadata) meta->set(key, value);
  object->set("metadata", meta);
  return object;
}

Object::Ptr DocumentSummaryJson(const store::Document& document) {
  Object::Ptr object = new Object;
  object->set("id", document.id);
  object->set("service", document.service_code);
  object->set("folder", document.folder_path);
  object->set("name", document.name);
  object->set("path", document.path());
  object->set("version", document.current_version);
  object->set("size", document.size);
  object->set("mime_type", document.mime_type);
  object->set("created_at", IsoTime(document.created_at));
  object->set("updated_at", IsoTime(document.updated_at));
  object->set("modified_at", IsoTime(document.modified_at));
  if (document.trashed_at) object->set("trashed_at", IsoTime(*document.trashed_at));
  Array::Ptr tags = new Array;
  for (const auto& tag : document.tags) tags->add(tag);
  object->set("tags", tags);
  return object;
}

Object::Ptr FolderJson(const store::Folder& folder) {
  Object::Ptr object = new Object;
  object->set("id", folder.id);
  // A folder's path starts with its service's code: "/CAB/a/b".
  object->set("service", folder.path.substr(1, folder.path.find('/', 1) - 1));
  object->set("path", folder.path);
  object->set("name", folder.name);
  if (folder.parent_id) {
    object->set("parent_id", *folder.parent_id);
  } else {
    object->set("parent_id", Poco::Dynamic::Var());
  }
  return object;
}

Object::Ptr ShareJson(const store::Share& share) {
  Object::Ptr object = new Object;
  object->set("id", share.id);
  object->set("document_id", OrNull(share.document_id));
  object->set("folder_id", OrNull(share.folder_id));
  object->set("service", ServiceOrNull(share.service_code));
  object->set("mode", store::ShareModeName(share.mode));
  object->set("created_by", share.created_by);
  object->set("created_at", IsoTime(share.created_at));
  return object;
}

Object::Ptr IncomingShareJson(const store::IncomingShare& incoming) {
  const store::Share& share = incoming.share;
  Object::Ptr object = new Object;
  object->set("id", share.id);
  object->set("folder_id", OrNull(share.folder_id));
  object->set("document_id", OrNull(share.document_id));
  object->set("service", incoming.owner_service);
  object->set("path", incoming.path);
  object->set("shared_with", ServiceOrNull(share.service_code));
  object->set("access", store::ShareAccessName(share.mode));
  object->set("shared_by", share.created_by);
  object->set("shared_at", IsoTime(share.created_at));
  return object;
}

Object::Ptr VersionJson(const store::Version& version) {
  Object::Ptr object = new Object;
  object->set("version", version.number);
  object->set("size", version.size);
  object->set("sha256", version.blob);
  object->set("mime_type", version.mime_type);
  object->set("author", version.author);
  object->set("created_at", IsoTime(version.created_at));
  object->set("modified_at", IsoTime(version.modified_at));
  object->set("comment", version.comment);
  object->set("extraction_status", version.extraction_status);
  // An open version takes its author's next saves in place of new versions until then.
  object->set("saves", version.saves);
  object->set("open_until", version.open_until ? Poco::Dynamic::Var(IsoTime(*version.open_until))
                                               : Poco::Dynamic::Var());
  return object;
}

Object::Ptr IngestRunJson(const store::IngestRun& run) {
  Object::Ptr object = new Object;
  object->set("id", run.id);
  object->set("source", run.source);
  object->set("source_name",
              run.source_name.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(run.source_name));
  object->set("service", run.service_code);
  object->set("actor", run.actor);
  object->set("started_at", IsoTime(run.started_at));
  object->set("finished_at", run.finished_at ? Poco::Dynamic::Var(IsoTime(*run.finished_at))
                                             : Poco::Dynamic::Var());
  object->set("status", run.status);
  object->set("files", run.counts.files_seen);
  object->set("created", run.counts.created);
  object->set("new_versions", run.counts.new_versions);
  object->set("unchanged", run.counts.unchanged);
  object->set("failed", run.counts.failed);
  object->set("skipped", run.counts.skipped);
  object->set("bytes", run.counts.bytes);
  object->set("moved", run.counts.moved);
  object->set("deleted", run.counts.deleted);
  object->set("detail", run.detail);
  return object;
}

Object::Ptr OriginJson(const store::SourceEntry& entry) {
  Object::Ptr object = new Object;
  object->set("source", entry.source);
  object->set("key", entry.key);
  object->set("document_id", entry.document_id);
  object->set("size", entry.size);
  object->set("modified_at", entry.mtime_ms > 0 ? Poco::Dynamic::Var(IsoTime(entry.mtime_ms))
                                                : Poco::Dynamic::Var());
  object->set("seen_at", IsoTime(entry.seen_at));
  return object;
}

}  // namespace synaps::json
