// GET /health, GET /openapi.json: liveness and the generated API reference.
#include "storage/users_repo.h"
#include "web/router.h"
#include "web/server.h"

namespace lanyard::web {

void AddHealthRoutes(RouteTable& t) {
  t.Add({"GET", "/health", Access::kPublic, "operations",
         "Liveness: the server answers and the database can be read.", {200, 503},
         [](Ctx& ctx) {
           using Integrity = storage::Database::Integrity;
           bool database_ok = true;
           try {
             storage::CountAdmins(ctx.app.db().Reader());
           } catch (const std::exception&) {
             database_ok = false;
           }
           // The start-up integrity check runs in the background after a clean shutdown.
           const Integrity integrity = ctx.app.db().integrity();
           const char* check = integrity == Integrity::kChecking ? "running"
                               : integrity == Integrity::kOk     ? "ok"
                                                                 : "failed";
           if (!database_ok || integrity == Integrity::kCorrupt) {
             // SPEC §2: a 5xx carries the error body too; the health fields ride along.
             Error e = Error::Make(codes::kUnavailable, database_ok ? "The database failed its integrity check."
                                                              : "The database cannot be read.");
             e.extra = {{"database", database_ok ? "corrupt" : "unavailable"},
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
