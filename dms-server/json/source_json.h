// The JSON shape of a configured source (connectors/source/source_config.h), shared by the
// HTTP API and `synaps source --json`: {"name","type","location","service","folder" (a path,
// "" for the service's root),"tags","include","exclude","on_delete","user","password"
// ("set" when a password file is named, else null: never the password, nor its file),"options"}.
#pragma once

#include <Poco/JSON/Object.h>

#include "connectors/source/source_config.h"

namespace synaps::json {

Poco::JSON::Object::Ptr SourceJson(const connectors::SourceConfig& source);

}  // namespace synaps::json
