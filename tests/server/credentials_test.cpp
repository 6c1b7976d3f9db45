// The caller's own credentials over real HTTP: changing one's password, personal API tokens.
#include <catch2/catch.hpp>

#include "dms-server/store/sha256.h"
#include "dms-server/store/sqlite.h"
#include "tests/server/api_client.h"

using namespace synaps;
using namespace synaps::testing;

TEST_CASE("a password change ends the other sessions and the old password at once",
          "[server][credentials]") {
  ServerProcess server;
  CookieSession here = LogIn(server, kCabEditor);
  CookieSession elsewhere = LogIn(server, kCabEditor);
  CHECK(server.Call("GET", "/api/v1/me", &kCabEditor).status == 200);  // cached from now on

  // The CSRF token is needed, and the current password must be right.
  CHECK(server
            .Call("PUT", "/api/v1/me/password", nullptr,
                  R"({"current":"cab_editor-password","new":"un autre mot de passe"})",
                  {{"Cookie", here.cookie}})
            .status == 403);
  Reply wrong = CallWith(server, here, "PUT", "/api/v1/me/password",
                         R"({"current":"not-my-password","new":"un autre mot de passe"})");
  CHECK(wrong.status == 403);
  CHECK(ErrorCode(wrong) == "wrong_password");
  Reply too_short = CallWith(server, here, "PUT", "/api/v1/me/password",
                             R"({"current":"cab_editor-password","new":"court"})");
  CHECK(too_short.status == 400);
  CHECK(CallWith(server, here, "PUT", "/api/v1/me/password", R"({"current":"x"})").status == 400);

  Reply changed = CallWith(server, here, "PUT", "/api/v1/me/password",
                           R"({"current":"cab_editor-password","new":"un autre mot de passe"})");
  REQUIRE(changed.status == 204);
  CHECK(CallWith(server, here, "GET", "/api/v1/me").status == 200);
  CHECK(
      CallWith(server, here, "PUT", "/api/v1/documents/content?path=/CAB/apres.txt", "x").status ==
      201);
  CHECK(CallWith(server, elsewhere, "GET", "/api/v1/me").status == 401);
  CHECK(server.Call("GET", "/api/v1/me", &kCabEditor).status == 401);
  Credentials renewed{"cab_editor", "un autre mot de passe"};
  CHECK(server.Call("GET", "/api/v1/me", &renewed).status == 200);

  // Guessing the current password is throttled like a login.
  int throttled = 0;
  for (int i = 0; i < 5; ++i) {
    Reply guess = server.Call("PUT", "/api/v1/me/password", &kCabReader,
                              R"({"current":"guess-guess","new":"whatever-it-is"})");
    if (guess.status == 429) ++throttled;
  }
  CHECK(throttled > 0);
  CHECK(server.OpenStore()->Authenticate("cab_reader", "cab_reader-password").ok());
}

TEST_CASE("personal API tokens: shown once, used, listed, revoked", "[server][credentials]") {
  ServerProcess server;
  Reply created = server.Call("POST", "/api/v1/me/tokens", &kDdtEditor, R"({"name":"nightly"})");
  REQUIRE(created.status == 201);
  std::string token = Json(created)->getValue<std::string>("token");
  CHECK(token.rfind("synaps_", 0) == 0);
  CHECK(Json(created)->getValue<std::string>("name") == "nightly");

  Reply me = CallWithToken(server, token, "GET", "/api/v1/me");
  REQUIRE(me.status == 200);
  CHECK(Json(me)->getValue<std::string>("login") == "ddt_editor");
  CHECK(CallWithToken(server, token, "PUT", "/api/v1/documents/content?path=/DDT/t.txt", "t")
            .status == 201);

  Reply list = server.Call("GET", "/api/v1/me/tokens", &kDdtEditor);
  REQUIRE(list.status == 200);
  auto tokens = Json(list)->getArray("tokens");
  REQUIRE(tokens->size() == 1);
  CHECK(tokens->getObject(0)->getValue<std::string>("name") == "nightly");
  CHECK(list.body.find(token) == std::string::npos);
  CHECK(CallWithToken(server, token, "GET", "/api/v1/me/tokens").status == 200);
  // Someone else's list does not show it.
  CHECK(Json(server.Call("GET", "/api/v1/me/tokens", &kCabEditor))->getArray("tokens")->size() ==
        0);

  CHECK(server.Call("POST", "/api/v1/me/tokens", &kDdtEditor, R"({"name":"nightly"})").status ==
        409);
  CHECK(server.Call("POST", "/api/v1/me/tokens", &kDdtEditor, R"({"name":"a/b"})").status == 400);
  CHECK(server.Call("POST", "/api/v1/me/tokens", &kDdtEditor, R"({"name":""})").status == 400);
  CHECK(server.Call("POST", "/api/v1/me/tokens", &kDdtEditor, R"({"nom":"x"})").status == 400);
  // A token can neither make nor revoke tokens: a leaked one cannot entrench itself.
  Reply minted = CallWithToken(server, token, "POST", "/api/v1/me/tokens", R"({"name":"more"})");
  CHECK(minted.status == 403);
  CHECK(CallWithToken(server, token, "DELETE", "/api/v1/me/tokens/nightly").status == 403);

  // Another user cannot revoke it: their own list has no such name.
  CHECK(server.Call("DELETE", "/api/v1/me/tokens/nightly", &kCabEditor).status == 404);
  REQUIRE(server.Call("DELETE", "/api/v1/me/tokens/nightly", &kDdtEditor).status == 204);
  CHECK(CallWithToken(server, token, "GET", "/api/v1/me").status == 401);
  CHECK(server.Call("DELETE", "/api/v1/me/tokens/nightly", &kDdtEditor).status == 404);

  // Names with spaces and accents travel percent-encoded.
  CookieSession session = LogIn(server, kDdtEditor);
  REQUIRE(CallWith(server, session, "POST", "/api/v1/me/tokens", R"({"name":"sauvegarde été"})")
              .status == 201);
  CHECK(
      CallWith(server, session, "DELETE", "/api/v1/me/tokens/" + Encode("sauvegarde été")).status ==
      204);
}

