#include "dms-server/server/authentication.h"

#include <Poco/Exception.h>
#include <Poco/Net/HTTPBasicCredentials.h>
#include <Poco/Net/NameValueCollection.h>

namespace synaps::server {

namespace {

// 429 with Retry-After when `wait` is not zero.
void ThrowIfThrottled(Exchange& x, std::chrono::seconds wait) {
  if (wait.count() <= 0) return;
  x.response.set("Retry-After", std::to_string(wait.count()));
  throw HttpError{429, "too_many_attempts",
                  "too many failed attempts; retry in " + std::to_string(wait.count()) + " s"};
}

bool IsSafeMethod(const std::string& method) {
  return method == "GET" || method == "HEAD" || method == "OPTIONS";
}

store::User TokenUser(Exchange& x, const std::string& token) {
  std::chrono::seconds wait{0};
  auto admitted = x.context.throttle.AdmitToken(x.ClientAddress(), &wait);
  if (!admitted) ThrowIfThrottled(x, wait);
  LoginThrottle::Attempt attempt = std::move(*admitted);
  auto user = x.store().AuthenticateToken(token);
  if (!user.ok()) {
    if (user.status().code() != store::ErrorCode::kPermissionDenied) {
      throw FromStatus(user.status());
    }
    attempt.Failed();
    throw HttpError{401, "unauthenticated", "unknown or revoked API token"};
  }
  attempt.Succeeded();
  return *user;
}

}  // namespace

store::User CheckPassword(Exchange& x, const std::string& login, const std::string& password) {
  const std::string client = x.ClientAddress();
  ThrowIfThrottled(x, x.context.throttle.Wait(login, client));
  if (auto generation = x.context.credentials.Find(login, password)) {
    // Still the same password, and the account still enabled: no need to hash again. (A wrong
    // guess goes on below, and is counted.)
    auto user = x.store().FindUser(login);
    if (user.ok() && !user->disabled && user->credential_generation == *generation) return *user;
  }
  // The attempt takes its place in the throttle before the password is hashed, so that guesses
  // sent at once are counted as they are checked, not after.
  std::chrono::seconds wait{0};
  auto admitted = x.context.throttle.Admit(login, client, &wait);
  if (!admitted) ThrowIfThrottled(x, wait);
  LoginThrottle::Attempt attempt = std::move(*admitted);
  auto user = [&] {
    x.context.password_checks.acquire();
    struct Release {
      std::counting_semaphore<64>& semaphore;
      ~Release() { semaphore.release(); }
    } release{x.context.password_checks};
    return x.context.authenticator->Authenticate(x.store(), login, password);
  }();
  if (!user.ok()) {
    if (user.status().code() != store::ErrorCode::kPermissionDenied) {
      throw FromStatus(user.status());
    }
    attempt.Failed();
    throw HttpError{401, "unauthenticated", "wrong login or password"};
  }
  attempt.Succeeded();
  x.context.credentials.Add(login, password, user->credential_generation);
  return *user;
}

std::string SessionId(const Poco::Net::HTTPServerRequest& request) {
  Poco::Net::NameValueCollection cookies;
  request.getCookies(cookies);
  return cookies.get(kSessionCookie, "");
}

std::string SessionCookie(Exchange& x, const std::string& value, bool expire) {
  std::string cookie =
      std::string(kSessionCookie) + "=" + value + "; Path=/; HttpOnly; SameSite=Strict";
  if (x.context.options.secure_cookies) cookie += "; Secure";
  if (expire) cookie += "; Max-Age=0";
  return cookie;
}

std::string BasicLogin(std::string_view user_name) {
  size_t backslash = user_name.rfind('\\');
  return std::string(backslash == std::string_view::npos ? user_name
                                                         : user_name.substr(backslash + 1));
}

store::User RequireUser(Exchange& x) {
  if (x.request.has("Authorization")) {
    const std::string& authorization = x.request.get("Authorization");
    if (authorization.compare(0, 7, "Bearer ") == 0) {
      // A personal API token, for scripts that should not hold a password.
      store::User user = TokenUser(x, authorization.substr(7));
      x.user = user.login;
      x.token_auth = true;
      return user;
    }
    std::string login, password;
    try {
      Poco::Net::HTTPBasicCredentials credentials(x.request);
      login = BasicLogin(credentials.getUsername());
      password = credentials.getPassword();
    } catch (const Poco::Exception&) {
      throw HttpError{401, "unauthenticated", "use HTTP Basic or a Bearer API token"};
    }
    store::User user = CheckPassword(x, login, password);
    x.user = user.login;
    return user;
  }
  std::string id = SessionId(x.request);
  auto session = id.empty() ? std::nullopt : x.context.sessions.Find(id);
  if (!session) throw HttpError{401, "unauthenticated", "log in first"};
  auto user = x.store().FindUser(session->login);
  if (!user.ok() && user.status().code() != store::ErrorCode::kNotFound) {
    throw FromStatus(user.status());
  }
  // The account was removed or disabled, or its password changed since the login.
  if (!user.ok() || user->disabled ||
      user->credential_generation != session->credential_generation) {
    x.context.sessions.Remove(id);
    throw HttpError{401, "unauthenticated", "the session has ended; log in again"};
  }
  if (!IsSafeMethod(x.request.getMethod()) &&
      x.request.get("X-CSRF-Token", "") != session->csrf_token) {
    throw HttpError{403, "csrf", "missing or wrong X-CSRF-Token header"};
  }
  x.cookie_auth = true;
  x.user = user->login;
  return *user;
}

}  // namespace synaps::server
