// Administration over real HTTP: services, accounts and memberships, who may change them, and
// disabled accounts shut out at once.
#include <catch2/catch.hpp>

#include "tests/server/api_client.h"

using namespace synaps;
using namespace synaps::testing;

namespace {

// An account made directly in the store (test setup), with the fixture's password convention.
Credentials AddAccount(ServerProcess& server, const std::string& login,
                       std::vector<store::Membership> memberships) {
  store::NewUser user;
  user.login = login;
  user.password = login + "-password";
  user.memberships = std::move(memberships);
  REQUIRE(server.OpenStore()->AddUser(store::Actor{"tester"}, user).ok());
  return {login, user.password};
}

bool HasMember(const Poco::JSON::Object::Ptr& service, const std::string& login,
               const std::string& role) {
  auto members = service->getArray("members");
  for (size_t i = 0; members && i < members->size(); ++i) {
    auto member = members->getObject(static_cast<unsigned>(i));
    if (member->getValue<std::string>("login") == login) {
      return member->getValue<std::string>("role") == role;
    }
  }
  return false;
}

}  // namespace

TEST_CASE("an administrator opens a service, its manager staffs it, members work in it",
          "[server][admin]") {
  ServerProcess server;
  Credentials admin{"admin", server.admin_password()};

  Reply created = server.Call("POST", "/api/v1/services", &admin,
                              R"({"code":"DCL","name":"Direction de la citoyenneté"})");
  REQUIRE(created.status == 201);
  CHECK(created.Header("Location") == "/api/v1/services/DCL");
  CHECK(Json(created)->getValue<std::string>("name") == "Direction de la citoyenneté");
  CHECK(server.Call("POST", "/api/v1/services", &admin, R"({"code":"DCL","name":"x"})").status ==
        409);
  Reply services = server.Call("GET", "/api/v1/services", &kCabReader);
  REQUIRE(services.status == 200);
  CHECK(Json(services)->getArray("services")->size() == 3);

  Reply lea = server.Call(
      "POST", "/api/v1/users", &admin,
      R"({"login":"lea.martin","display_name":"Léa Martin","password":"lea-password"})");
  REQUIRE(lea.status == 201);
  CHECK(Json(lea)->getValue<std::string>("display_name") == "Léa Martin");
  CHECK(Json(lea)->getArray("memberships")->size() == 0);
  Reply marc = server.Call(
      "POST", "/api/v1/users", &admin,
      R"({"login":"marc","password":"marc-password","memberships":[{"service":"DCL","role":"manager"}]})");
  REQUIRE(marc.status == 201);
  CHECK(server.Call("POST", "/api/v1/users", &admin, R"({"login":"marc","password":"12345678"})")
            .status == 409);
  Reply users = server.Call("GET", "/api/v1/users", &admin);
  REQUIRE(users.status == 200);
  CHECK(Json(users)->getArray("users")->size() == 6);  // admin, the fixture's 3, lea, marc
  Reply one = server.Call("GET", "/api/v1/users/lea.martin", &admin);
  REQUIRE(one.status == 200);
  CHECK_FALSE(Json(one)->getValue<bool>("disabled"));
  CHECK(server.Call("GET", "/api/v1/users/nobody", &admin).status == 404);

  // The manager makes Léa an editor; she logs in and uploads.
  Credentials manager{"marc", "marc-password"};
  Reply editor = server.Call("PUT", "/api/v1/services/DCL/members/lea.martin", &manager,
                             R"({"role":"editor"})");
  REQUIRE(editor.status == 200);
  CHECK(Json(editor)->getValue<std::string>("role") == "editor");
  CookieSession session = LogIn(server, {"lea.martin", "lea-password"});
  Reply upload = CallWith(server, session, "PUT",
                          "/api/v1/documents/content?path=/DCL/titres/demande.txt", "demande");
  REQUIRE(upload.status == 201);
  std::string doc = "/api/v1/documents/" + std::to_string(Json(upload)->getValue<int64_t>("id"));

  // A reader added by the manager reads; once removed, the document is gone for them.
  CHECK(server.Call("GET", doc, &kCabReader).status == 404);
  REQUIRE(
      server
          .Call("PUT", "/api/v1/services/DCL/members/cab_reader", &manager, R"({"role":"reader"})")
          .status == 200);
  CHECK(server.Call("GET", doc, &kCabReader).status == 200);
  CHECK(server
            .Call("PUT", "/api/v1/documents/content?path=/DCL/titres/demande.txt", &kCabReader,
                  "changed")
            .status == 403);

  // Members are shown to the service's managers and to administrators only.
  Reply seen_by_manager = server.Call("GET", "/api/v1/services/DCL", &manager);
  REQUIRE(seen_by_manager.status == 200);
  CHECK(Json(seen_by_manager)->getValue<std::string>("role") == "manager");
  CHECK(HasMember(Json(seen_by_manager), "lea.martin", "editor"));
  CHECK(HasMember(Json(seen_by_manager), "cab_reader", "reader"));
  CHECK(HasMember(Json(server.Call("GET", "/api/v1/services/DCL", &admin)), "marc", "manager"));
  Reply seen_by_reader = server.Call("GET", "/api/v1/services/DCL", &kCabReader);
  REQUIRE(seen_by_reader.status == 200);
  CHECK_FALSE(Json(seen_by_reader)->has("members"));
  CHECK(server.Call("GET", "/api/v1/services/NOPE", &kCabReader).status == 404);

  Reply renamed = server.Call("PATCH", "/api/v1/services/DCL", &admin,
                              R"({"name":"Direction de la citoyenneté et de la légalité"})");
  REQUIRE(renamed.status == 200);
  CHECK(Json(renamed)->getValue<std::string>("name") ==
        "Direction de la citoyenneté et de la légalité");
  CHECK(server.Call("PATCH", "/api/v1/services/NOPE", &admin, R"({"name":"x"})").status == 404);

  REQUIRE(server.Call("DELETE", "/api/v1/services/DCL/members/cab_reader", &manager).status == 204);
  CHECK(server.Call("GET", doc, &kCabReader).status == 404);
  CHECK(server.Call("DELETE", "/api/v1/services/DCL/members/cab_reader", &manager).status == 404);

  // The manager's audit log tells the story of the service.
  Reply audit = server.Call("GET", "/api/v1/audit?service=DCL", &manager);
  REQUIRE(audit.status == 200);
  std::vector<std::string> actions;
  auto entries = Json(audit)->getArray("entries");
  for (size_t i = 0; i < entries->size(); ++i) {
    actions.push_back(
        entries->getObject(static_cast<unsigned>(i))->getValue<std::string>("action"));
  }
  CHECK(actions == std::vector<std::string>{"membership.remove", "service.rename", "membership.set",
                                            "document.create", "folder.create", "membership.set",
                                            "membership.set", "service.create"});
}

