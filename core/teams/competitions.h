#pragma once
// Competitions under an event and their ordered stages (SPEC §9): create, change, delete, read.
// Who: reading as the event (kView, anonymous callers too); changes by the event's owner or an
// admin (kManage). Each change is one write unit with its audit row.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/accounts/auth_user.h"
#include "core/app.h"
#include "core/common/result.h"

namespace lanyard::teams {

inline constexpr int64_t kMaxTeamSize = 50;
inline constexpr size_t kMaxStages = 20;

// A field of a PATCH body: absent, null (present without a value) or a value.
template <typename T>
struct Field {
  bool present = false;
  std::optional<T> value;
  void Set(std::optional<T> v) {
    present = true;
    value = std::move(v);
  }
};

// One stage of a create or change. `id` names an existing stage to keep (PATCH); without it the
// stage is new. Stages are kept in the order given (positions 1, 2, ...).
struct StageInput {
  std::optional<int64_t> id;
  std::string name;
  std::string deadline;  // RFC 3339 UTC
  std::string takes;     // file | link | none
};

// The body of POST /events/{id}/competitions and PATCH /competitions/{id}. For a create, name,
// team_min and team_max are required; fee defaults to 0; absent optional fields stay null.
// For a change, absent fields stay as they are and null clears registration_opens,
// registration_closes and max_teams; `stages`, when present, is the whole new list (a stage that
// has submissions cannot be dropped).
struct CompetitionInput {
  Field<std::string> name, description, registration_opens, registration_closes;
  Field<int64_t> team_min, team_max, fee, max_teams;
  std::optional<std::vector<StageInput>> stages;
};

// The competition object: id, event_id, name, description, team_min, team_max, fee,
// fee_display, currency, registration_opens, registration_closes, registration_open (now),
// max_teams, teams_registered, places_left (null: unlimited), stages[{id, position, name,
// deadline, takes}], created_at, updated_at.

// POST /events/{id}/competitions → 201. validation_failed (fields name, description, team_min,
// team_max, fee, registration_opens, registration_closes, max_teams, stages); invalid_state on a
// cancelled event.
Result<nlohmann::json> CreateCompetition(App& app, const AuthUser& user, int64_t event_id,
                                         const CompetitionInput& in);
// GET /events/{id}/competitions: {items, total, limit, offset} (every competition, by id).
Result<nlohmann::json> ListCompetitions(App& app, const AuthUser* user, int64_t event_id);
// GET /competitions/{id}.
Result<nlohmann::json> GetCompetition(App& app, const AuthUser* user, int64_t competition_id);
// PATCH /competitions/{id}. validation_failed as for create; has_submissions when a stage with
// hand-ins would be dropped; team_full when team_max goes below a team's member count;
// competition_full when max_teams goes below the teams already registered.
Result<nlohmann::json> UpdateCompetition(App& app, const AuthUser& user, int64_t competition_id,
                                         const CompetitionInput& in);
// DELETE /competitions/{id}: only while it has no teams (has_teams).
Status DeleteCompetition(App& app, const AuthUser& user, int64_t competition_id);

}  // namespace lanyard::teams
