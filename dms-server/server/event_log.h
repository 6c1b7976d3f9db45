// The server's event lines: what its background threads did (an indexing drain, an audit
// prune), one JSON object per line on standard error beside the access log (the journal under
// systemd).
//
// Thread-safety: each line is written in one write, so that the lines of different threads
// never interleave.
#pragma once

#include <Poco/JSON/Object.h>

#include <string>

namespace synaps::server {

// A new line {"time": now (ISO 8601 UTC), "event": `event`}, whose members keep the order in
// which they are set.
Poco::JSON::Object EventLine(const std::string& event);

// Writes `line` and a line feed to standard error.
void WriteEventLine(const Poco::JSON::Object& line);

}  // namespace synaps::server
