// Fuzzes what a WebDAV client sends that Synaps parses (dms-server/webdav/): the If header,
// Destination and request paths, and the XML bodies of PROPFIND, PROPPATCH and LOCK. The first
// byte chooses the parser, the rest is its input.
//
// Properties, beyond "no crash":
//   * a parsed path holds no "." or ".." segment and no '/' inside a segment, and its href
//     parses back to the same segments;
//   * a parsed If header has at least one list, each with at least one condition;
//   * a dead property's value, once parsed, is well-formed when wrapped in its element: parsing
//     a PROPPATCH that sets it again gives the same value.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "dms-server/webdav/dav_path.h"
#include "dms-server/webdav/dav_xml.h"
#include "dms-server/webdav/if_header.h"
#include "tests/fuzz/fuzz_support.h"

using namespace synaps::webdav;

namespace {

void Check(bool holds, const char* property, std::string_view input) {
  FUZZ_CHECK(holds, std::string(property) + ": " + synaps::fuzz::Preview(input));
}

void FuzzPath(std::string_view input) {
  auto path = ParseDavPath(input);
  if (!path.ok()) return;
  for (const std::string& name : path->names) {
    Check(name != "." && name != ".." && name.find('/') == std::string::npos, "path", input);
  }
  auto again = ParseDavPath(path->Href(false));
  Check(again.ok() && again->names == path->names, "href", input);
  (void)ParseDestination(input);
}

void FuzzIf(std::string_view input) {
  auto header = ParseIfHeader(input);
  if (!header.ok()) return;
  Check(!header->lists.empty(), "if-lists", input);
  for (const IfList& list : header->lists) Check(!list.conditions.empty(), "if-conditions", input);
  (void)header->Tokens();
}

void FuzzXml(std::string_view input) {
  (void)ParsePropfind(input);
  (void)ParseLockInfo(input);
  auto updates = ParseProppatch(input);
  if (!updates.ok()) return;
  for (const PropertyUpdate& update : *updates) {
    if (update.remove || update.name.local.empty()) continue;
    std::string again = "<D:propertyupdate xmlns:D=\"DAV:\"><D:set><D:prop>" +
                        PropertyElement(update.name, update.value_xml) +
                        "</D:prop></D:set></D:propertyupdate>";
    // PropertyElement uses the D: prefix for DAV: properties, which the wrapper declares.
    auto reparsed = ParseProppatch(again);
    Check(reparsed.ok() && reparsed->size() == 1 && reparsed->front().value_xml == update.value_xml,
          "dead-property-roundtrip", input);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 3) {
    case 0:
      FuzzPath(input);
      break;
    case 1:
      FuzzIf(input);
      break;
    default:
      FuzzXml(input);
  }
  return 0;
}
