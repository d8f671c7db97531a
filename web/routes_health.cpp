// GET /health, GET /openapi.json: liveness and the generated API reference.
#include "core/ops/health.h"
#include "web/router.h"
#include "web/server.h"

namespace lanyard::web {

void AddHealthRoutes(RouteTable& t) {
  t.Add({"GET", "/health", Access::kPublic, "operations",
         "Liveness: the server answers and the database can be read.", {200, 503},
         [](Ctx& ctx) {
           const ops::Health health = ops::CheckHealth(ctx.app);
           // The start-up integrity check runs in the background after a clean shutdown.
           const char* check = ops::ToString(health.integrity);
           const bool corrupt = health.integrity == ops::IntegrityCheck::kFailed;
           if (!health.database_readable || corrupt) {
             // SPEC §2: a 5xx carries the error body too; the health fields ride along.
             Error e = Error::Make(codes::kUnavailable, health.database_readable
                                                            ? "The database failed its integrity check."
                                                            : "The database cannot be read.");
             e.extra = {{"database", health.database_readable ? "corrupt" : "unavailable"},
                        {"integrity_check", check},
                        {"version", LANYARD_VERSION}};
             return ctx.Fail(e);
           }
           ctx.Json(200, {{"status", "ok"},
                          {"database", "ok"},
                          {"integrity_check", check},
                          {"version", LANYARD_VERSION}});
         }});
  t.Add({"GET", "/openapi.json", Access::kPublic, "operations",
         "This API as an OpenAPI 3 document, generated from the route table.", {200},
         [](Ctx& ctx) {
           static const nlohmann::json doc = BuildOpenApi(BuildRouteTable(), LANYARD_VERSION);
           ctx.Json(200, doc);
         }});
}

}  // namespace lanyard::web
