#include "dms-server/server/folder_reference.h"

#include "dms-server/server/http_exchange.h"
#include "dms-server/store/names.h"

namespace synaps::server {

std::optional<int64_t> FolderReference(documents::DocumentService& service,
                                       const documents::Caller& caller,
                                       const Poco::JSON::Object::Ptr& body,
                                       const std::string& key) {
  if (!body->has(key) || body->isNull(key)) return std::nullopt;
  const Poco::Dynamic::Var& value = body->get(key);
  if (value.isString()) {
    std::string path = RequiredString(body, key);  // checks UTF-8
    store::Folder folder = ValueOrThrow(service.FindFolder(caller, path));
    return folder.id;
  }
  if (value.isInteger() && !value.isBoolean()) {
    int64_t id = value.convert<int64_t>();
    if (id <= 0) throw HttpError{404, "not_found", "no folder " + std::to_string(id)};
    return id;
  }
  throw HttpError{400, "invalid_argument",
                  "\"" + key + "\" must be a folder id or a path such as \"/CAB/dossiers\""};
}

}  // namespace synaps::server
