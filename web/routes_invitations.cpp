// SPEC §3 (since 2026-11): staff invitations by address, and the public side of the link.
#include "core/accounts/invitations.h"
#include "web/router.h"

namespace lanyard::web {

namespace {

void Invite(Ctx& ctx) {
  nlohmann::json body;
  if (!ctx.ReadJson(&body)) return;
  BodyReader r(body);
  invitations::InviteInput in;
  in.email = r.StrOr("email", "");
  in.name = r.StrOr("name", "");
  in.role = r.StrOr("role", "");
  if (!ctx.Check(r)) return;
  auto result = invitations::Invite(ctx.app, ctx.me(), in);
  // A new invitation is created (201); an existing account only changes role (200).
  const bool created = result.ok() && (*result)["status"] == "invited";
  ctx.Reply(result, created ? 201 : 200);
}

void Accept(Ctx& ctx) {
  nlohmann::json body;
  if (!ctx.ReadJson(&body)) return;
  BodyReader r(body);
  const std::string password = r.StrOr("password", "");
  const std::string locale = r.StrOr("locale", "");
  if (!ctx.Check(r)) return;
  if (!ctx.RateLimit("invitation-ip:" + ctx.ClientIp(), 20, 3600)) return;
  ctx.Reply(invitations::Accept(ctx.app, ctx.Param(1), password, locale), 201);
}

}  // namespace

void AddInvitationRoutes(RouteTable& t) {
  t.Add({"POST", "/users/invitations", Access::kAdmin, "users",
         "Invite a person by address with a role {email, name, role: staff|organizer|admin} → "
         "201 {status:\"invited\", id, email, name, role, expires_at, url}; mails "
         "staff_invitation with {base_url}/invite/{token} (7 days, single use). An address "
         "that has an account → 200 {status:\"role_changed\", user}: the role changes and the "
         "person is told. 409 last_admin.",
         {200, 201, 400, 401, 403, 409}, Invite});
  t.Add({"GET", "/users/invitations", Access::kAdmin, "users",
         "Open invitations (neither accepted nor expired), newest first: {items}.",
         {200, 401, 403},
         [](Ctx& ctx) { ctx.Json(200, invitations::ListOpen(ctx.app)); }});
  t.Add({"GET", "/invitations/{token}", Access::kPublic, "users",
         "What an invitation link offers: {email, name, role, expires_at, inviter_name}. 404 "
         "unknown or expired; 409 invitation_used once accepted.",
         {200, 404, 409},
         [](Ctx& ctx) { ctx.Reply(invitations::Preview(ctx.app, ctx.Param(1))); }});
  t.Add({"POST", "/invitations/{token}/accept", Access::kPublic, "users",
         "Accept {password, locale?}: creates the account with the invitation's address, name "
         "and role, address confirmed → 201 the user (sign in with the password next). 404, "
         "409 invitation_used, 409 email_taken, 400 validation_failed.",
         {201, 400, 404, 409, 429}, Accept});
}

}  // namespace lanyard::web
