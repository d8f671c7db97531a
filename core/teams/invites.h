#pragma once
// Invite links of a team (SPEC §9): random 256-bit tokens shown once and stored as SHA-256,
// expiring, with an optional use limit, revocable. Accepting is one write unit that decides
// team_max, one team per user per competition and the registration window atomically.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/accounts/auth_user.h"
#include "core/app.h"
#include "core/common/result.h"
#include "storage/teams_repo.h"

namespace lanyard::teams {

inline constexpr int64_t kDefaultInviteHours = 72;
inline constexpr int64_t kMaxInviteHours = 720;

// A freshly made invite: the token exists only here and in the reply.
struct NewInvite {
  int64_t id = 0;
  std::string token;
  std::string url;  // {base_url}/join/{token}
  std::string expires_at;
  nlohmann::json Json() const;  // {id, token, url, expires_at}
};

// Makes an invite inside the caller's unit.
NewInvite MakeInvite(App& app, storage::Conn& c, int64_t team_id, int64_t created_by, int64_t hours,
                     std::optional<int64_t> max_uses);

// POST /teams/{id}/invites {expires_in_hours?, max_uses?} (leader) → 201 {id, token, url,
// expires_at}. validation_failed (hours 1 to 720, max_uses 1 to 1000); team_locked unless forming.
Result<nlohmann::json> CreateInvite(App& app, const AuthUser& user, int64_t team_id,
                                    std::optional<int64_t> hours, std::optional<int64_t> max_uses);
// DELETE /teams/{id}/invites/{invite_id} (leader). not_found for another team's invite;
// invalid_state when revoked already.
Status RevokeInvite(App& app, const AuthUser& user, int64_t team_id, int64_t invite_id);

// GET /invites/{token} (public): the preview (core/teams/team_views.h). not_found when the
// token is unknown, revoked, expired or used up.
Result<nlohmann::json> PreviewInvite(App& app, const std::string& token);
// GET /invites/{token}/qr.svg (public): the invite's url as a QR code (SVG), for a phone held
// up across the table. not_found as for the preview.
Result<std::string> InviteQrSvg(App& app, const std::string& token);
// POST /invites/{token}/accept → 201 the team. not_found as for the preview; team_locked (not
// forming), registration_closed, already_in_team, team_full. team_member_joined mailed to the
// leader.
Result<nlohmann::json> AcceptInvite(App& app, const AuthUser& user, const std::string& token);

}  // namespace lanyard::teams
