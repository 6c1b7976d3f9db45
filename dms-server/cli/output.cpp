#include "dms-server/cli/output.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Stringifier.h>

#include <cstdio>
#include <ctime>
#include <iostream>

namespace synaps::cli {

std::string HumanBytes(int64_t bytes) {
  static const char* kUnits[] = {"B", "KB", "MB", "GB", "TB"};
  double value = static_cast<double>(bytes);
  int unit = 0;
  while (value >= 1000 && unit < 4) {
    value /= 1000;
    ++unit;
  }
  char text[32];
  std::snprintf(text, sizeof text, unit == 0 ? "%.0f %s" : "%.1f %s", value, kUnits[unit]);
  return text;
}

std::string IsoTime(int64_t unix_ms) {
  std::time_t seconds = static_cast<std::time_t>(unix_ms / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

Poco::JSON::Object::Ptr ToJson(const store::Document& document) {
  Poco::JSON::Object::Ptr object = new Poco::JSON::Object;
  object->set("id", document.id);
  object->set("path", document.path());
  object->set("service", document.service_code);
  object->set("name", document.name);
  object->set("version", document.current_version);
  object->set("size", document.size);
  object->set("mime_type", document.mime_type);
  object->set("created_at", IsoTime(document.created_at));
  object->set("updated_at", IsoTime(document.updated_at));
  if (document.trashed_at) object->set("trashed_at", IsoTime(*document.trashed_at));
  Poco::JSON::Array::Ptr tags = new Poco::JSON::Array;
  for (const auto& tag : document.tags) tags->add(tag);
  object->set("tags", tags);
  return object;
}

Poco::JSON::Object::Ptr ToJson(const store::Version& version) {
  Poco::JSON::Object::Ptr object = new Poco::JSON::Object;
  object->set("document_id", version.document_id);
  object->set("number", version.number);
  object->set("sha256", version.blob);
  object->set("size", version.size);
  object->set("mime_type", version.mime_type);
  object->set("author", version.author);
  object->set("created_at", IsoTime(version.created_at));
  object->set("comment", version.comment);
  return object;
}

Poco::JSON::Object::Ptr ToJson(const store::Service& service) {
  Poco::JSON::Object::Ptr object = new Poco::JSON::Object;
  object->set("code", service.code);
  object->set("name", service.name);
  object->set("created_at", IsoTime(service.created_at));
  return object;
}

Poco::JSON::Object::Ptr ToJson(const store::User& user) {
  Poco::JSON::Object::Ptr object = new Poco::JSON::Object;
  object->set("login", user.login);
  object->set("display_name", user.display_name);
  object->set("admin", user.is_admin);
  Poco::JSON::Array::Ptr memberships = new Poco::JSON::Array;
  for (const auto& membership : user.memberships) {
    Poco::JSON::Object::Ptr item = new Poco::JSON::Object;
    item->set("service", membership.service_code);
    item->set("role", store::RoleName(membership.role));
    memberships->add(item);
  }
  object->set("memberships", memberships);
  object->set("disabled", user.disabled);
  return object;
}

Poco::JSON::Object::Ptr ToJson(const store::AuditEntry& entry) {
  Poco::JSON::Object::Ptr object = new Poco::JSON::Object;
  object->set("id", entry.id);
  object->set("at", IsoTime(entry.at));
  object->set("actor", entry.actor);
  object->set("action", entry.action);
  if (entry.document_id) object->set("document_id", *entry.document_id);
  if (!entry.service_code.empty()) object->set("service", entry.service_code);
  object->set("detail", entry.detail);
  return object;
}

Poco::JSON::Object::Ptr ToJson(const store::IngestRun& run) {
  Poco::JSON::Object::Ptr object = new Poco::JSON::Object;
  object->set("id", run.id);
  object->set("source", run.source);
  object->set("service", run.service_code);
  object->set("actor", run.actor);
  object->set("started_at", IsoTime(run.started_at));
  if (run.finished_at) object->set("finished_at", IsoTime(*run.finished_at));
  object->set("status", run.status);
  object->set("files", run.counts.files_seen);
  object->set("created", run.counts.created);
  object->set("new_versions", run.counts.new_versions);
  object->set("unchanged", run.counts.unchanged);
  object->set("failed", run.counts.failed);
  object->set("skipped", run.counts.skipped);
  object->set("bytes", run.counts.bytes);
  object->set("detail", run.detail);
  return object;
}

void PrintJson(const Poco::Dynamic::Var& value) {
  if (value.type() == typeid(Poco::JSON::Object::Ptr)) {
    Poco::JSON::Stringifier::stringify(value.extract<Poco::JSON::Object::Ptr>(), std::cout);
  } else if (value.type() == typeid(Poco::JSON::Array::Ptr)) {
    Poco::JSON::Stringifier::stringify(value.extract<Poco::JSON::Array::Ptr>(), std::cout);
  } else {
    Poco::JSON::Stringifier::stringify(value, std::cout);
  }
  std::cout << '\n';
}

int ReportError(const store::Status& status, bool json) {
  if (json) {
    Poco::JSON::Object::Ptr error = new Poco::JSON::Object;
    error->set("code", store::ErrorCodeName(status.code()));
    error->set("message", status.message());
    Poco::JSON::Object::Ptr wrapper = new Poco::JSON::Object;
    wrapper->set("error", error);
    PrintJson(wrapper);
  } else {
    std::cerr << "synaps: " << status.message() << '\n';
  }
  return 1;
}

int UsageError(const std::string& message, bool json) {
  if (json) {
    ReportError(store::Status::Invalid(message), true);
  } else {
    std::cerr << "synaps: " << message << " (see `synaps help`)\n";
  }
  return 2;
}

}  // namespace synaps::cli
