// A folder named in a request body, by id (42) or by store path ("/CAB/a/b"), as the routes
// that move things accept it.
#pragma once

#include <Poco/JSON/Object.h>

#include <cstdint>
#include <optional>
#include <string>

#include "dms-server/documents/document_service.h"

namespace synaps::server {

// The id of the folder that `body[key]` names; nullopt when the key is absent or null. A path
// is resolved for `caller` (404 when missing or invisible, alike); an id is returned as is, for
// the caller's permission check to judge. 400 when the value is neither.
std::optional<int64_t> FolderReference(documents::DocumentService& service,
                                       const documents::Caller& caller,
                                       const Poco::JSON::Object::Ptr& body, const std::string& key);

}  // namespace synaps::server
