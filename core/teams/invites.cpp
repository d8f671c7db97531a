#include "core/teams/invites.h"

#include "core/common/crypto.h"
#include "core/common/qr.h"
#include "core/common/time_util.h"
#include "core/common/write_unit.h"
#include "core/ops/audit.h"
#include "core/teams/team_access.h"
#include "core/teams/team_mail.h"
#include "core/teams/team_views.h"

namespace lanyard::teams {

using nlohmann::json;

namespace {

constexpr size_t kTokenBytes = 32;  // 256 bits
constexpr int64_t kMaxInviteUses = 1000;

std::string TokenHash(const std::string& token) { return crypto::Sha256Hex(token); }

// The live invite a token names and its team, competition and event; not_found when unknown,
// revoked, expired or used up.
struct LiveInvite {
  storage::InviteRow invite;
  storage::TeamRow team;
  storage::CompetitionRow competition;
  storage::EventRow event;
};

Result<LiveInvite> FindLive(storage::Conn& c, const std::string& token, int64_t now) {
  const Error gone = Error::NotFound("This invite link is unknown, revoked or expired.");
  if (token.empty() || token.size() > 200) return gone;
  auto invite = storage::FindInviteByHash(c, TokenHash(token));
  if (!invite || invite->revoked_at) return gone;
  auto expires = ParseRfc3339(invite->expires_at);
  if (!expires || *expires <= now) return gone;
  if (invite->max_uses && invite->uses >= *invite->max_uses) {
    return Error::NotFound("This invite link has been used as often as it may.");
  }
  auto team = storage::FindTeam(c, invite->team_id);
  auto comp = team ? storage::FindCompetition(c, team->competition_id) : std::nullopt;
  auto event = comp ? storage::FindEvent(c, comp->event_id) : std::nullopt;
  if (!team || !comp || !event || event->status == EventStatus::kDraft) return gone;
  return LiveInvite{std::move(*invite), std::move(*team), std::move(*comp), std::move(*event)};
}

}  // namespace

json NewInvite::Json() const {
  return {{"id", id}, {"token", token}, {"url", url}, {"expires_at", expires_at}};
}

NewInvite MakeInvite(App& app, storage::Conn& c, int64_t team_id, int64_t created_by, int64_t hours,
                     std::optional<int64_t> max_uses) {
  const int64_t now = NowSeconds();
  NewInvite out;
  out.token = crypto::Base64UrlEncode(crypto::RandomBytes(kTokenBytes));
  out.url = app.BaseUrl() + "/join/" + out.token;
  out.expires_at = FormatRfc3339(now + hours * 3600);
  storage::InviteRow row;
  row.team_id = team_id;
  row.token_hash = TokenHash(out.token);
  row.created_by = created_by;
  row.created_at = FormatRfc3339(now);
  row.expires_at = out.expires_at;
  row.max_uses = max_uses;
  out.id = storage::InsertInvite(c, row);
  return out;
}

Result<json> CreateInvite(App& app, const AuthUser& user, int64_t team_id, std::optional<int64_t> hours,
                          std::optional<int64_t> max_uses) {
  std::map<std::string, std::string> fields;
  if (hours && (*hours < 1 || *hours > kMaxInviteHours)) {
    fields["expires_in_hours"] = "must be 1 to " + std::to_string(kMaxInviteHours);
  }
  if (max_uses && (*max_uses < 1 || *max_uses > kMaxInviteUses)) {
    fields["max_uses"] = "must be 1 to " + std::to_string(kMaxInviteUses);
  }
  if (!fields.empty()) return Error::Invalid(fields);
  auto made = WriteUnit<NewInvite>(app.db(), [&](storage::Conn& c) -> Result<NewInvite> {
    auto t = LoadTeam(c, user, team_id);
    if (!t) return t.error();
    if (t->team.leader_id != user.id) return Error::Forbidden("Only the team's leader may invite.");
    if (t->team.status != "forming") {
      return Error::Conflict(codes::kTeamLocked, "The team is registered: its roster is locked.");
    }
    NewInvite invite = MakeInvite(app, c, team_id, user.id, hours.value_or(kDefaultInviteHours), max_uses);
    WriteAudit(c, user.id, "team.invite", "team", team_id, {{"invite_id", invite.id}, {"expires_at", invite.expires_at}});
    return invite;
  });
  if (!made) return made.error();
  return made->Json();
}

Status RevokeInvite(App& app, const AuthUser& user, int64_t team_id, int64_t invite_id) {
  return WriteUnit(app.db(), [&](storage::Conn& c) -> Status {
    auto t = LoadTeam(c, user, team_id);
    if (!t) return t.error();
    if (t->team.leader_id != user.id) return Error::Forbidden("Only the team's leader may revoke invites.");
    auto invite = storage::FindInvite(c, invite_id);
    if (!invite || invite->team_id != team_id) return Error::NotFound("No such invite for this team.");
    if (!storage::RevokeInvite(c, invite_id, NowRfc3339())) {
      return Error::Conflict(codes::kInvalidState, "This invite is revoked already.");
    }
    WriteAudit(c, user.id, "team.invite_revoke", "team", team_id, {{"invite_id", invite_id}});
    return OkStatus();
  });
}

Result<json> PreviewInvite(App& app, const std::string& token) {
  storage::Conn& c = app.db().Reader();
  auto live = FindLive(c, token, NowSeconds());
  if (!live) return live.error();
  return InvitePreviewJson(c, live->invite, live->team, live->competition, live->event,
                           *app.settings().Snapshot());
}

Result<std::string> InviteQrSvg(App& app, const std::string& token) {
  auto live = FindLive(app.db().Reader(), token, NowSeconds());
  if (!live) return live.error();
  return QrSvg(app.BaseUrl() + "/join/" + token);
}

Result<json> AcceptInvite(App& app, const AuthUser& user, const std::string& token) {
  auto team_id = WriteUnit<int64_t>(app.db(), [&](storage::Conn& c) -> Result<int64_t> {
    const int64_t now = NowSeconds();
    auto live = FindLive(c, token, now);
    if (!live) return live.error();
    const auto& team = live->team;
    if (auto current = storage::UserTeamInCompetition(c, team.competition_id, user.id)) {
      return Error::Conflict(codes::kAlreadyInTeam, *current == team.id
                                                    ? "You are a member of this team already."
                                                    : "You are in another team of this competition.");
    }
    if (team.status != "forming") {
      return Error::Conflict(codes::kTeamLocked, "The team is registered: its roster is locked.");
    }
    if (!RegistrationOpen(live->competition, live->event, now)) {
      return Error::Conflict(codes::kRegistrationClosed, "Registration for this competition is not open.");
    }
    // Decided here, inside the single writer: no concurrent accept can slip past it.
    if (storage::CountMembers(c, team.id) >= live->competition.team_max) {
      return Error::Conflict(codes::kTeamFull, "This team is full.");
    }
    storage::InsertMember(c, team.id, team.competition_id, user.id, FormatRfc3339(now));
    storage::CountInviteUse(c, live->invite.id);
    MailMemberJoined(app, c, team, live->competition, live->event, user.name);
    WriteAudit(c, user.id, "team.join", "team", team.id, {{"invite_id", live->invite.id}});
    return team.id;
  });
  if (!team_id) return team_id.error();
  storage::Conn& c = app.db().Reader();
  auto t = LoadTeam(c, user, *team_id);
  if (!t) return t.error();
  return TeamJson(c, *t, user, *app.settings().Snapshot());
}

}  // namespace lanyard::teams
