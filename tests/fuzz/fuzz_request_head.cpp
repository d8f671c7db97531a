// The request-head rules of the HTTP hardening (web/request_head.h): ParseRequestHead on any
// bytes up to the first blank line, and CheckHeaderFields on the fields of a head it accepted.
// Property: what an accepted head forwards to the library is one clean head with the same
// request line (no bare CR or LF, no NUL, nothing after its blank line).
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "web/request_head.h"

namespace {

size_t LimitFor(const std::string& method, const std::string& path) {
  // The two limits the server uses: uploads and JSON bodies.
  return path.find("/proofs") != std::string::npos ? 10u << 20 : 1u << 20;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace lanyard::web;
  // What the gate hands over: the bytes up to and including the first blank line.
  std::string_view head(reinterpret_cast<const char*>(data), size);
  const size_t end = head.find("\r\n\r\n");
  if (end == std::string_view::npos) return 0;
  head = head.substr(0, end + 4);
  auto parsed = ParseRequestHead(head, LimitFor);
  if (!parsed) return 0;
  const RequestHead& h = parsed.value();
  // What goes on to the library is one clean head: the same request line, lines ended by CRLF
  // only, no NUL, and exactly one blank line, at its end (nothing smuggled after it).
  const std::string& f = h.forward;
  bool clean = f.size() >= 4 && f.compare(f.size() - 4, 4, "\r\n\r\n") == 0 &&
               f.find("\r\n\r\n") == f.size() - 4 && f.find('\0') == std::string::npos &&
               f.rfind(h.method + " " + h.target + " ", 0) == 0;
  for (size_t i = 0; clean && i < f.size(); ++i) {
    if (f[i] == '\r') clean = i + 1 < f.size() && f[i + 1] == '\n';
    if (f[i] == '\n') clean = i > 0 && f[i - 1] == '\r';
  }
  if (!clean) {
    std::fprintf(stderr, "forwarded head is not clean:\n%s\n", f.c_str());
    std::abort();
  }
  // The fields as the library would pass them on: split the forwarded head at its line ends.
  std::vector<HeaderField> fields;
  std::string_view rest(f);
  rest.remove_prefix(std::min(rest.size(), rest.find("\r\n") + 2));
  for (size_t end; (end = rest.find("\r\n")) != std::string_view::npos && end > 0;
       rest.remove_prefix(end + 2)) {
    const std::string_view line = rest.substr(0, end);
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
    fields.emplace_back(line.substr(0, colon), value);
  }
  (void)CheckHeaderFields(fields, LimitFor(h.method, h.path));
  return 0;
}
