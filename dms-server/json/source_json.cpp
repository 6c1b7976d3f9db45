#include "dms-server/json/source_json.h"

#include <Poco/JSON/Array.h>

namespace synaps::json {

namespace {

Poco::JSON::Array::Ptr Strings(const std::vector<std::string>& items) {
  Poco::JSON::Array::Ptr array = new Poco::JSON::Array;
  for (const std::string& item : items) array->add(item);
  return array;
}

}  // namespace

Poco::JSON::Object::Ptr SourceJson(const connectors::SourceConfig& source) {
  Poco::JSON::Object::Ptr object = new Poco::JSON::Object;
  object->set("name", source.name);
  object->set("type", source.type);
  object->set("location", source.location);
  object->set("service", source.service_code);
  std::string folder;
  for (const std::string& name : source.folder) folder += (folder.empty() ? "" : "/") + name;
  object->set("folder", folder);
  object->set("tags", Strings(source.tags));
  object->set("include", Strings(source.include));
  object->set("exclude", Strings(source.exclude));
  object->set("on_delete",
              source.on_delete == connectors::DeletionPolicy::kKeep ? "keep" : "trash");
  object->set("user", source.user.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(source.user));
  object->set("password",
              source.password_file.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var("set"));
  Poco::JSON::Object::Ptr options = new Poco::JSON::Object;
  for (const auto& [key, value] : source.options) options->set(key, value);
  object->set("options", options);
  return object;
}

}  // namespace synaps::json
