#include "core/events/event_views.h"

#include <map>
#include <optional>
#include <string>

#include "core/common/links.h"
#include "core/common/local_time.h"
#include "core/common/time_util.h"
#include "core/events/ticket_types.h"
#include "core/mail/mail_time.h"

namespace lanyard::events {

using nlohmann::json;

namespace {

json Opt(const std::optional<std::string>& v) { return v ? json(*v) : json(); }

}  // namespace

json EventJson(const storage::EventRow& e) {
  return {{"id", e.id},
          {"title", e.title},
          {"description", e.description},
          {"category", e.category},
          {"venue", e.venue},
          {"city", e.city},
          {"address", e.address},
          {"online", e.online},
          {"starts_at", e.starts_at},
          {"ends_at", e.ends_at},
          {"time_zone", EventZoneJson(e)},
          {"holder_details", e.holder_details},
          {"status", ToString(e.status)},
          {"review_message", Opt(e.review_message)},
          {"cancel_message", Opt(e.cancel_message)},
          {"organizer_id", e.organizer_id},
          {"image_url", e.image_stored_name
                            ? json(Links().EventImage(e.id))
                            : json()},
          {"created_at", e.created_at},
          {"updated_at", e.updated_at}};
}

std::string VenueLine(const storage::EventRow& e) {
  if (e.venue.empty() || e.city.empty()) return e.venue + e.city;
  return e.venue + ", " + e.city;
}

json EventZoneJson(const storage::EventRow& e) {
  return e.time_zone.empty() ? json() : json(e.time_zone);
}

std::string ZoneInEffect(const storage::EventRow& e, const json& settings) {
  if (!e.time_zone.empty()) return e.time_zone;
  auto it = settings.find("timezone");
  return it != settings.end() && it->is_string() && !it->get<std::string>().empty()
             ? it->get<std::string>()
             : std::string("UTC");
}

json EventStartForMail(const storage::EventRow& e) {
  return MailTime(std::string_view(e.starts_at), TimeStyle::kDateTime, e.time_zone);
}

json StatsView(int64_t event_id, const storage::EventSales& s, const std::vector<storage::TicketTypeRow>& types,
               const json& currency, const std::string& tz) {
  json by_type = json::array();
  // A free event: ticket types, none of which takes money, and no money came in (a type once
  // paid and since made free still counts its revenue).
  bool free = !types.empty() && s.revenue == 0;
  for (const auto& t : types) {
    if (ticket_types::TakesMoney(t)) free = false;
    by_type.push_back({{"ticket_type_id", t.id},
                       {"name", t.name},
                       {"sold", t.sold},
                       {"pending", t.pending},
                       {"quota", t.quota ? json(*t.quota) : json()}});
  }
  // Days as the committee lives them: the event's time zone (`tz`), not UTC.
  std::map<std::string, std::pair<int64_t, int64_t>> days;
  for (const auto& d : s.by_day) {
    const auto hour = ParseRfc3339(d.day + ":00:00Z");
    auto& day = days[hour ? LocalDateKey(*hour, tz) : d.day.substr(0, 10)];
    day.first += d.tickets;
    day.second += d.revenue;
  }
  json by_day = json::array();
  for (const auto& [date, sums] : days) {
    by_day.push_back({{"date", date}, {"tickets", sums.first}, {"revenue", sums.second}});
  }
  return json{{"event_id", event_id},
              {"tickets_sold", s.tickets_sold},
              {"revenue", s.revenue},
              {"free", free},
              {"currency", currency},
              {"orders_pending", s.orders_pending},
              {"checked_in", s.checked_in},
              {"by_ticket_type", by_type},
              {"sales_by_day", by_day},
              {"time_zone", tz}};
}

}  // namespace lanyard::events
