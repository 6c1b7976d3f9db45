#include "dms-server/store/names.h"

#include <catch2/catch.hpp>

using namespace synaps::store;

TEST_CASE("names accept French text and refuse path tricks", "[names]") {
  CHECK(ValidateName("Arrêté préfectoral n°2024-118.pdf").ok());
  CHECK(ValidateName("œuvre — été.odt").ok());
  CHECK_FALSE(ValidateName("").ok());
  CHECK_FALSE(ValidateName(".").ok());
  CHECK_FALSE(ValidateName("..").ok());
  CHECK_FALSE(ValidateName("a/b").ok());
  CHECK_FALSE(ValidateName("a\\b").ok());
  CHECK_FALSE(ValidateName(std::string("a\0b", 3)).ok());
  CHECK_FALSE(ValidateName("tab\there").ok());
  CHECK_FALSE(ValidateName(" leading").ok());
  CHECK_FALSE(ValidateName(std::string(256, 'x')).ok());
  CHECK(ValidateName("..hidden-but-fine").ok());
}

TEST_CASE("UTF-8 validation refuses malformed sequences", "[names]") {
  CHECK(IsValidUtf8("préfecture €"));
  CHECK(IsValidUtf8("\xF0\x9F\x93\x84"));        // U+1F4C4
  CHECK_FALSE(IsValidUtf8("caf\xE9"));           // Latin-1 é
  CHECK_FALSE(IsValidUtf8("\xC0\xAF"));          // overlong '/'
  CHECK_FALSE(IsValidUtf8("\xED\xA0\x80"));      // surrogate
  CHECK_FALSE(IsValidUtf8("\xE2\x82"));          // truncated
  CHECK_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // past U+10FFFF
  CHECK_FALSE(ValidateName("caf\xE9.txt").ok());
  CHECK(ValidateName("caf\xE9.txt").message().find("UTF-8") != std::string::npos);
}

TEST_CASE("store paths are parsed, never resolved", "[names]") {
  auto parsed = ParseStorePath("/CAB/notes//2024/arrêté.pdf/");
  REQUIRE(parsed.ok());
  CHECK(parsed->service_code == "CAB");
  CHECK(parsed->names == std::vector<std::string>{"notes", "2024", "arrêté.pdf"});
  CHECK_FALSE(ParseStorePath("/CAB/../DDT/secret.pdf").ok());
  CHECK_FALSE(ParseStorePath("/CAB/./x").ok());
  CHECK_FALSE(ParseStorePath("CAB/x").ok());
  CHECK(ParseStorePath("/cab/x")->service_code == "CAB");  // codes name services in any case
  CHECK_FALSE(ParseStorePath("/c\xC3\xA9/x").ok());
  CHECK_FALSE(ParseStorePath("/").ok());
  CHECK_FALSE(ParseFolderPath("a/../b").ok());
  CHECK(ParseFolderPath("").ok());
  CHECK(ParseFolderPath("a/b")->size() == 2);
}

TEST_CASE("names from the outside are escaped for display", "[names]") {
  CHECK(EscapeForDisplay("préfecture.txt") == "préfecture.txt");
  CHECK(EscapeForDisplay("caf\xE9.txt") == "caf\\xe9.txt");
  CHECK(EscapeForDisplay("a\nb") == "a\\x0ab");
  CHECK(EscapeForDisplay("\xE2\x82") == "\\xe2\\x82");
  CHECK(EscapeForDisplay("a\xC2\x85"
                         "b") == "a\\xc2\\x85b");     // C1 control NEL
  CHECK(EscapeForDisplay("\xC2\xA0") == "\xC2\xA0");  // no-break space stays
}

TEST_CASE("C1 control characters are refused in names, and messages quote names escaped",
          "[names]") {
  CHECK_FALSE(ValidateName("a\xC2\x9B"
                           "31m")
                  .ok());  // CSI: a terminal escape
  CHECK(ValidateName("a\xC2\xA0"
                     "b")
            .ok());
  CHECK(ValidateName("x\x1B[2J/y").message() == "name 'x\\x1b[2J/y' contains a control character");
  CHECK(ValidateName("caf\xE9/x").message() == "name 'caf\\xe9/x' is not valid UTF-8");
  CHECK(ValidateServiceCode("\x1B").message().find("\\x1b") != std::string::npos);
}
