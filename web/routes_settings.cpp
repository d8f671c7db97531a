// SPEC §12: deployment settings.
#include "core/common/local_time.h"
#include "web/router.h"
#include "web/server.h"

namespace lanyard::web {

namespace {

// Which optional parts of an event this build serves, so that the event page asks only for
// routes that exist: {"sessions": bool, "competitions": bool, "draws": bool}.
nlohmann::json EventFeatures() {
  const RouteTable table = BuildRouteTable();
  auto has = [&](const std::string& path) {
    for (const Route& r : table.routes()) {
      if (r.method == "GET" && r.path == path) return true;
    }
    return false;
  };
  return {{"sessions", has("/events/{id}/sessions")},
          {"competitions", has("/events/{id}/competitions")},
          {"draws", has("/events/{id}/draws")}};
}

}  // namespace

void AddSettingsRoutes(RouteTable& t) {
  t.Add({"GET", "/settings", Access::kAdmin, "operations",
         "All settings (the SMTP password is write-only: only smtp_password_set is shown).",
         {200, 401, 403},
         [](Ctx& ctx) { ctx.Json(200, ctx.app.settings().ForAdmin()); }});
  t.Add({"PATCH", "/settings", Access::kAdmin, "operations",
         "Change settings; values fixed by flags or environment keep winning. Audited.",
         {200, 400, 401, 403},
         [](Ctx& ctx) {
           nlohmann::json body;
           if (!ctx.ReadJson(&body)) return;
           ctx.Reply(ctx.app.settings().Update(body, ctx.me().id));
         }});
  t.Add({"GET", "/settings/public", Access::kPublic, "operations",
         "What the pages need: site_name, base_url, currency, currency_minor_digits, timezone, "
         "default_locale, and features {sessions, competitions, draws}: the parts of an event "
         "this build serves.",
         {200}, [](Ctx& ctx) {
           static const nlohmann::json features = EventFeatures();
           nlohmann::json view = ctx.app.settings().Public();
           view["features"] = features;
           ctx.Json(200, view);
         }});
  t.Add({"GET", "/time-zones", Access::kPublic, "operations",
         "The IANA time-zone names this server knows, sorted: {items:[\"Africa/Abidjan\", ...], "
         "default} (default = the deployment's timezone). For the settings and event pickers.",
         {200}, [](Ctx& ctx) {
           ctx.Json(200, {{"items", TimeZoneNames()},
                          {"default", (*ctx.app.settings().Snapshot())["timezone"]}});
         }});
}

}  // namespace lanyard::web
