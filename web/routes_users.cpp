// SPEC §3 and §12: users and roles, organizer applications, the audit log, first-run setup.
#include "core/accounts/user_admin.h"
#include "web/router.h"

namespace lanyard::web {

namespace {

void ListUsers(Ctx& ctx) {
  auto page = ctx.Page();
  if (!page) return ctx.Fail(page.error());
  const std::string role = ctx.Query("role");
  if (!role.empty() && !IsRoleName(role)) {
    return ctx.Fail(Error::Invalid("role", "must be attendee, staff, organizer or admin"));
  }
  ctx.Json(200, user_admin::ListUsers(ctx.app, ctx.Query("q"), role, *page));
}

void PatchUser(Ctx& ctx) {
  nlohmann::json body;
  if (!ctx.ReadJson(&body)) return;
  BodyReader r(body);
  user_admin::UserPatch p;
  p.role = r.Str("role");
  p.active = r.Bool("active");
  if (!ctx.Check(r)) return;
  ctx.Reply(user_admin::UpdateUser(ctx.app, ctx.me(), *ctx.Id(), p));
}

}  // namespace

void AddUserAdminRoutes(RouteTable& t) {
  t.Add({"GET", "/users", Access::kAdmin, "users", "Users, filtered by q (name, email) and role.",
         {200, 400, 401, 403}, ListUsers});
  t.Add({"GET", "/users/{id}", Access::kAdmin, "users", "One user.", {200, 401, 403, 404},
         [](Ctx& ctx) { ctx.Reply(user_admin::GetUser(ctx.app, *ctx.Id())); }});
  t.Add({"PATCH", "/users/{id}", Access::kAdmin, "users",
         "Change {role, active}; deactivating ends the user's sessions. Audited.",
         {200, 400, 401, 403, 404, 409}, PatchUser});

  t.Add({"POST", "/organizer-applications", Access::kAuth, "users",
         "Apply to become an organizer {organization, description}.", {201, 400, 401, 409},
         [](Ctx& ctx) {
           nlohmann::json body;
           if (!ctx.ReadJson(&body)) return;
           BodyReader r(body);
           const std::string organization = r.StrOr("organization", "");
           const std::string description = r.StrOr("description", "");
           if (!ctx.Check(r)) return;
           ctx.Reply(user_admin::Apply(ctx.app, ctx.me(), organization, description), 201);
         }});
  t.Add({"GET", "/organizer-applications", Access::kAuth, "users",
         "The caller's applications; admins see all (status= filter).", {200, 400, 401},
         [](Ctx& ctx) {
           auto page = ctx.Page();
           if (!page) return ctx.Fail(page.error());
           ctx.Reply(user_admin::ListApplications(ctx.app, ctx.me(), ctx.Query("status"), *page));
         }});
  t.Add({"POST", "/organizer-applications/{id}/decision", Access::kAdmin, "users",
         "Decide {decision: approve|reject, message}; approval makes the user an organizer. "
         "Mails the applicant; audited.",
         {200, 400, 401, 403, 404, 409},
         [](Ctx& ctx) {
           nlohmann::json body;
           if (!ctx.ReadJson(&body)) return;
           BodyReader r(body);
           const std::string decision = r.StrOr("decision", "");
           const std::string message = r.StrOr("message", "");
           if (!ctx.Check(r)) return;
           ctx.Reply(user_admin::Decide(ctx.app, ctx.me(), *ctx.Id(), decision, message));
         }});

  t.Add({"GET", "/audit", Access::kAdmin, "operations",
         "The audit log, newest first (action= filter).", {200, 400, 401, 403},
         [](Ctx& ctx) {
           auto page = ctx.Page();
           if (!page) return ctx.Fail(page.error());
           ctx.Json(200, ListAuditLog(ctx.app.db(), ctx.Query("action"), *page));
         }});

  t.Add({"GET", "/setup", Access::kPublic, "operations",
         "Whether the first admin still has to be created {needs_setup}.", {200},
         [](Ctx& ctx) { ctx.Json(200, {{"needs_setup", user_admin::NeedsSetup(ctx.app)}}); }});
  t.Add({"POST", "/setup/check", Access::kPublic, "operations",
         "Read-only: whether a setup link's token would still create the first admin "
         "{token} → {usable, needs_setup} (usable false: unknown, used or expired, or an admin "
         "exists). The setup page asks it on opening.",
         {200, 400},
         [](Ctx& ctx) {
           std::string token;
           if (!ctx.ReadStringField("token", &token)) return;
           if (!ctx.RateLimit("setup-check-ip:" + ctx.ClientIp(), 30, 60)) return;
           ctx.Json(200, user_admin::CheckSetupToken(ctx.app, token));
         }});
  t.Add({"POST", "/setup", Access::kPublic, "operations",
         "Create the first admin with the one-time setup link's token "
         "{token, email, name, password, locale? (en|id: the setup page's language; it becomes "
         "the admin's and the deployment's default_locale)}.",
         {201, 400, 409},
         [](Ctx& ctx) {
           nlohmann::json body;
           if (!ctx.ReadJson(&body)) return;
           BodyReader r(body);
           const std::string token = r.StrOr("token", "");
           const std::string email = r.StrOr("email", "");
           const std::string name = r.StrOr("name", "");
           const std::string password = r.StrOr("password", "");
           const std::string locale = r.StrOr("locale", "");
           if (!ctx.Check(r)) return;
           if (!ctx.RateLimit("setup-ip:" + ctx.ClientIp(), 10, 60)) return;
           ctx.Reply(user_admin::CompleteSetup(ctx.app, token, email, name, password, locale), 201);
         }});
}

}  // namespace lanyard::web
