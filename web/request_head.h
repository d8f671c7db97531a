#pragma once
// The rules a request head must meet before any of it is handed to the HTTP library (SPEC §15):
// bounded size and field count, no control characters, no obsolete line folding, no
// Content-Length together with Transfer-Encoding, no compressed bodies, at most one Range.
// The library (cpp-httplib 0.11) accepts all of these; Lanyard checks them itself, once here.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/common/result.h"

namespace lanyard::web {

constexpr size_t kMaxHeadBytes = 32 * 1024;  // request line + fields + blank line
constexpr size_t kMaxHeadFields = 100;
constexpr size_t kMaxTargetBytes = 8192;

// One header field as sent (name case preserved).
using HeaderField = std::pair<std::string_view, std::string_view>;

// Checks the fields every request must pass, however it was parsed (also used on requests the
// library parsed itself, under TLS). `body_limit` is the largest body the route accepts, in
// bytes. Returns the error to answer with (400, 413, 415 or 416), or nullopt when acceptable.
// Pure; thread-safe.
std::optional<Error> CheckHeaderFields(const std::vector<HeaderField>& fields, size_t body_limit);

// True when `path` (no query) serves JSON: those routes ignore Range.
bool IgnoresRange(std::string_view path);

// A request head that passed every rule, ready to be handed to the library.
struct RequestHead {
  std::string method;
  std::string target;   // as sent, percent-encoded, query included
  std::string path;     // target without the query
  std::string forward;  // the head to hand on (Range dropped on JSON routes, an explicit
                        // Content-Length: 0 added to bodiless POST/PUT/PATCH), ends in CRLFCRLF
  std::optional<uint64_t> content_length;
  bool chunked = false;
  bool close = false;  // the client asked to close the connection after this request
};

// Names the largest body, in bytes, the route for (method, path) accepts.
using BodyLimitFn = std::function<size_t(const std::string& method, const std::string& path)>;

// Parses `head` (the bytes up to and including the first CRLFCRLF). Errors: 400 (malformed,
// control characters, obs-fold, CL with TE, bad Content-Length), 413 (Content-Length over the
// route's limit), 414, 415, 416, 431. Pure; thread-safe.
Result<RequestHead> ParseRequestHead(std::string_view head, const BodyLimitFn& body_limit_for);

// Takes the next request head from the front of `buffer`, as the head gate does for every
// request: blank lines before the request line are skipped (RFC 9112 §2.2); nullopt while the
// head is incomplete and still within kMaxHeadBytes (wait for more bytes); else the parsed head
// or its error (431 when no head ends within kMaxHeadBytes). On success `buffer` holds
// head.forward followed by the bytes that came after the head. Pure; thread-safe.
std::optional<Result<RequestHead>> TakeRequestHead(std::string& buffer,
                                                   const BodyLimitFn& body_limit_for);

}  // namespace lanyard::web
