#include "core/teams/competitions.h"

#include <set>

#include "core/common/money.h"
#include "core/common/time_util.h"
#include "core/common/validation.h"
#include "core/common/write_unit.h"
#include "core/ops/audit.h"
#include "core/teams/team_access.h"
#include "core/teams/team_status.h"
#include "core/teams/team_views.h"

namespace lanyard::teams {

using nlohmann::json;

namespace {

constexpr int64_t kMaxTeamsLimit = 100000;

// A timestamp field in its canonical form, or a reason.
std::optional<std::string> CanonicalTime(const std::string& text) {
  auto t = ParseRfc3339(text);
  if (!t) return std::nullopt;
  return FormatRfc3339(*t);
}

// The competition `base` with the input applied, checked; fields names the mistakes.
Result<storage::CompetitionRow> Apply(storage::CompetitionRow base, const CompetitionInput& in, bool create) {
  std::map<std::string, std::string> fields;
  if (in.name.present) base.name = Trim(in.name.value.value_or(""));
  if (in.description.present) base.description = Trim(in.description.value.value_or(""));
  if (in.team_min.present) base.team_min = in.team_min.value.value_or(0);
  if (in.team_max.present) base.team_max = in.team_max.value.value_or(0);
  if (in.fee.present) base.fee = in.fee.value.value_or(0);
  if (in.max_teams.present) base.max_teams = in.max_teams.value;
  auto time_field = [&](const Field<std::string>& f, std::optional<std::string>& target, const char* key) {
    if (!f.present) return;
    if (!f.value || f.value->empty()) {
      target.reset();
      return;
    }
    auto canonical = CanonicalTime(*f.value);
    if (!canonical) {
      fields[key] = "must be an RFC 3339 timestamp";
      return;
    }
    target = *canonical;
  };
  time_field(in.registration_opens, base.registration_opens, "registration_opens");
  time_field(in.registration_closes, base.registration_closes, "registration_closes");

  const size_t name_len = Utf8Length(base.name);
  if (name_len < 1 || name_len > 200) fields["name"] = "must be 1 to 200 characters";
  if (Utf8Length(base.description) > 5000) fields["description"] = "must be at most 5000 characters";
  if (create && !in.team_min.present) fields["team_min"] = "is required";
  if (create && !in.team_max.present) fields["team_max"] = "is required";
  if (base.team_min < 1 || base.team_min > kMaxTeamSize) {
    fields["team_min"] = "must be 1 to " + std::to_string(kMaxTeamSize);
  }
  if (base.team_max < base.team_min || base.team_max > kMaxTeamSize) {
    fields["team_max"] = "must be from team_min to " + std::to_string(kMaxTeamSize);
  }
  if (base.fee < 0 || base.fee > kMaxAmount) fields["fee"] = "must be 0 to " + std::to_string(kMaxAmount);
  if (base.max_teams && (*base.max_teams < 0 || *base.max_teams > kMaxTeamsLimit)) {
    fields["max_teams"] = "must be 0 to " + std::to_string(kMaxTeamsLimit) + ", or null for no limit";
  }
  if (base.registration_opens && base.registration_closes && !fields.count("registration_opens") &&
      *base.registration_closes <= *base.registration_opens) {
    fields["registration_closes"] = "must be after registration_opens";
  }
  if (!fields.empty()) return Error::Invalid(fields);
  return base;
}

Result<std::vector<storage::StageRow>> CheckStages(const std::vector<StageInput>& in) {
  if (in.size() > kMaxStages) return Error::Invalid("stages", "at most " + std::to_string(kMaxStages) + " stages");
  std::vector<storage::StageRow> out;
  std::set<int64_t> ids;
  for (size_t i = 0; i < in.size(); ++i) {
    const std::string which = "stage " + std::to_string(i + 1);
    storage::StageRow s;
    s.id = in[i].id.value_or(0);
    if (in[i].id && !ids.insert(*in[i].id).second) return Error::Invalid("stages", which + " repeats an id");
    s.position = static_cast<int64_t>(i) + 1;
    s.name = Trim(in[i].name);
    const size_t len = Utf8Length(s.name);
    if (len < 1 || len > 200) return Error::Invalid("stages", which + " needs a name of 1 to 200 characters");
    auto deadline = CanonicalTime(in[i].deadline);
    if (!deadline) return Error::Invalid("stages", which + " needs a deadline (RFC 3339)");
    s.deadline = *deadline;
    if (!ParseStageTakes(in[i].takes)) return Error::Invalid("stages", which + ": takes must be file, link or none");
    s.takes = in[i].takes;
    out.push_back(std::move(s));
  }
  return out;
}

// Writes the new stage list: kept stages updated in place, new ones inserted, the others
// dropped (refused when they have hand-ins).
Status WriteStages(storage::Conn& c, int64_t competition_id, std::vector<storage::StageRow> stages) {
  std::set<int64_t> kept;
  const auto existing = storage::ListStages(c, competition_id);
  std::set<int64_t> existing_ids;
  for (const auto& s : existing) existing_ids.insert(s.id);
  for (const auto& s : stages) {
    if (s.id == 0) continue;
    if (!existing_ids.count(s.id)) return Error::Invalid("stages", "stage id " + std::to_string(s.id) + " is not a stage of this competition");
    kept.insert(s.id);
  }
  for (const auto& s : existing) {
    if (kept.count(s.id)) continue;
    if (storage::CountStageSubmissions(c, s.id) > 0) {
      return Error::Conflict(codes::kHasSubmissions, "The stage '" + s.name + "' has submissions and cannot be removed.");
    }
    storage::DeleteStage(c, s.id);
  }
  storage::ParkStagePositions(c, competition_id);
  for (auto& s : stages) {
    s.competition_id = competition_id;
    if (s.id == 0) {
      s.id = storage::InsertStage(c, s);
    } else {
      storage::UpdateStage(c, s);
    }
  }
  return OkStatus();
}

}  // namespace

Result<json> CreateCompetition(App& app, const AuthUser& user, int64_t event_id, const CompetitionInput& in) {
  {
    auto e = LoadEvent(app.db().Reader(), &user, event_id, EventAccess::kManage);
    if (!e) return e.error();
  }
  storage::CompetitionRow base;
  auto row = Apply(base, in, true);
  if (!row) return row.error();
  std::vector<storage::StageRow> stages;
  if (in.stages) {
    auto checked = CheckStages(*in.stages);
    if (!checked) return checked.error();
    for (const auto& s : *checked) {
      if (s.id != 0) return Error::Invalid("stages", "a new competition's stages have no id");
    }
    stages = std::move(*checked);
  }
  auto id = WriteUnit<int64_t>(app.db(), [&](storage::Conn& c) -> Result<int64_t> {
    auto e = LoadEventToChange(c, user, event_id, EventAccess::kManage, "This event is cancelled.");
    if (!e) return e.error();
    storage::CompetitionRow r = *row;
    r.event_id = event_id;
    r.created_at = r.updated_at = NowRfc3339();
    r.id = storage::InsertCompetition(c, r);
    Status written = WriteStages(c, r.id, stages);
    if (!written) return written.error();
    WriteAudit(c, user.id, "competition.create", "competition", r.id, {{"event_id", event_id}, {"name", r.name}});
    return r.id;
  });
  if (!id) return id.error();
  return GetCompetition(app, &user, *id);
}

Result<json> ListCompetitions(App& app, const AuthUser* user, int64_t event_id) {
  storage::Conn& c = app.db().Reader();
  auto e = LoadEvent(c, user, event_id, EventAccess::kView);
  if (!e) return e.error();
  const auto settings = app.settings().Snapshot();
  json items = json::array();
  for (const auto& comp : storage::ListEventCompetitions(c, event_id)) {
    items.push_back(CompetitionJson(c, comp, *e, *settings));
  }
  const auto total = static_cast<int64_t>(items.size());
  return json{{"items", std::move(items)}, {"total", total}, {"limit", total}, {"offset", 0}};
}

Result<json> GetCompetition(App& app, const AuthUser* user, int64_t competition_id) {
  storage::Conn& c = app.db().Reader();
  auto loaded = LoadCompetition(c, user, competition_id, EventAccess::kView);
  if (!loaded) return loaded.error();
  return CompetitionJson(c, loaded->competition, loaded->event, *app.settings().Snapshot());
}

Result<json> UpdateCompetition(App& app, const AuthUser& user, int64_t competition_id,
                               const CompetitionInput& in) {
  std::optional<std::vector<storage::StageRow>> stages;
  if (in.stages) {
    auto checked = CheckStages(*in.stages);
    if (!checked) return checked.error();
    stages = std::move(*checked);
  }
  Status done = WriteUnit(app.db(), [&](storage::Conn& c) -> Status {
    auto loaded = LoadCompetition(c, &user, competition_id, EventAccess::kManage);
    if (!loaded) return loaded.error();
    auto row = Apply(loaded->competition, in, false);
    if (!row) return row.error();
    const int64_t registered = storage::CountRegisteredTeams(c, competition_id);
    if (row->max_teams && *row->max_teams < registered) {
      return Error::Conflict(codes::kCompetitionFull, std::to_string(registered) +
                                                     " teams are registered already; max_teams cannot be lower.");
    }
    int64_t total = 0;
    for (const auto& team : storage::ListCompetitionTeams(c, competition_id, "", 100000, 0, &total)) {
      if (storage::CountMembers(c, team.id) > row->team_max) {
        return Error::Conflict(codes::kTeamFull, "The team '" + team.name + "' has more members than team_max.");
      }
    }
    row->updated_at = NowRfc3339();
    storage::UpdateCompetition(c, *row);
    if (stages) {
      Status written = WriteStages(c, competition_id, *stages);
      if (!written) return written.error();
    }
    WriteAudit(c, user.id, "competition.update", "competition", competition_id, {{"name", row->name}});
    return OkStatus();
  });
  if (!done) return done.error();
  return GetCompetition(app, &user, competition_id);
}

Status DeleteCompetition(App& app, const AuthUser& user, int64_t competition_id) {
  return WriteUnit(app.db(), [&](storage::Conn& c) -> Status {
    auto loaded = LoadCompetition(c, &user, competition_id, EventAccess::kManage);
    if (!loaded) return loaded.error();
    if (storage::CountCompetitionTeams(c, competition_id) > 0) {
      return Error::Conflict(codes::kHasTeams, "This competition has teams; it cannot be deleted.");
    }
    storage::DeleteCompetition(c, competition_id);
    WriteAudit(c, user.id, "competition.delete", "competition", competition_id,
               {{"event_id", loaded->event.id}, {"name", loaded->competition.name}});
    return OkStatus();
  });
}

}  // namespace lanyard::teams