TEST_CASE("a disabled account is shut out at once: session, Basic and API token",
          "[server][admin]") {
  ServerProcess server;
  Credentials admin{"admin", server.admin_password()};
  REQUIRE(server
              .Call("POST", "/api/v1/users", &admin,
                    R"({"login":"paul","password":"paul-password",)"
                    R"("memberships":[{"service":"CAB","role":"editor"}]})")
              .status == 201);
  Credentials paul{"paul", "paul-password"};
  Reply created = server.Call("POST", "/api/v1/me/tokens", &paul, R"({"name":"nightly"})");
  REQUIRE(created.status == 201);
  std::string token = Json(created)->getValue<std::string>("token");
  CookieSession session = LogIn(server, paul);
  CHECK(CallWith(server, session, "GET", "/api/v1/me").status == 200);
  CHECK(server.Call("GET", "/api/v1/me", &paul).status == 200);  // now in the credential cache
  CHECK(CallWithToken(server, token, "GET", "/api/v1/me").status == 200);

  Reply disabled = server.Call("PATCH", "/api/v1/users/paul", &admin, R"({"disabled":true})");
  REQUIRE(disabled.status == 200);
  CHECK(Json(disabled)->getValue<bool>("disabled"));
  CHECK(CallWith(server, session, "GET", "/api/v1/me").status == 401);
  CHECK(server.Call("GET", "/api/v1/me", &paul).status == 401);
  CHECK(CallWithToken(server, token, "GET", "/api/v1/me").status == 401);
  CHECK(server
            .Call("POST", "/api/v1/session", nullptr,
                  R"({"login":"paul","password":"paul-password"})",
                  {{"Content-Type", "application/json"}})
            .status == 401);

  // Enabled again: a password and the token work; the old session stays ended.
  REQUIRE(server.Call("PATCH", "/api/v1/users/paul", &admin, R"({"disabled":false})").status ==
          200);
  CHECK(server.Call("GET", "/api/v1/me", &paul).status == 200);
  CHECK(CallWithToken(server, token, "GET", "/api/v1/me").status == 200);
  CHECK(CallWith(server, session, "GET", "/api/v1/me").status == 401);

  // A password reset by the administrator: the old password stops working at once, cached or
  // not, and so does every session.
  CookieSession second = LogIn(server, paul);
  Reply reset = server.Call("PATCH", "/api/v1/users/paul", &admin,
                            R"({"password":"nouveau-mot-de-passe","display_name":"Paul R."})");
  REQUIRE(reset.status == 200);
  CHECK(Json(reset)->getValue<std::string>("display_name") == "Paul R.");
  CHECK(server.Call("GET", "/api/v1/me", &paul).status == 401);
  CHECK(CallWith(server, second, "GET", "/api/v1/me").status == 401);
  Credentials renewed{"paul", "nouveau-mot-de-passe"};
  CHECK(server.Call("GET", "/api/v1/me", &renewed).status == 200);

  // Nobody can remove the last administrator.
  Reply last = server.Call("PATCH", "/api/v1/users/admin", &admin, R"({"is_admin":false})");
  CHECK(last.status == 409);
  CHECK(server.Call("PATCH", "/api/v1/users/admin", &admin, R"({"disabled":true})").status == 409);
  REQUIRE(server.Call("PATCH", "/api/v1/users/paul", &admin, R"({"is_admin":true})").status == 200);
  CHECK(server.Call("GET", "/api/v1/users", &renewed).status == 200);
  CHECK(server.Call("PATCH", "/api/v1/users/nobody", &admin, R"({"disabled":true})").status == 404);
}

