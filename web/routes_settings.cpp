// SPEC §12: deployment settings.
#include "web/router.h"

namespace lanyard::web {

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
         "default_locale.",
         {200}, [](Ctx& ctx) { ctx.Json(200, ctx.app.settings().Public()); }});
}

}  // namespace lanyard::web
