// What the tests of the sources share: one run of a source through the ingest engine into a
// StoreFixture (service CAB, folder Courrier), and the documents it left there.
#pragma once

#include <stdlib.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "connectors/ingest/ingest_engine.h"
#include "connectors/source/source_factory.h"
#include "tests/store/store_fixture.h"

namespace synaps::testing {

struct Ran {
  store::Result<connectors::IngestSummary> summary = store::Status::Internal("not run");
  std::vector<std::string> problems;
};

inline Ran Ingest(StoreFixture& f, const std::string& type, const std::filesystem::path& location,
                  const std::string& name = "courrier") {
  connectors::SourceConfig config;
  config.name = name;
  config.type = type;
  config.location = location.string();
  config.service_code = "CAB";
  config.folder = {"Courrier"};
  auto source = connectors::MakeSource(config);
  REQUIRE(source.ok());
  connectors::IngestEngine engine(*f.store, f.actor, connectors::OptionsFor(config),
                                  [](std::string_view head, std::string_view) {
                                    return head.rfind("%PDF", 0) == 0 ? "application/pdf"
                                                                      : "text/plain";
                                  });
  Ran ran;
  engine.set_problem_callback([&](const std::string& p) { ran.problems.push_back(p); });
  ran.summary = engine.Run(**source);
  return ran;
}

// Every live document under /CAB/Courrier, by path.
inline std::map<std::string, store::Document> Documents(StoreFixture& f) {
  std::map<std::string, store::Document> out;
  std::function<void(const std::string&)> walk = [&](const std::string& path) {
    auto here = f.store->FindFolder(path);
    REQUIRE(here.ok());
    auto listing = f.store->ListFolder(*here);
    REQUIRE(listing.ok());
    for (const auto& folder : listing->subfolders) walk(path + "/" + folder.name);
    for (const auto& document : listing->documents) out[document.path()] = document;
  };
  walk("/CAB/Courrier");
  return out;
}

inline const store::Document* Named(const std::map<std::string, store::Document>& documents,
                                    std::string_view part) {
  for (const auto& [path, document] : documents) {
    if (path.find(part) != std::string::npos) return &document;
  }
  return nullptr;
}

// The message (not one of its parts, named after it) whose path holds `part`.
inline const store::Document* Message(const std::map<std::string, store::Document>& documents,
                                      std::string_view part) {
  for (const auto& [path, document] : documents) {
    if (path.find(part) != std::string::npos && path.size() > 5 &&
        path.compare(path.size() - 5, 5, "].eml") == 0) {
      return &document;
    }
  }
  return nullptr;
}

// synaps-pst-reader is looked for beside the running program, else on PATH: the tests run from
// another folder than the programs, so the build's is put first on PATH.
inline void FindPstReader() {
  static const bool done = [] {
    const char* path = getenv("PATH");
    const std::string value = std::string(SYNAPS_BIN_DIR) + ":" + (path ? path : "");
    setenv("PATH", value.c_str(), 1);
    return true;
  }();
  (void)done;
}

}  // namespace synaps::testing
