// Request framing: where a request's body ends, decided the one way every HTTP hop must agree on.
//
// A server and a proxy (or a client library) that disagree on where a body ends let a body
// carry a second request ("request smuggling"). Poco's parser is lenient: it takes the first of
// two Content-Length headers, reads "+5" as 5, ignores a Transfer-Encoding it does not
// recognise and falls back to Content-Length. So every request is checked here, before routing
// and authentication, and anything ambiguous is refused (400, connection closed): two
// Content-Length headers, one that is not plain digits, Content-Length together with
// Transfer-Encoding, a Transfer-Encoding other than exactly "chunked" (or on HTTP/1.0), a
// header name that is not an RFC 9110 token (" Transfer-Encoding", "Transfer-Encoding "), and an
// HTTP/1.1 request without exactly one Host.
//
// Pure functions of the parsed request; thread-safe.
#pragma once

#include <Poco/Net/HTTPServerRequest.h>

#include <optional>
#include <string>

namespace synaps::server {

// Why the request's framing is refused, or nullopt when it is sound.
std::optional<std::string> FramingProblem(const Poco::Net::HTTPRequest& request);

// Whether the request announces a body: chunked, or a Content-Length above zero. A request
// with neither has no body (RFC 9112 §6.3), whatever its method.
bool BodyAnnounced(const Poco::Net::HTTPRequest& request);

}  // namespace synaps::server
