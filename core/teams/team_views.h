#pragma once
// The JSON of competitions, teams and invite previews (SPEC §9), built from rows outside the
// write units. `settings` is the settings snapshot (currency and its formatting).
#include <cstdint>
#include <nlohmann/json.hpp>

#include "core/accounts/auth_user.h"
#include "core/teams/team_access.h"
#include "storage/teams_repo.h"

namespace lanyard::teams {

// See core/teams/competitions.h for the shape.
nlohmann::json CompetitionJson(storage::Conn& c, const storage::CompetitionRow& comp,
                               const storage::EventRow& event, const nlohmann::json& settings);

// The team object: id, competition_id, competition{id, name, team_min, team_max, fee,
// fee_display}, event{id, title, starts_at}, name, leader_id, status, status_message,
// members[{user_id, name, is_leader, joined_at, email}] (+ phone for staff), member_count,
// slots_left, order_id, order{id, code, status, total, total_display, expires_at,
// bank_instructions, payment_reference} or null, registered_at, confirmed_at, created_at,
// stages[{id, position, name, deadline, takes, submission{id, kind, url, filename, size,
// submitted_by_name, submitted_at, download_url} | null}], invites[{id, created_at,
// expires_at, max_uses, uses, revoked, active}] (the leader and staff), my{is_member,
// is_leader, can_manage}.
nlohmann::json TeamJson(storage::Conn& c, const LoadedTeam& t, const AuthUser& viewer,
                        const nlohmann::json& settings);

// A short team line for lists (GET /competitions/{id}/teams): as TeamJson without stages'
// details and invites, plus submissions_count.
nlohmann::json TeamSummaryJson(storage::Conn& c, const storage::TeamRow& team,
                               const nlohmann::json& settings);

// The public preview of an invite: team{id, name, status}, competition{id, name, team_min,
// team_max, fee, fee_display}, event{id, title, starts_at, venue, city}, members[{name}],
// member_count, slots_left, expires_at, registration_open.
nlohmann::json InvitePreviewJson(storage::Conn& c, const storage::InviteRow& invite,
                                 const storage::TeamRow& team, const storage::CompetitionRow& comp,
                                 const storage::EventRow& event, const nlohmann::json& settings);

// A submission: id, team_id, stage_id, kind (file | link), url, filename, content_type, size,
// submitted_by_name, submitted_at, download_url (files only).
nlohmann::json SubmissionJson(const storage::SubmissionRow& s);

}  // namespace lanyard::teams
