// MakeSource: the Source implementation of a configured type.
//
// Each type has one maker, `store::Result<std::unique_ptr<Source>> MakeXxxSource(const
// SourceConfig&)`, declared in its own folder (connectors/share/, connectors/smb/,
// connectors/mail/) and listed in source_factory.cpp. A maker checks its configuration
// (InvalidArgument with a one-line reason) but does not connect: List() does.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "connectors/source/source.h"
#include "connectors/source/source_config.h"
#include "dms-server/store/status.h"

namespace synaps::connectors {

// InvalidArgument for an unknown type, naming the known ones.
store::Result<std::unique_ptr<Source>> MakeSource(const SourceConfig& config);

// The types MakeSource knows, in the order shown to operators.
std::vector<std::string> SourceTypes();

}  // namespace synaps::connectors
