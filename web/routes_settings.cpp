// SPEC §12: deployment settings.
#include "core/common/time_zone_list.h"
#include "core/ops/setup_checks.h"
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
         [](Ctx& ctx) { ctx.Json(200, AdminSettingsView(ctx.app)); }, false,
         "Also setup_checks, the first-run checklist: [{code, message, params}] with code "
         "bank_instructions_missing (a ticket type takes money, no bank instructions; params "
         "paid_ticket_types) or mail_from_default (SMTP with the default sender "
         "lanyard@localhost; params mail_from), [] when all is set; fixed_by_environment (keys "
         "set by flags or environment) and link_warning: null, or "
         "{code, message, params:{base_url, lan_url, listen}} when links in mails will not open "
         "on a phone. code loopback_listen: serving on loopback only (listen on params.listen, "
         "set the base URL to params.lan_url); loopback_base_url: serving beyond loopback "
         "already, only the base URL must become params.lan_url. lan_url is \"\" when no LAN "
         "address was found; message is the English sentence the console prints."});
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
         "The time-zone picker: {items:[every canonical IANA zone, sorted], featured:[{name, "
         "abbrev}], groups:[{region, zones:[...]}], default} (default = the deployment's "
         "timezone).",
         {200}, [](Ctx& ctx) {
           nlohmann::json view = TimeZonePickerJson();
           view["default"] = (*ctx.app.settings().Snapshot())["timezone"];
           ctx.Json(200, view);
         }, false,
         "From the system tzdata (tzdata.zi): zones only, without the backward-compatible "
         "aliases of tzdata's `backward` file (Asia/Calcutta, US/Eastern...). featured holds "
         "Indonesia's zones with their current abbreviations (Asia/Jakarta WIB, Asia/Makassar "
         "WITA, Asia/Jayapura WIT); groups holds every other zone by region (the name's first "
         "part; names without one under Other, last). PATCH /settings timezone and an event's "
         "time_zone still accept any name the tz database knows, aliases included."});
}

}  // namespace lanyard::web
