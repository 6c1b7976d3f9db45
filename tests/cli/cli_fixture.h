// Cli: runs the real `synaps` binary on a data directory of its own, the way an administrator
// would, and reads its --json output or opens its store for checks.
#pragma once

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <catch2/catch.hpp>
#include <memory>
#include <string>
#include <vector>

#include "dms-server/store/store.h"
#include "tests/support/process.h"
#include "tests/support/temp_dir.h"

namespace synaps::testing {

struct Cli {
  TempDir dir;
  std::string data = (dir.path() / "data").string();

  // `synaps --data DATA WORDS...` with `input` on standard input.
  ProcessResult operator()(std::vector<std::string> words, const std::string& input = "") {
    words.insert(words.begin(), {BinPath("synaps"), "--data", data});
    return Run(words, input);
  }
  // `synaps --json WORDS...`, which must succeed, as a JSON object.
  Poco::JSON::Object::Ptr Json(std::vector<std::string> words) {
    words.insert(words.begin(), "--json");
    auto result = (*this)(words);
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    return Poco::JSON::Parser().parse(result.out).extract<Poco::JSON::Object::Ptr>();
  }
  std::unique_ptr<store::Store> Open() {
    auto opened = store::Store::Open(data, store::Store::OpenMode::kMustExist);
    REQUIRE(opened.ok());
    return std::move(opened).value();
  }
};

}  // namespace synaps::testing
