#pragma once
// The deployment the fuzz targets run against: a fresh data directory under $TMPDIR with the
// demo event (`lanyard demo`: orders in every state, tickets, a draw, teams, sessions) and the
// server `serve` builds, not listening: requests go in through HttpServer::Answer. Made once
// per process on first use and removed at exit. Not thread-safe (libFuzzer runs one input at a
// time).
#include <string>

#include "core/app.h"
#include "web/server.h"

namespace lanyard::fuzz {

// Who sends a request: the fuzz input's first byte picks one (modulo the count).
enum class Caller { kAnonymous, kAttendee, kStaff, kOrganizer, kAdmin, kCount };

struct Deployment {
  App* app = nullptr;
  web::HttpServer* server = nullptr;
  int64_t event_id = 0;  // the demo event
  // An access token for `caller` ("" for kAnonymous), signed in through POST /auth/login.
  std::string token[static_cast<int>(Caller::kCount)];
};

// The process-wide deployment; the first call builds it (a few seconds).
Deployment& TheDeployment();

// Status code of a raw HTTP reply ("HTTP/1.1 404 Not Found\r\n..." → 404); 0 when none.
int ReplyStatus(const std::string& reply);

}  // namespace lanyard::fuzz