TEST_CASE("administration routes refuse whoever may not use them", "[server][admin]") {
  ServerProcess server;
  Credentials cab_manager = AddAccount(server, "cab_manager", {{"CAB", store::Role::kManager}});
  Credentials admin{"admin", server.admin_password()};
  const std::vector<const Credentials*> not_admins = {&kCabReader, &kCabEditor, &kDdtEditor,
                                                      &cab_manager};
  struct Route {
    std::string method, uri, body;
  };
  const std::vector<Route> admin_only = {
      {"POST", "/api/v1/services", R"({"code":"DCL","name":"DCL"})"},
      {"PATCH", "/api/v1/services/CAB", R"({"name":"Cabinet"})"},
      {"PATCH", "/api/v1/services/NOPE", R"({"name":"x"})"},
      {"GET", "/api/v1/users", ""},
      {"POST", "/api/v1/users", R"({"login":"eve","password":"eve-password","is_admin":true})"},
      {"GET", "/api/v1/users/cab_reader", ""},
      {"GET", "/api/v1/users/nobody", ""},
      {"PATCH", "/api/v1/users/cab_reader", R"({"is_admin":true})"},
      {"PATCH", "/api/v1/users/cab_manager", R"({"is_admin":true})"},
      {"PATCH", "/api/v1/users/ddt_editor", R"({"disabled":true})"},
      {"PATCH", "/api/v1/users/ddt_editor", R"({"password":"a-new-password"})"},
  };
  for (const auto& route : admin_only) {
    INFO(route.method << " " << route.uri);
    CHECK(server.Call(route.method, route.uri, nullptr, route.body).status == 401);
    for (const Credentials* user : not_admins) {
      INFO(user->login);
      Reply reply = server.Call(route.method, route.uri, user, route.body);
      CHECK(reply.status == 403);
      CHECK(ErrorCode(reply) == "forbidden");
    }
  }
  CHECK_FALSE(server.OpenStore()->FindUser("cab_manager")->is_admin);
  CHECK(server.OpenStore()->FindService("DCL").status().code() == store::ErrorCode::kNotFound);

  // Memberships: a service's managers (for that service only) and administrators.
  const std::string cab_member = "/api/v1/services/CAB/members/ddt_editor";
  const std::string ddt_member = "/api/v1/services/DDT/members/cab_reader";
  for (const auto& [method, body] : std::vector<std::pair<std::string, std::string>>{
           {"PUT", R"({"role":"manager"})"}, {"DELETE", ""}}) {
    INFO(method);
    CHECK(server.Call(method, cab_member, nullptr, body).status == 401);
    for (const Credentials* user : {&kCabReader, &kCabEditor, &kDdtEditor}) {
      INFO(user->login);
      CHECK(server.Call(method, cab_member, user, body).status == 403);
    }
    CHECK(server.Call(method, ddt_member, &cab_manager, body).status == 403);
    CHECK(server.Call(method, "/api/v1/services/NOPE/members/cab_reader", &cab_manager, body)
              .status == 404);
  }
  CHECK(server.OpenStore()->FindUser("ddt_editor")->memberships.size() == 1);
  CHECK(server.Call("PUT", cab_member, &cab_manager, R"({"role":"manager"})").status == 200);
  CHECK(server.OpenStore()->FindUser("ddt_editor")->memberships.size() == 2);
  CHECK(server.Call("DELETE", cab_member, &cab_manager).status == 204);
  CHECK(
      server
          .Call("PUT", "/api/v1/services/CAB/members/nobody", &cab_manager, R"({"role":"reader"})")
          .status == 404);
  // A manager cannot make anyone an administrator, by any route.
  Reply admin_role = server.Call("PUT", "/api/v1/services/CAB/members/cab_reader", &cab_manager,
                                 R"({"role":"admin"})");
  CHECK(admin_role.status == 400);
  CHECK(server
            .Call("PUT", "/api/v1/services/CAB/members/cab_reader", &cab_manager,
                  R"({"role":"reader","is_admin":true})")
            .status == 400);
  CHECK(server.Call("PUT", ddt_member, &admin, R"({"role":"reader"})").status == 200);

  // Reading a service: every user; its members: its managers and administrators.
  CHECK(server.Call("GET", "/api/v1/services/CAB").status == 401);
  for (const Credentials* user : {&kCabReader, &kCabEditor, &kDdtEditor}) {
    Reply service = server.Call("GET", "/api/v1/services/CAB", user);
    REQUIRE(service.status == 200);
    CHECK_FALSE(Json(service)->has("members"));
  }
  CHECK(Json(server.Call("GET", "/api/v1/services/CAB", &cab_manager))->has("members"));
  CHECK_FALSE(Json(server.Call("GET", "/api/v1/services/DDT", &cab_manager))->has("members"));

  // One's own credentials need one to be someone.
  CHECK(server.Call("GET", "/api/v1/me/tokens").status == 401);
  CHECK(server.Call("POST", "/api/v1/me/tokens", nullptr, R"({"name":"x"})").status == 401);
  CHECK(server.Call("DELETE", "/api/v1/me/tokens/x").status == 401);
  CHECK(server.Call("PUT", "/api/v1/me/password", nullptr, R"({"current":"a","new":"b"})").status ==
        401);
  CHECK(server.Call("GET", "/api/v1/audit").status == 401);
}

