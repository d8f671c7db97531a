// Whole requests through the server `serve` runs: the head gate's rules, the HTTP library's
// parsing (Content-Length and chunked bodies, multipart uploads), the route table's matching,
// authentication and roles, every route's body parser and handler, on the demo deployment.
// Input: one byte choosing the caller (anonymous, attendee, staff, organizer, admin), then the
// request as a client sends it; the caller's Authorization header is added after the request
// line. A crash, a sanitizer report or a 500 reply is a finding (SPEC §15: bad input gets a 4xx).
#include <cstdio>
#include <cstdlib>
#include <string>

#include "tests/fuzz/fuzz_app.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  lanyard::fuzz::TheDeployment();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using lanyard::fuzz::Caller;
  if (size < 1) return 0;
  auto& d = lanyard::fuzz::TheDeployment();
  const int caller = data[0] % static_cast<int>(Caller::kCount);
  std::string request(reinterpret_cast<const char*>(data + 1), size - 1);
  const std::string& token = d.token[caller];
  const size_t line_end = request.find("\r\n");
  if (!token.empty() && line_end != std::string::npos) {
    request.insert(line_end + 2, "Authorization: Bearer " + token + "\r\n");
  }
  const std::string reply = d.server->Answer(request);
  if (lanyard::fuzz::ReplyStatus(reply) == 500) {
    std::fprintf(stderr, "500 reply to:\n%s\n---\n%s\n", request.c_str(), reply.c_str());
    std::abort();
  }
  return 0;
}