TEST_CASE("sessions keep their credential generation across restarts, CLI changes apply at once",
          "[server][credentials]") {
  ServerProcess server;
  CookieSession changer = LogIn(server, kCabEditor);
  CookieSession other = LogIn(server, kCabEditor);
  REQUIRE(CallWith(server, changer, "PUT", "/api/v1/me/password",
                   R"({"current":"cab_editor-password","new":"un autre mot de passe"})")
              .status == 204);
  server.Restart();
  CHECK(CallWith(server, changer, "GET", "/api/v1/me").status == 200);
  CHECK(CallWith(server, other, "GET", "/api/v1/me").status == 401);

  // The store is the truth: an account disabled behind the server's back (as `synaps user
  // disable` does) is shut out on its next request.
  store::UserChanges disable;
  disable.disabled = true;
  REQUIRE(server.OpenStore()->UpdateUser(store::Actor{"cli:root"}, "cab_editor", disable).ok());
  CHECK(CallWith(server, changer, "GET", "/api/v1/me").status == 401);
}

TEST_CASE("a session file written before credential generations is upgraded in place",
          "[server][credentials]") {
  ServerProcess server;
  REQUIRE(server.Terminate() == 0);
  const std::string id = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
  {
    std::filesystem::remove(server.data_dir() / "sessions.sqlite");
    auto db = store::sql::Database::Open(server.data_dir() / "sessions.sqlite", true);
    REQUIRE(db.ok());
    store::Sha256 key;
    key.Update(id.data(), id.size());
    REQUIRE((*db)
                ->Exec("CREATE TABLE sessions (key TEXT PRIMARY KEY, login TEXT NOT NULL, "
                       "csrf_token TEXT NOT NULL, expires_ms INTEGER NOT NULL);"
                       "INSERT INTO sessions VALUES ('" +
                       key.HexDigest() + "', 'cab_reader', 'csrf', " +
                       std::to_string(store::NowMs() + 3600 * 1000) + ")")
                .ok());
  }
  server.Restart();
  Reply me = server.Call("GET", "/api/v1/me", nullptr, "", {{"Cookie", "synaps_session=" + id}});
  REQUIRE(me.status == 200);
  CHECK(Json(me)->getValue<std::string>("login") == "cab_reader");
}

