// Who is asking: HTTP Basic, personal API tokens ("Authorization: Bearer ...") and session
// cookies, with login throttling and the CSRF check of cookie-authenticated writes.
#pragma once

#include <string>
#include <string_view>

#include "dms-server/server/http_exchange.h"
#include "dms-server/store/model.h"

namespace synaps::server {

// The name of the session cookie.
inline constexpr const char* kSessionCookie = "synaps_session";

// The authenticated user of the request: HTTP Basic or an API token if an Authorization header
// is present, else the session cookie (whose unsafe requests need the X-CSRF-Token header).
// A disabled account is refused by every means at once, and a session ends when its account's
// password changes. Throws 401 (unauthenticated), 403 (CSRF) or 429 (throttled). Sets x.user,
// and x.cookie_auth or x.token_auth.
store::User RequireUser(Exchange& x);

// Verifies a login and password through the server's Authenticator (throttled per login and
// client address, per client address and per login: login_throttle.h; cached briefly so scripts
// using Basic on every request do not pay a scrypt each time; the cache forgets a pair as soon as
// the password changes or the account is disabled). Throws 401/429.
store::User CheckPassword(Exchange& x, const std::string& login, const std::string& password);

// The login an HTTP Basic user name stands for: Windows' Mini-Redirector sends "DOMAIN\user"
// (the domain the workstation logs into), and a login never holds a backslash: what follows
// the last one. Any other name is the login itself.
std::string BasicLogin(std::string_view user_name);

// The session id the request's cookie carries ("" when none).
std::string SessionId(const Poco::Net::HTTPServerRequest& request);

// A Set-Cookie value for the session cookie (HttpOnly, SameSite=Strict, Secure under HTTPS or
// when configured); `expire` clears it.
std::string SessionCookie(Exchange& x, const std::string& value, bool expire);

}  // namespace synaps::server
