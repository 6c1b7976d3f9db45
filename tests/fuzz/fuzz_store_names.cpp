// Fuzzes the store's names and paths (dms-server/store/names.h): what WebDAV, the CLI and the
// importers hand over as a path or a name is outside input.
//
// Properties, beyond "no crash":
//   * IsValidUtf8 agrees with an independent strict validator;
//   * an accepted name is 1..255 bytes of valid UTF-8, not "." or "..", without '/', '\\',
//     control characters, or leading/trailing spaces;
//   * a parsed path has a valid service code and only such names (so never "." or ".."), and
//     printing it back ("/SVC/a/b") parses to the same thing;
//   * EscapeForDisplay always gives valid UTF-8 without control characters, and leaves text that
//     is already printable UTF-8 unchanged.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "dms-server/store/names.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

using synaps::fuzz::HasAsciiControl;
using synaps::fuzz::HasC1Control;
using synaps::fuzz::Ignored;
using synaps::fuzz::IsStrictUtf8;
using synaps::fuzz::Preview;

// "c1" in SYNAPS_FUZZ_IGNORE skips the C1-control checks (see README: known finding).
bool CheckC1() {
  return !Ignored("c1");
}

void CheckName(std::string_view name, std::string_view input) {
  const std::string where = "name '" + Preview(name) + "' from input '" + Preview(input) + "'";
  FUZZ_CHECK(!name.empty() && name.size() <= 255, where);
  FUZZ_CHECK(IsStrictUtf8(name), where);
  FUZZ_CHECK(name != "." && name != "..", where);
  FUZZ_CHECK(name.find('/') == std::string_view::npos, where);
  FUZZ_CHECK(name.find('\\') == std::string_view::npos, where);
  FUZZ_CHECK(!HasAsciiControl(name), where);
  if (CheckC1()) FUZZ_CHECK(!HasC1Control(name), where);
  FUZZ_CHECK(name.front() != ' ' && name.back() != ' ', where);
}

// A Status message is "one line that can be shown as it is" (status.h). "msg" in
// SYNAPS_FUZZ_IGNORE skips this check (see README: known finding).
void CheckMessage(const synaps::store::Status& status, std::string_view input) {
  if (Ignored("msg")) return;
  const std::string& m = status.message();
  const std::string where = "message '" + Preview(m) + "' for input '" + Preview(input) + "'";
  FUZZ_CHECK(!m.empty(), where);
  FUZZ_CHECK(IsStrictUtf8(m), where);
  FUZZ_CHECK(!HasAsciiControl(m), where);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace store = synaps::store;
  const std::string_view input(reinterpret_cast<const char*>(data), size);

  // The project's validator against the reference one.
  FUZZ_CHECK(store::IsValidUtf8(input) == IsStrictUtf8(input),
             "IsValidUtf8 disagrees with a strict validator on '" + Preview(input) + "'");

  // EscapeForDisplay: printable whatever the input.
  const std::string shown = store::EscapeForDisplay(input);
  FUZZ_CHECK(IsStrictUtf8(shown),
             "EscapeForDisplay gave invalid UTF-8 for '" + Preview(input) + "'");
  FUZZ_CHECK(!HasAsciiControl(shown),
             "EscapeForDisplay left a control character for '" + Preview(input) + "'");
  if (CheckC1()) {
    FUZZ_CHECK(!HasC1Control(shown),
               "EscapeForDisplay left a C1 control character for '" + Preview(input) + "'");
  }
  if (IsStrictUtf8(input) && !HasAsciiControl(input) && !HasC1Control(input)) {
    FUZZ_CHECK(shown == input, "EscapeForDisplay changed printable text '" + Preview(input) + "'");
  }

  // ValidateName.
  if (const auto status = store::ValidateName(input); status.ok()) {
    CheckName(input, input);
  } else {
    CheckMessage(status, input);
  }

  // ParseFolderPath.
  if (auto names = store::ParseFolderPath(input); names.ok()) {
    std::string joined;
    for (const std::string& name : *names) {
      CheckName(name, input);
      joined += "/" + name;
    }
    auto again = store::ParseFolderPath(joined);
    FUZZ_CHECK(again.ok() && *again == *names,
               "ParseFolderPath round trip failed for '" + Preview(input) + "'");
  } else {
    CheckMessage(names.status(), input);
  }

  // ParseStorePath.
  if (auto path = store::ParseStorePath(input); path.ok()) {
    FUZZ_CHECK(store::ValidateServiceCode(path->service_code).ok(),
               "bad service code accepted from '" + Preview(input) + "'");
    FUZZ_CHECK(!input.empty() && input.front() == '/', "path without a leading '/' accepted");
    std::string printed = "/" + path->service_code;
    for (const std::string& name : path->names) {
      CheckName(name, input);
      printed += "/" + name;
    }
    auto again = store::ParseStorePath(printed);
    FUZZ_CHECK(
        again.ok() && again->service_code == path->service_code && again->names == path->names,
        "ParseStorePath round trip failed for '" + Preview(input) + "'");
  } else {
    CheckMessage(path.status(), input);
  }
  return 0;
}
