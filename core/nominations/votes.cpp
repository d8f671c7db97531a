// Votes and results of speaker nominations (declared in nominations.h).
#include "core/common/time_util.h"
#include "core/common/write_unit.h"
#include "core/events/event_access.h"
#include "core/nominations/nomination_views.h"
#include "core/nominations/nominations.h"
#include "storage/draws_repo.h"
#include "storage/nominations_repo.h"

namespace lanyard::nominations {

using nlohmann::json;

namespace {

// The caller may vote in this event: the window is open and they are a voter.
Status CheckVoter(storage::Conn& c, const AuthUser& user, int64_t event_id) {
  const auto settings = storage::FindNominationSettings(c, event_id);
  if (!WindowsAt(settings, NowSeconds()).voting_open) {
    return Error::Conflict(codes::kVotingClosed, "Voting is not open for this event.");
  }
  const Voters voters = ParseVoters(settings->voters).value_or(Voters::kTicketHolders);
  if (voters == Voters::kTicketHolders) {
    if (!storage::HoldsTicket(c, event_id, user.id, false)) {
      return Error::Make(codes::kNotEligible, "Only people holding a ticket for this event may vote.");
    }
  } else if (!user.email_confirmed) {
    return Error::Make(codes::kNotEligible, "Confirm your e-mail address before voting.");
  }
  return OkStatus();
}

}  // namespace

Result<json> Vote(App& app, const AuthUser& user, int64_t nomination_id) {
  return WriteUnit<json>(app.db(), [&](storage::Conn& c) -> Result<json> {
    auto n = storage::FindNomination(c, nomination_id);
    if (!n) return Error::NotFound("No such nomination.");
    auto e = LoadEvent(c, &user, n->event_id, EventAccess::kView);
    if (!e) return Error::NotFound("No such nomination.");
    if (n->nominee_response == "declined") return Error::NotFound("No such nomination.");
    auto allowed = CheckVoter(c, user, n->event_id);
    if (!allowed) return allowed.error();
    if (n->status == "rejected") {
      return Error::Conflict(codes::kInvalidState, "This nomination is no longer in the vote.");
    }
    const auto previous = storage::VoteOf(c, n->event_id, user.id);
    storage::UpsertVote(c, n->event_id, user.id, nomination_id, NowRfc3339());
    return json{{"event_id", n->event_id},
                {"nomination_id", nomination_id},
                {"previous_nomination_id", previous ? json(*previous) : json()}};
  });
}

Status Withdraw(App& app, const AuthUser& user, int64_t event_id) {
  return WriteUnit(app.db(), [&](storage::Conn& c) -> Status {
    auto e = LoadEvent(c, &user, event_id, EventAccess::kView);
    if (!e) return e.error();
    const auto settings = storage::FindNominationSettings(c, event_id);
    if (!WindowsAt(settings, NowSeconds()).voting_open) {
      return Error::Conflict(codes::kVotingClosed, "Voting is not open for this event.");
    }
    if (!storage::DeleteVote(c, event_id, user.id)) return Error::NotFound("You have not voted.");
    return OkStatus();
  });
}

Result<json> Results(App& app, const AuthUser* user, int64_t event_id) {
  storage::Conn& c = app.db().Reader();
  auto e = LoadEvent(c, user, event_id, EventAccess::kView);
  if (!e) return e.error();
  const bool closed =
      WindowsAt(storage::FindNominationSettings(c, event_id), NowSeconds()).voting_closed;
  if (!closed && !CanManageEvent(user, *e)) {
    return Error::Forbidden("Results are public once voting has closed.");
  }
  int64_t total = 0;
  // Every nomination the nominee did not decline; 10,000 is far above any real call for talks.
  auto rows = storage::ListNominations(c, event_id, false, 10000, 0, &total);
  return ResultsJson(event_id, std::move(rows), closed, storage::CountVotes(c, event_id));
}

}  // namespace lanyard::nominations
