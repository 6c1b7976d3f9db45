// A fresh store (StoreFixture) with what tests of the document service need: members of its
// services as Callers, and content to put.
#pragma once

#include <catch2/catch.hpp>
#include <string>

#include "dms-server/documents/document_service.h"
#include "tests/store/store_fixture.h"

namespace synaps::testing {

struct ServiceFixture : StoreFixture {
  documents::Caller AddUser(const std::string& login, const std::string& service,
                            store::Role role) {
    store::NewUser user;
    user.login = login;
    user.password = "a long enough password";
    user.memberships = {{service, role}};
    auto added = store->AddUser(actor, user);
    REQUIRE(added.ok());
    return documents::Caller::Account(*added);
  }

  documents::NewContent Text(const std::string& text) {
    documents::NewContent content;
    content.blob = WriteBlob(text);
    content.mime_type = "text/plain";
    return content;
  }
};

}  // namespace synaps::testing