TEST_CASE("malformed administration requests are 400 and change nothing", "[server][admin]") {
  ServerProcess server;
  Credentials admin{"admin", server.admin_password()};
  struct Bad {
    std::string method, uri, body, code;
  };
  const std::string invalid_utf8 =
      "{\"login\":\"eve\",\"password\":\"eve-password\","
      "\"display_name\":\"\xff\xfe\"}";
  const std::vector<Bad> bad = {
      {"POST", "/api/v1/users", R"({"login":"eve", )", "malformed_json"},
      {"POST", "/api/v1/users", R"(["eve"])", "malformed_json"},
      {"POST", "/api/v1/users", invalid_utf8, "malformed_json"},
      {"POST", "/api/v1/users", R"({"login":"Eve!","password":"eve-password"})",
       "invalid_argument"},
      {"POST", "/api/v1/users", R"({"login":"eve","password":"short"})", "invalid_argument"},
      {"POST", "/api/v1/users", R"({"login":"eve","password":"eve-password","memberships":"CAB"})",
       "invalid_argument"},
      {"POST", "/api/v1/users",
       R"({"login":"eve","password":"eve-password","memberships":[{"service":"CAB","role":"chief"}]})",
       "invalid_argument"},
      {"POST", "/api/v1/users", R"({"login":"eve","password":"eve-password","admin":true})",
       "invalid_argument"},
      {"PATCH", "/api/v1/users/cab_reader", R"({"disable":true})", "invalid_argument"},
      {"PATCH", "/api/v1/users/cab_reader", R"({"is_admin":"yes"})", "invalid_argument"},
      {"PATCH", "/api/v1/users/cab_reader", R"({"display_name":42})", "invalid_argument"},
      {"PATCH", "/api/v1/users/cab_reader", "{\"display_name\":\"\xc3\x28\"}", "malformed_json"},
      {"POST", "/api/v1/services", R"({"code":"bad code","name":"x"})", "invalid_argument"},
      {"POST", "/api/v1/services", R"({"code":"DCL"})", "invalid_argument"},
      {"PATCH", "/api/v1/services/CAB", "{\"name\":\"\xe9t\xe9\"}", "malformed_json"},
      {"PUT", "/api/v1/services/CAB/members/cab_reader", R"({"role":"boss"})", "invalid_argument"},
      {"PUT", "/api/v1/services/CAB/members/cab_reader", R"({"role":3})", "invalid_argument"},
      {"PUT", "/api/v1/services/CAB/members/cab_reader", "", "malformed_json"},
  };
  for (const auto& request : bad) {
    INFO(request.method << " " << request.uri << " " << request.body);
    Reply reply = server.Call(request.method, request.uri, &admin, request.body);
    CHECK(reply.status == 400);
    CHECK(ErrorCode(reply) == request.code);
  }
  auto store = server.OpenStore();
  CHECK(store->FindUser("eve").status().code() == store::ErrorCode::kNotFound);
  auto reader = store->FindUser("cab_reader");
  CHECK_FALSE(reader->is_admin);
  CHECK(reader->display_name == "cab_reader");
  CHECK(reader->memberships[0].role == store::Role::kReader);
  CHECK(store->FindService("CAB")->name == "Cabinet du préfet");
}
