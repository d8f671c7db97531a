// SPEC §9: competitions under an event, their teams (JSON and CSV) and the zip of a stage's
// submissions. The rules live in core/teams; here only shapes and routes.
#include "core/teams/competitions.h"
#include "core/teams/submissions.h"
#include "core/teams/teams.h"
#include "web/router.h"

namespace lanyard::web {

namespace {

using nlohmann::json;

// Reads a nullable field: absent stays absent, null is "present without a value".
template <typename T>
bool ReadField(BodyReader& r, const json& body, const char* key, teams::Field<T>* field) {
  if (!body.contains(key)) return true;
  if constexpr (std::is_same_v<T, std::string>) {
    field->Set(r.Str(key));
  } else {
    field->Set(r.Int(key));
  }
  return r.ok();
}

Result<std::vector<teams::StageInput>> ParseStages(const json& list) {
  Error wrong = Error::BadRequest("Field 'stages' must be a list of {id?, name, deadline, takes}.");
  wrong.fields["stages"] = "must be a list of objects";
  if (!list.is_array()) return wrong;
  std::vector<teams::StageInput> out;
  for (const json& s : list) {
    if (!s.is_object()) return wrong;
    BodyReader r(s);
    teams::StageInput stage;
    stage.id = r.Int("id");
    stage.name = r.StrOr("name", "");
    stage.deadline = r.StrOr("deadline", "");
    stage.takes = r.StrOr("takes", "");
    if (!r.ok()) return r.error();
    out.push_back(std::move(stage));
  }
  return out;
}

Result<teams::CompetitionInput> ParseCompetition(const json& body) {
  BodyReader r(body);
  teams::CompetitionInput in;
  ReadField(r, body, "name", &in.name);
  ReadField(r, body, "description", &in.description);
  ReadField(r, body, "registration_opens", &in.registration_opens);
  ReadField(r, body, "registration_closes", &in.registration_closes);
  ReadField(r, body, "team_min", &in.team_min);
  ReadField(r, body, "team_max", &in.team_max);
  ReadField(r, body, "fee", &in.fee);
  ReadField(r, body, "max_teams", &in.max_teams);
  if (!r.ok()) return r.error();
  if (const json* stages = r.Raw("stages")) {
    auto parsed = ParseStages(*stages);
    if (!parsed) return parsed.error();
    in.stages = std::move(*parsed);
  }
  return in;
}

const AuthUser* Caller(const Ctx& ctx) { return ctx.user ? &*ctx.user : nullptr; }

void CreateCompetition(Ctx& ctx) {
  json body;
  if (!ctx.ReadJson(&body)) return;
  auto in = ParseCompetition(body);
  if (!in) return ctx.Fail(in.error());
  ctx.Reply(teams::CreateCompetition(ctx.app, ctx.me(), *ctx.Id(), *in), 201);
}

void UpdateCompetition(Ctx& ctx) {
  json body;
  if (!ctx.ReadJson(&body)) return;
  auto in = ParseCompetition(body);
  if (!in) return ctx.Fail(in.error());
  ctx.Reply(teams::UpdateCompetition(ctx.app, ctx.me(), *ctx.Id(), *in));
}

void ListTeams(Ctx& ctx) {
  const std::string format = ctx.Query("format", "json");
  if (format != "json" && format != "csv") return ctx.Fail(Error::Invalid("format", "must be json or csv"));
  if (format == "csv") {
    auto csv = teams::CompetitionTeamsCsv(ctx.app, ctx.me(), *ctx.Id());
    if (!csv) return ctx.Fail(csv.error());
    return ctx.SendFile("text/csv; charset=utf-8", "teams-competition-" + std::to_string(*ctx.Id()) + ".csv",
                        *csv, false);
  }
  auto page = ctx.Page();
  if (!page) return ctx.Fail(page.error());
  ctx.Reply(teams::ListCompetitionTeams(ctx.app, ctx.me(), *ctx.Id(), ctx.Query("status"), *page));
}

void StageZip(Ctx& ctx) {
  auto stage_id = ctx.Id(2);
  if (!stage_id) return ctx.Fail(Error::NotFound("No such stage."));
  auto zip = teams::StageZip(ctx.app, ctx.me(), *ctx.Id(), *stage_id);
  if (!zip) return ctx.Fail(zip.error());
  ctx.SendFile(zip->content_type, zip->filename, zip->bytes, false);
}

constexpr const char* kCompetitionObject =
    "A competition: id, event_id, name, description, team_min, team_max, fee (minor units, per "
    "team), fee_display, currency, registration_opens, registration_closes (RFC 3339 or null), "
    "registration_open (now), max_teams (null: unlimited), teams_registered (registered, "
    "confirmed and finalist teams), places_left, stages[{id, position, name, deadline, takes: "
    "file | link | none}], created_at, updated_at.";

}  // namespace

void AddCompetitionRoutes(RouteTable& t) {
  t.Add({"GET", "/events/{id}/competitions", Access::kOptional, "teams",
         "The event's competitions, as the event is visible.", {200, 404},
         [](Ctx& ctx) { ctx.Reply(teams::ListCompetitions(ctx.app, Caller(ctx), *ctx.Id())); }, false,
         kCompetitionObject});
  t.Add({"POST", "/events/{id}/competitions", Access::kOrganizer, "teams",
         "Create a competition {name, description?, team_min, team_max, fee?, registration_opens?, "
         "registration_closes?, max_teams?, stages?:[{name, deadline, takes}]} (owner, admin). Audited.",
         {201, 400, 401, 403, 404, 409}, CreateCompetition, false,
         std::string("team_min 1 to 50, team_max team_min to 50, fee >= 0, max_teams >= 0 or null, at "
                     "most 20 stages kept in the order given. 409 invalid_state on a cancelled event. ") +
             kCompetitionObject});
  t.Add({"GET", "/competitions/{id}", Access::kOptional, "teams", "One competition, as its event is visible.",
         {200, 404}, [](Ctx& ctx) { ctx.Reply(teams::GetCompetition(ctx.app, Caller(ctx), *ctx.Id())); },
         false, kCompetitionObject});
  t.Add({"PATCH", "/competitions/{id}", Access::kOrganizer, "teams",
         "Change a competition (owner, admin); absent fields stay, null clears registration_opens, "
         "registration_closes, max_teams; stages, when sent, is the whole new list. Audited.",
         {200, 400, 401, 403, 404, 409}, UpdateCompetition, false,
         "A stage with an id keeps its submissions; a stage left out is removed (409 has_submissions "
         "when it has hand-ins). 409 team_full when team_max goes below a team's size, "
         "competition_full when max_teams goes below the registered teams."});
  t.Add({"DELETE", "/competitions/{id}", Access::kOrganizer, "teams",
         "Delete a competition that has no teams (owner, admin). Audited.", {204, 401, 403, 404, 409},
         [](Ctx& ctx) {
           auto done = teams::DeleteCompetition(ctx.app, ctx.me(), *ctx.Id());
           if (!done) return ctx.Fail(done.error());
           ctx.NoContent();
         },
         false, "409 has_teams once a team exists (withdraw teams instead)."});
  t.Add({"GET", "/competitions/{id}/teams", Access::kStaff, "teams",
         "The competition's teams with members, order and submissions (staff, admins, the event's "
         "organizer); status= filters; format=csv gives text/csv (every team, a header row).",
         {200, 400, 401, 403, 404}, ListTeams, false,
         "CSV columns: team_id, team, status, leader, leader_email, leader_phone, members, "
         "member_count, order_code, order_status, fee, registered_at, confirmed_at, submissions. Cells "
         "that a spreadsheet would run as a formula are prefixed with an apostrophe."});
  t.Add({"GET", "/competitions/{id}/stages/{stage_id}/submissions.zip", Access::kStaff, "teams",
         "Every team's file for one stage as one zip (\"<team id>-<team name>/<file>\", links in "
         "links.txt).",
         {200, 401, 403, 404}, StageZip, false,
         "Staff and admins, the event's organizer; 404 for a stage of another competition. Built "
         "with libzip."});
}

}  // namespace lanyard::web
