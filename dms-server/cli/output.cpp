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

std::string DisplayTime(int64_t unix_ms) {
  std::time_t seconds = static_cast<std::time_t>(unix_ms / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
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
