// How the CLI prints: human-readable lines by default, JSON with --json. Errors are one line
// "synaps: <message>" on standard error (or {"error":{...}} on standard output with --json).
#pragma once

#include <Poco/JSON/Object.h>

#include <cstdint>
#include <string>

#include "dms-server/json/model_json.h"
#include "dms-server/store/model.h"
#include "dms-server/store/status.h"

namespace synaps::cli {

std::string HumanBytes(int64_t bytes);     // "12.3 MB"
std::string DisplayTime(int64_t unix_ms);  // "2026-11-23T04:28:11Z", for text output

// Prints a JSON value followed by a newline on standard output.
void PrintJson(const Poco::Dynamic::Var& value);

// Reports `status` and returns the process exit code for it (1; 2 for usage errors).
int ReportError(const store::Status& status, bool json);
int UsageError(const std::string& message, bool json);

}  // namespace synaps::cli
