// SPEC §9: teams, their invite links, members, registration, staff decisions and submissions.
// The rules live in core/teams; here only shapes and routes.
#include "core/teams/invites.h"
#include "core/teams/submissions.h"
#include "core/teams/teams.h"
#include "web/router.h"

namespace lanyard::web {

namespace {

using nlohmann::json;

void CreateTeam(Ctx& ctx) {
  std::string name;
  if (!ctx.ReadStringField("name", &name)) return;
  ctx.Reply(teams::CreateTeam(ctx.app, ctx.me(), *ctx.Id(), name), 201);
}

void CreateInvite(Ctx& ctx) {
  json body;
  if (!ctx.ReadJson(&body)) return;
  BodyReader r(body);
  auto hours = r.Int("expires_in_hours");
  auto max_uses = r.Int("max_uses");
  if (!ctx.Check(r)) return;
  ctx.Reply(teams::CreateInvite(ctx.app, ctx.me(), *ctx.Id(), hours, max_uses), 201);
}

void RevokeInvite(Ctx& ctx) {
  auto invite_id = ctx.Id(2);
  if (!invite_id) return ctx.Fail(Error::NotFound("No such invite for this team."));
  auto done = teams::RevokeInvite(ctx.app, ctx.me(), *ctx.Id(), *invite_id);
  if (!done) return ctx.Fail(done.error());
  ctx.NoContent();
}

void RemoveMember(Ctx& ctx) {
  auto member = ctx.Id(2);
  if (!member) return ctx.Fail(Error::NotFound("No such member in this team."));
  auto done = teams::RemoveMember(ctx.app, ctx.me(), *ctx.Id(), *member);
  if (!done) return ctx.Fail(done.error());
  ctx.NoContent();
}

// Refuses a caller who is not `need` on the team before the body is read (SPEC §1).
bool MayActOnTeam(Ctx& ctx, teams::TeamRole need) {
  return ctx.Allowed(teams::CheckTeamAccess(ctx.app, ctx.me(), *ctx.Id(), need));
}

void HandOver(Ctx& ctx) {
  if (!MayActOnTeam(ctx, teams::TeamRole::kLeader)) return;
  json body;
  if (!ctx.ReadJson(&body)) return;
  BodyReader r(body);
  auto user_id = r.Int("user_id");
  if (!ctx.Check(r)) return;
  if (!user_id) return ctx.Fail(Error::Invalid("user_id", "is required"));
  ctx.Reply(teams::HandOver(ctx.app, ctx.me(), *ctx.Id(), *user_id));
}

void ChangeStatus(Ctx& ctx) {
  if (!MayActOnTeam(ctx, teams::TeamRole::kStaff)) return;
  json body;
  if (!ctx.ReadJson(&body)) return;
  BodyReader r(body);
  const std::string status = r.StrOr("status", "");
  const std::string message = r.StrOr("message", "");
  if (!ctx.Check(r)) return;
  ctx.Reply(teams::ChangeStatus(ctx.app, ctx.me(), *ctx.Id(), status, message));
}

void Submit(Ctx& ctx) {
  if (!MayActOnTeam(ctx, teams::TeamRole::kMember)) return;
  teams::SubmissionInput in;
  const std::string stage = ctx.FormField("stage_id");
  try {
    size_t used = 0;
    in.stage_id = std::stoll(stage, &used);
    if (used != stage.size()) in.stage_id = 0;
  } catch (const std::exception&) {
    in.stage_id = 0;
  }
  if (in.stage_id <= 0) return ctx.Fail(Error::Invalid("stage_id", "is required (a stage id)"));
  const std::string url = ctx.FormField("url");
  if (!url.empty()) in.url = url;
  if (ctx.req.has_file("file")) {
    auto file = ctx.FilePart();
    if (!file) return ctx.Fail(file.error());
    in.filename = file->filename;
    in.bytes = file->content;
  }
  ctx.Reply(teams::Submit(ctx.app, ctx.me(), *ctx.Id(), in), 201);
}

void SubmissionFile(Ctx& ctx) {
  auto submission = ctx.Id(2);
  if (!submission) return ctx.Fail(Error::NotFound("No such file."));
  auto file = teams::GetSubmissionFile(ctx.app, ctx.me(), *ctx.Id(), *submission);
  if (!file) return ctx.Fail(file.error());
  ctx.SendFile(file->content_type, file->filename, file->bytes, false);
}

constexpr const char* kTeamObject =
    "A team: id, competition_id, competition{id, name, team_min, team_max, fee, fee_display}, "
    "event{id, title, starts_at}, name, leader_id, status (forming | registered | confirmed | "
    "finalist | disqualified | withdrawn), status_message, members[{user_id, name, email, "
    "is_leader, joined_at}] (staff also see phone), member_count, slots_left, order_id, "
    "order{id, code, status, total, total_display, expires_at, paid_at, bank_instructions, "
    "payment_reference} or null, registered_at, confirmed_at, created_at, registration_open, "
    "stages[{id, position, name, deadline, takes, submission or null}], invites[{id, created_at, "
    "expires_at, max_uses, uses, revoked, active}] (the leader and staff only; tokens are never "
    "shown again), my{is_member, is_leader, can_manage}. Visible to its members and the event's "
    "staff; 404 for anyone else.";

}  // namespace

void AddTeamRoutes(RouteTable& t) {
  t.Add({"POST", "/competitions/{id}/teams", Access::kAuth, "teams",
         "Create a team {name}: the caller is its leader and first member. Returns the team and a "
         "first invite{id, token, url, expires_at} (72 h), also mailed in team_welcome.",
         {201, 400, 401, 404, 409}, CreateTeam, false,
         std::string("400 profile_incomplete when the caller's profile lacks a name or a phone; 409 "
                     "already_in_team (one team per person per competition), team_name_taken "
                     "(case-insensitive), registration_closed. ") +
             kTeamObject});
  t.Add({"GET", "/teams", Access::kAuth, "teams", "The caller's teams.", {200, 401},
         [](Ctx& ctx) { ctx.Reply(teams::ListOwnTeams(ctx.app, ctx.me())); }, false, kTeamObject});
  t.Add({"GET", "/teams/{id}", Access::kAuth, "teams", "One team (members, the event's staff).",
         {200, 401, 404}, [](Ctx& ctx) { ctx.Reply(teams::GetTeam(ctx.app, ctx.me(), *ctx.Id())); }, false,
         kTeamObject});
  t.Add({"POST", "/teams/{id}/invites", Access::kAuth, "teams",
         "A new invite link {expires_in_hours? (default 72, 1 to 720), max_uses? (1 to 1000)} "
         "(leader) → {id, token, url, expires_at}; url = {base_url}/join/{token}.",
         {201, 400, 401, 403, 404, 409}, CreateInvite, false,
         "The token is 256 random bits, stored only as its SHA-256 and shown once. 409 team_locked "
         "once the team registered."});
  t.Add({"DELETE", "/teams/{id}/invites/{invite_id}", Access::kAuth, "teams",
         "Revoke an invite link (leader).", {204, 401, 403, 404, 409}, RevokeInvite, false,
         "404 for an invite of another team; 409 invalid_state when revoked already."});
  t.Add({"GET", "/invites/{token}", Access::kPublic, "teams",
         "Preview an invite: team{id, name, status}, competition{id, name, team_min, team_max, fee, "
         "fee_display}, event{id, title, starts_at, venue, city}, members[{name, is_leader}], "
         "member_count, slots_left, expires_at, registration_open.",
         {200, 404}, [](Ctx& ctx) { ctx.Reply(teams::PreviewInvite(ctx.app, ctx.Param(1))); }, false,
         "404 when the token is unknown, revoked, expired or used max_uses times."});
  t.Add({"GET", "/invites/{token}/qr.svg", Access::kPublic, "teams",
         "The invite's url ({base_url}/join/{token}) as a QR code (SVG).", {200, 404},
         [](Ctx& ctx) {
           auto svg = teams::InviteQrSvg(ctx.app, ctx.Param(1));
           if (!svg) return ctx.Fail(svg.error());
           ctx.SendFile("image/svg+xml", "invite.svg", *svg, true);
         },
         false, "404 as the preview."});
  t.Add({"POST", "/invites/{token}/accept", Access::kAuth, "teams",
         "Join the team of an invite → 201 the team. Mails team_member_joined to the leader.",
         {201, 401, 404, 409},
         [](Ctx& ctx) { ctx.Reply(teams::AcceptInvite(ctx.app, ctx.me(), ctx.Param(1)), 201); }, false,
         "409 team_full (never more than team_max members, whatever the concurrency), "
         "already_in_team, registration_closed, team_locked (the team registered); 404 as the "
         "preview."});
  t.Add({"DELETE", "/teams/{id}/members/{user_id}", Access::kAuth, "teams",
         "Remove a member (leader) or leave (the member), while the team is forming.",
         {204, 401, 403, 404, 409}, RemoveMember, false,
         "409 team_locked after registering. The leader cannot leave while others are in the team: "
         "409 leader_has_members — hand the lead over first with POST /teams/{id}/leader. A leader "
         "alone leaving dissolves the team (it is deleted with its invites)."});
  t.Add({"POST", "/teams/{id}/leader", Access::kAuth, "teams",
         "Hand the lead to another member {user_id} (leader).", {200, 400, 401, 403, 404, 409}, HandOver,
         false, "400 validation_failed when user_id is not another member; 409 invalid_state for a "
                "withdrawn or disqualified team."});
  t.Add({"POST", "/teams/{id}/register", Access::kAuth, "teams",
         "Register the team (leader): the roster locks. Fee 0 → confirmed; otherwise registered with "
         "a pending order for the fee, paid and confirmed like any order (§6).",
         {200, 401, 403, 404, 409}, [](Ctx& ctx) { ctx.Reply(teams::RegisterTeam(ctx.app, ctx.me(), *ctx.Id())); },
         false,
         "409 team_too_small (fewer than team_min members), registration_closed, competition_full "
         "(max_teams reached), team_locked (not forming). The order (team.order) has no items; when "
         "it is paid the team becomes confirmed, when it expires or is cancelled the team is forming "
         "again, when it is refunded the team is withdrawn."});
  t.Add({"POST", "/teams/{id}/status", Access::kStaff, "teams",
         "Staff decision {status: confirmed | finalist | disqualified | withdrawn, message?}: mailed "
         "to every member (team_status_changed). Audited.",
         {200, 400, 401, 403, 404, 409}, ChangeStatus, false,
         "Staff and admins, the event's organizer. Allowed moves: confirmed from registered, "
         "finalist or disqualified; finalist from confirmed; disqualified and withdrawn from any "
         "status but withdrawn. 409 invalid_state otherwise, competition_full when confirming "
         "would exceed max_teams."});
  t.Add({"POST", "/teams/{id}/submissions", Access::kAuth, "teams",
         "Hand in work for a stage (members): multipart stage_id and file (PDF, PNG, JPEG, WebP or "
         "zip up to 5 MB) or url (link stages). Replaces the team's earlier hand-in for the stage.",
         {201, 400, 401, 403, 404, 409, 413, 415, 507}, Submit, true,
         "409 deadline_passed after the stage's deadline, invalid_state for a stage that takes "
         "nothing or a withdrawn or disqualified team; 507 insufficient_storage when the disk is "
         "nearly full."});
  t.Add({"GET", "/teams/{id}/submissions", Access::kAuth, "teams",
         "The team's submissions (members, the event's staff).", {200, 401, 404},
         [](Ctx& ctx) { ctx.Reply(teams::ListSubmissions(ctx.app, ctx.me(), *ctx.Id())); }, false,
         "{items[{id, team_id, stage_id, kind, url, filename, content_type, size, submitted_by_name, "
         "submitted_at, download_url}], total, limit, offset}."});
  t.Add({"GET", "/teams/{id}/submissions/{submission_id}/file", Access::kAuth, "teams",
         "Download a submitted file (members, the event's staff).", {200, 401, 404}, SubmissionFile,
         false, "Served as an attachment with X-Content-Type-Options: nosniff."});
}

}  // namespace lanyard::web
