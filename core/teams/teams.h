#pragma once
// Teams of a competition (SPEC §9): create, read, leave and remove members, hand the lead
// over, register (roster locks; the fee through the order flow of §6), staff decisions, and the
// organizer's list and CSV. Every change is one write unit: the single writer makes the
// capacity rules atomic (one team per user per competition, team_max, max_teams), and the
// schema's constraints back them (storage/migrations/0010_teams.sql).
//
// Who: a team is visible to its members and to staff of its event (staff, admins, the event's
// organizer); to anyone else it does not exist (not_found). Leader-only actions answer
// forbidden to other members and to staff who are not members.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "core/accounts/auth_user.h"
#include "core/app.h"
#include "core/common/result.h"
#include "core/ops/audit.h"

namespace lanyard::teams {

// POST /competitions/{id}/teams {name} → 201: the team object (core/teams/team_views.h) plus
// invite{id, token, url, expires_at}, a first invite link valid kDefaultInviteHours, also
// mailed in team_welcome. Errors: validation_failed (name 1 to 100 characters),
// profile_incomplete (the caller's profile lacks a name or a phone), registration_closed,
// already_in_team, team_name_taken (case-insensitive), not_found.
Result<nlohmann::json> CreateTeam(App& app, const AuthUser& user, int64_t competition_id,
                                  const std::string& name);
// GET /teams: the caller's teams, {items, total, limit, offset} of team objects.
Result<nlohmann::json> ListOwnTeams(App& app, const AuthUser& user);
// GET /teams/{id}.
Result<nlohmann::json> GetTeam(App& app, const AuthUser& user, int64_t team_id);

// Who a team route needs: its leader, a member, or staff of its event.
enum class TeamRole { kLeader, kMember, kStaff };
// Whether the caller is `need` on the team, from a read: ok; not_found when the team is not
// visible to them; forbidden when it is but they are not `need`. Routes call it before reading
// the request body, so a refused caller learns nothing about what the body lacks.
Status CheckTeamAccess(App& app, const AuthUser& user, int64_t team_id, TeamRole need);

// DELETE /teams/{id}/members/{user_id}: the leader removes a member, a member leaves. Only
// while forming (team_locked). The leader cannot leave while others are in the team
// (leader_has_members: hand the lead over first); a leader alone dissolves the team (deleted
// with its invites). Returns the team, or null when dissolved.
Result<nlohmann::json> RemoveMember(App& app, const AuthUser& user, int64_t team_id, int64_t member_id);
// POST /teams/{id}/leader {user_id}: the leader hands the lead to another member.
// validation_failed when user_id is not a member; invalid_state for a withdrawn or disqualified team.
Result<nlohmann::json> HandOver(App& app, const AuthUser& user, int64_t team_id, int64_t new_leader_id);

// POST /teams/{id}/register (leader): needs team_min members (team_too_small), an open
// registration (registration_closed) and a free place (competition_full); forming only
// (team_locked otherwise). Fee 0 → confirmed (team_status_changed mailed); else registered with
// a pending order for the fee (order_placed mailed; paid at the payment desk like any order).
Result<nlohmann::json> RegisterTeam(App& app, const AuthUser& user, int64_t team_id);

// POST /teams/{id}/status {status, message?} (staff of the event): confirmed | finalist |
// disqualified | withdrawn, mailed to every member. validation_failed for another status or a
// message over 2000 characters; invalid_state for a move not allowed (core/teams/team_status.h);
// competition_full when confirming would exceed max_teams.
Result<nlohmann::json> ChangeStatus(App& app, const AuthUser& user, int64_t team_id,
                                    const std::string& status, const std::string& message);

// GET /competitions/{id}/teams (staff of the event): {items, total, limit, offset} of team
// summaries with members; `status` filters (validation_failed for an unknown one).
Result<nlohmann::json> ListCompetitionTeams(App& app, const AuthUser& user, int64_t competition_id,
                                            const std::string& status, ListPage page);
// The same as CSV (header first, CRLF, formula guard of attendees::CsvCell): team_id, team,
// status, leader, leader_email, leader_phone, members, member_count, order_code, order_status,
// fee, registered_at, confirmed_at, submissions.
Result<std::string> CompetitionTeamsCsv(App& app, const AuthUser& user, int64_t competition_id);

}  // namespace lanyard::teams
