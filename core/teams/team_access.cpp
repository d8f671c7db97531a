#include "core/teams/team_access.h"

#include "core/common/time_util.h"

namespace lanyard::teams {

Result<LoadedCompetition> LoadCompetition(storage::Conn& c, const AuthUser* user,
                                          int64_t competition_id, EventAccess need) {
  auto comp = storage::FindCompetition(c, competition_id);
  if (!comp) return Error::NotFound("No such competition.");
  auto e = LoadEvent(c, user, comp->event_id, need);
  if (!e) {
    if (e.error().code == codes::kNotFound) return Error::NotFound("No such competition.");
    return e.error();
  }
  return LoadedCompetition{std::move(*comp), std::move(e.value())};
}

Result<LoadedTeam> LoadTeam(storage::Conn& c, const AuthUser& user, int64_t team_id) {
  auto team = storage::FindTeam(c, team_id);
  if (!team) return Error::NotFound("No such team.");
  auto comp = storage::FindCompetition(c, team->competition_id);
  auto event = comp ? storage::FindEvent(c, comp->event_id) : std::nullopt;
  if (!comp || !event) return Error::NotFound("No such team.");
  const bool member = storage::IsMember(c, team->id, user.id);
  const bool staff = CanStaffEvent(&user, *event);
  if (!member && !staff) return Error::NotFound("No such team.");
  return LoadedTeam{std::move(*team), std::move(*comp), std::move(*event), member, staff};
}

bool RegistrationOpen(const storage::CompetitionRow& comp, const storage::EventRow& event, int64_t now) {
  if (event.status != EventStatus::kPublished) return false;
  auto ends = ParseRfc3339(event.ends_at);
  if (ends && *ends <= now) return false;
  if (comp.registration_opens) {
    auto t = ParseRfc3339(*comp.registration_opens);
    if (t && now < *t) return false;
  }
  if (comp.registration_closes) {
    auto t = ParseRfc3339(*comp.registration_closes);
    if (t && now >= *t) return false;
  }
  return true;
}

}  // namespace lanyard::teams