TEST_CASE("an administrator lists and revokes another user's tokens", "[server][credentials]") {
  ServerProcess server;
  Credentials admin{"admin", server.admin_password()};
  server.AddUser("cab_manager", "CAB", store::Role::kManager);
  const Credentials cab_manager{"cab_manager", "cab_manager-password"};
  Reply created = server.Call("POST", "/api/v1/me/tokens", &kDdtEditor, R"({"name":"nightly"})");
  REQUIRE(created.status == 201);
  std::string token = Json(created)->getValue<std::string>("token");
  REQUIRE(server.Call("POST", "/api/v1/me/tokens", &kDdtEditor, R"({"name":"sauvegarde été"})")
              .status == 201);
  REQUIRE(CallWithToken(server, token, "GET", "/api/v1/me").status == 200);

  // The same list, in the same shape, as the user's own; never a secret.
  Reply list = server.Call("GET", "/api/v1/users/ddt_editor/tokens", &admin);
  REQUIRE(list.status == 200);
  CHECK(list.body == server.Call("GET", "/api/v1/me/tokens", &kDdtEditor).body);
  auto tokens = Json(list)->getArray("tokens");
  REQUIRE(tokens->size() == 2);
  CHECK(tokens->getObject(0)->getValue<std::string>("name") == "nightly");
  CHECK(tokens->getObject(1)->getValue<std::string>("name") == "sauvegarde été");
  CHECK(list.body.find("synaps_") == std::string::npos);
  CHECK(Json(server.Call("GET", "/api/v1/users/cab_editor/tokens", &admin))
            ->getArray("tokens")
            ->size() == 0);
  CHECK(server.Call("GET", "/api/v1/users/nobody/tokens", &admin).status == 404);

  // Anyone else: 403 whatever the login (like the other account routes), 401 anonymous.
  for (const Credentials* user : {&cab_manager, &kDdtEditor, &kCabReader}) {
    for (const std::string login : {"ddt_editor", "nobody"}) {
      INFO(user->login << " on " << login);
      Reply listed = server.Call("GET", "/api/v1/users/" + login + "/tokens", user);
      CHECK(listed.status == 403);
      CHECK(ErrorCode(listed) == "forbidden");
      Reply revoked = server.Call("DELETE", "/api/v1/users/" + login + "/tokens/nightly", user);
      CHECK(revoked.status == 403);
      CHECK(ErrorCode(revoked) == "forbidden");
    }
  }
  CHECK(server.Call("GET", "/api/v1/users/ddt_editor/tokens").status == 401);
  CHECK(server.Call("DELETE", "/api/v1/users/ddt_editor/tokens/nightly").status == 401);
  // Tokens are revoked with a password, even an administrator's: a token may only list.
  Reply admin_created = server.Call("POST", "/api/v1/me/tokens", &admin, R"({"name":"ops"})");
  REQUIRE(admin_created.status == 201);
  std::string admin_token = Json(admin_created)->getValue<std::string>("token");
  CHECK(CallWithToken(server, admin_token, "GET", "/api/v1/users/ddt_editor/tokens").body ==
        list.body);
  CHECK(CallWithToken(server, admin_token, "DELETE", "/api/v1/users/ddt_editor/tokens/nightly")
            .status == 403);
  CHECK(server.Call("DELETE", "/api/v1/users/ddt_editor/tokens/absent", &admin).status == 404);
  CHECK(server.Call("DELETE", "/api/v1/users/nobody/tokens/nightly", &admin).status == 404);
  REQUIRE(CallWithToken(server, token, "GET", "/api/v1/me").status == 200);

  // Revoked: the token stops working at once, and the revocation is on record.
  REQUIRE(server.Call("DELETE", "/api/v1/users/ddt_editor/tokens/nightly", &admin).status == 204);
  CHECK(CallWithToken(server, token, "GET", "/api/v1/me").status == 401);
  CHECK(CallWithToken(server, token, "PUT", "/api/v1/documents/content?path=/DDT/t.txt", "t")
            .status == 401);
  CHECK(server.Call("DELETE", "/api/v1/users/ddt_editor/tokens/nightly", &admin).status == 404);
  CookieSession session = LogIn(server, admin);
  CHECK(CallWith(server, session, "DELETE",
                 "/api/v1/users/ddt_editor/tokens/" + Encode("sauvegarde été"))
            .status == 204);
  CHECK(Json(server.Call("GET", "/api/v1/me/tokens", &kDdtEditor))->getArray("tokens")->size() ==
        0);
  Reply audit = server.Call("GET", "/api/v1/audit?limit=3", &admin);
  REQUIRE(audit.status == 200);
  auto latest = Json(audit)->getArray("entries")->getObject(0);
  CHECK(latest->getValue<std::string>("action") == "token.revoke");
  CHECK(latest->getValue<std::string>("actor") == "admin");
  CHECK(latest->getValue<std::string>("detail") == "ddt_editor \"sauvegarde été\"");
  auto before = Json(audit)->getArray("entries")->getObject(1);
  CHECK(before->getValue<std::string>("action") == "token.revoke");
  CHECK(before->getValue<std::string>("detail") == "ddt_editor \"nightly\"");
}
