#include "core/checkin/revocations.h"

#include "core/common/time_util.h"
#include "core/events/event_access.h"
#include "storage/revocations_repo.h"

namespace lanyard::checkin {

using nlohmann::json;

Result<json> Revocations(App& app, const AuthUser& user, int64_t event_id,
                         std::optional<int64_t> since) {
  if (since && *since < 0) return Error::Invalid("since", "must be a cursor of an earlier answer");
  storage::Conn& c = app.db().Reader();
  auto e = LoadEvent(c, &user, event_id, EventAccess::kStaff);
  if (!e) return e.error();
  const std::string now = NowRfc3339();
  const int64_t cursor = storage::LatestTicketChange(c);
  const auto states =
      since ? storage::TicketsChangedSince(c, event_id, *since) : storage::RevokedTickets(c, event_id);
  json voided = json::array(), checked_in = json::array(), cleared = json::array();
  for (const storage::TicketDoorState& s : states) {
    if (s.status != TicketStatus::kValid) {
      voided.push_back(s.ticket_id);
    } else if (s.checked_in) {
      checked_in.push_back(s.ticket_id);
    } else {
      cleared.push_back(s.ticket_id);
    }
  }
  return json{{"event_id", event_id},       {"full", !since},          {"cursor", cursor},
              {"generated_at", now},         {"void", voided},          {"checked_in", checked_in},
              {"cleared", cleared}};
}

}  // namespace lanyard::checkin
