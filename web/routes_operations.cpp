// SPEC §12: Prometheus metrics and backups.
#include "core/ops/backups.h"
#include "core/ops/health.h"
#include "web/client_address.h"
#include "web/router.h"

namespace lanyard::web {

namespace {

// Behind a reverse proxy every request comes from loopback: then only an admin token opens it.
bool FromLoopback(const Ctx& ctx) {
  const bool behind_proxy = !(*ctx.app.settings().Snapshot())["trusted_proxies"].get<std::string>().empty();
  return !behind_proxy && IsLoopback(ctx.req.remote_addr);
}

void Metrics(Ctx& ctx) {
  if (!FromLoopback(ctx) && !(ctx.user && ctx.user->IsAdmin())) {
    return ctx.Fail(ctx.user ? Error::Forbidden("Metrics are for admins and the local machine.")
                             : Error::Unauthorized("Sign in as an admin, or ask from the machine itself."));
  }
  std::string text = "# TYPE lanyard_up gauge\nlanyard_up 1\n";
  text += "lanyard_info{version=\"" LANYARD_VERSION "\"} 1\n";
  std::string last_metric;
  for (const auto& [name, value] : ops::MetricSamples(ctx.app)) {
    const std::string metric = name.substr(0, name.find('{'));
    if (metric != last_metric) text += "# TYPE " + metric + " gauge\n";
    last_metric = metric;
    text += name + " " + std::to_string(value) + "\n";
  }
  ctx.res.status = 200;
  ctx.res.set_content(text, "text/plain; version=0.0.4; charset=utf-8");
}

}  // namespace

void AddOperationsRoutes(RouteTable& t) {
  t.Add({"GET", "/metrics", Access::kOptional, "operations",
         "Prometheus text: users, events, orders, tickets, check-ins, outbox (admin, or loopback "
         "while no trusted_proxies are set).",
         {200, 401, 403}, Metrics});
  t.Add({"POST", "/admin/backups", Access::kAdmin, "operations",
         "Take a consistent online backup into <data>/backups. Audited.", {201, 401, 403},
         [](Ctx& ctx) { ctx.Reply(backups::Create(ctx.app, &ctx.me()), 201); }});
  t.Add({"GET", "/admin/backups", Access::kAdmin, "operations",
         "The backups in <data>/backups, newest first (scheduled by settings "
         "backup_interval_hours, keeping backup_keep); available is false on PostgreSQL "
         "(back it up with pg_dump).",
         {200, 401, 403}, [](Ctx& ctx) { ctx.Json(200, backups::List(ctx.app)); }});
}

}  // namespace lanyard::web
