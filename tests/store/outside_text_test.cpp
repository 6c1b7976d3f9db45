// Text from outside as the store takes it: comments, tags, metadata, names and display names
// validated once, here, whoever calls (API, CLI, importers); service codes in any case; archive
// member paths that never climb out of their archive.
#include <catch2/catch.hpp>

#include "dms-server/store/names.h"
#include "tests/store/store_fixture.h"

using namespace synaps::store;
using synaps::testing::StoreFixture;

namespace {

PutRequest Request(StoreFixture& f, const std::string& name, const std::string& content,
                   const std::string& comment) {
  PutRequest request;
  request.service_code = "CAB";
  request.name = name;
  request.blob = f.WriteBlob(content);
  request.mime_type = "text/plain";
  request.comment = comment;
  return request;
}

}  // namespace

TEST_CASE("comments, tags, metadata and display names from outside are validated by the store",
          "[store][text]") {
  StoreFixture f;
  // A comment may hold several lines and tabs, nothing else of the control characters.
  auto fine = f.store->PutDocument(f.actor, Request(f, "a.txt", "one", "reviewed\n\tby Marie"));
  REQUIRE(fine.ok());
  for (const std::string& bad :
       {std::string("\x1B[2Jgone"), std::string("line\roverwritten"), std::string("caf\xE9"),
        std::string("a\xC2\x9B"
                    "31m"),
        std::string(kMaxCommentBytes + 1, 'x')}) {
    auto refused = f.store->PutDocument(f.actor, Request(f, "b.txt", "two " + bad, bad));
    CHECK(refused.status().code() == ErrorCode::kInvalidArgument);
    // Refused even when nothing else would change.
    auto unchanged = f.store->PutDocument(f.actor, Request(f, "a.txt", "one", bad));
    CHECK(unchanged.status().code() == ErrorCode::kInvalidArgument);
    CHECK(f.store->RestoreVersion(f.actor, fine->document_id, 1, bad).status().code() ==
          ErrorCode::kInvalidArgument);
  }
  CHECK(f.store->FindDocument("/CAB/b.txt").status().code() == ErrorCode::kNotFound);
  auto versions = f.store->ListVersions(fine->document_id);
  REQUIRE(versions.ok());
  CHECK(versions->size() == 1);
  CHECK(f.store->PutDocument(f.actor, Request(f, "b.txt", "x", "")).ok());  // no comment: fine
  CHECK(f.store->PutDocument(f.actor, Request(f, "c\x1B.txt", "x", "")).status().code() ==
        ErrorCode::kInvalidArgument);

  // One-line fields: tags, metadata keys and values, display names, service names.
  int64_t id = fine->document_id;
  CHECK(f.store->AddTag(f.actor, id, "urgent").ok());
  for (const std::string& bad : {std::string("a\tb"), std::string("a\nb"), std::string("\x1B[31m"),
                                 std::string("x\xC2\x85"), std::string("\xFF")}) {
    CAPTURE(bad);
    CHECK(f.store->AddTag(f.actor, id, bad).code() == ErrorCode::kInvalidArgument);
    CHECK(f.store->SetMetadata(f.actor, id, "key", bad).code() == ErrorCode::kInvalidArgument);
    CHECK(f.store->SetMetadata(f.actor, id, bad, "value").code() == ErrorCode::kInvalidArgument);
    CHECK(f.store->AddService(f.actor, "X", bad).status().code() == ErrorCode::kInvalidArgument);
    NewUser user{"marie", bad, "long enough password", false, {{"CAB", Role::kReader}}};
    CHECK(f.store->AddUser(f.actor, user).status().code() == ErrorCode::kInvalidArgument);
  }
  // Messages quote what they refuse escaped: they go to terminals and logs.
  std::string message = f.store->SetMetadata(f.actor, id, "k\x1B", "v").message();
  CHECK(message.find('\x1B') == std::string::npos);
  CHECK(message.find("\\x1b") != std::string::npos);
}

TEST_CASE("service codes are stored in upper case and found in any case", "[store][text]") {
  StoreFixture f;
  auto added = f.store->AddService(f.actor, "ddt", "Direction départementale des territoires");
  REQUIRE(added.ok());
  CHECK(added->code == "DDT");
  CHECK(f.store->AddService(f.actor, "Ddt", "again").status().code() == ErrorCode::kAlreadyExists);
  CHECK(f.store->FindService("dDt")->code == "DDT");
  CHECK(f.store->FindService("d d").status().code() == ErrorCode::kNotFound);

  NewUser user{"marie", "", "long enough password", false, {{"ddt", Role::kEditor}}};
  auto marie = f.store->AddUser(f.actor, user);
  REQUIRE(marie.ok());
  CHECK(marie->memberships.at(0).service_code == "DDT");
  CHECK(f.store->SetMembership(f.actor, "marie", "cab", Role::kReader).ok());
  CHECK(f.store->ListMembers("cab")->size() == 1);

  auto put = f.Put("", "note.txt", "hello", "ddt");
  REQUIRE(put.ok());
  CHECK(f.store->FindDocument("/ddt/note.txt")->path() == "/DDT/note.txt");
  auto folder = f.store->CreateFolder(f.actor, "ddt", {"dossiers"});
  REQUIRE(folder.ok());
  CHECK(folder->path == "/DDT/dossiers");
  CHECK(f.store->FindFolder("/ddt/dossiers")->id == folder->id);
  auto share = f.store->ShareFolder(f.actor, folder->id, "cab", ShareMode::kRead);
  REQUIRE(share.ok());
  CHECK(share->service_code == "CAB");
  CHECK(
      f.store->ShareDocument(f.actor, put->document_id, "ddt", ShareMode::kRead).status().code() ==
      ErrorCode::kInvalidArgument);  // its own service, in another case
}

TEST_CASE("archive member paths never climb out nor have empty segments", "[names][text]") {
  CHECK(NormalizeMemberPath("../../etc/x") == "etc/x");
  CHECK(NormalizeMemberPath("a//./b/../c/") == "a/b/c");
  CHECK(NormalizeMemberPath("..\\..\\windows\\x.txt") == "windows/x.txt");
  CHECK(NormalizeMemberPath("/abs/path") == "abs/path");
  CHECK(NormalizeMemberPath("..") == "unnamed");
  CHECK(NormalizeMemberPath("") == "unnamed");
  CHECK(NormalizeMemberPath("..hidden/ok..") == "..hidden/ok..");
}
