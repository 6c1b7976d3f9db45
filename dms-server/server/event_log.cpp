#include "dms-server/server/event_log.h"

#include <cstdio>
#include <sstream>

#include "dms-server/json/model_json.h"
#include "dms-server/store/store.h"

namespace synaps::server {

Poco::JSON::Object EventLine(const std::string& event) {
  Poco::JSON::Object line(Poco::JSON_PRESERVE_KEY_ORDER);
  line.set("time", json::IsoTime(store::NowMs()));
  line.set("event", event);
  return line;
}

void WriteEventLine(const Poco::JSON::Object& line) {
  std::ostringstream text;
  line.stringify(text);
  text << '\n';
  std::string bytes = text.str();
  std::fwrite(bytes.data(), 1, bytes.size(), stderr);
}

}  // namespace synaps::server
