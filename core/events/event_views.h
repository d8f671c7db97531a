#pragma once
// The JSON shapes of events (SPEC §4) and their stats. Pure functions of their arguments,
// thread-safe; built outside writer units.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "storage/events_repo.h"
#include "storage/orders_repo.h"
#include "storage/ticket_types_repo.h"

namespace lanyard::events {

// An event: its fields, status word, messages, image_url (null without an image), times,
// time_zone (its own IANA zone, null = the deployment's), holder_details (off|optional|required).
nlohmann::json EventJson(const storage::EventRow& e);

// The event's own zone as JSON: its IANA name, or null for the deployment's. Things that belong
// to an event (sessions, orders) carry it as `event_time_zone` so pages can lead with it.
nlohmann::json EventZoneJson(const storage::EventRow& e);

// The zone the event's times are read in: its own IANA zone, else the deployment's
// (`settings` "timezone"), else UTC. Per-event charts and exports use it.
std::string ZoneInEffect(const storage::EventRow& e, const nlohmann::json& settings);

// The event's start for mail data (core/mail/mail_time.h): shown in the event's own zone and,
// when the deployment's differs, in that one too ("… 09.00 WITA (08.00 WIB)").
nlohmann::json EventStartForMail(const storage::EventRow& e);

// Where the event is, as every mail prints it: "Hotel Tanjung Benoa, Denpasar" (venue and city;
// either may be empty, then the other alone).
std::string VenueLine(const storage::EventRow& e);

// GET /events/{id}/stats: sales totals in minor units of `currency`, per ticket type and per day
// (days of time zone `tz`: the event's own, else the deployment's; echoed as "time_zone", the
// zone the per-event charts bucket and label in). "free": the event has ticket types, none takes
// money (ticket_types::TakesMoney) and its revenue is 0 — the dashboard says "Free event".
nlohmann::json StatsView(int64_t event_id, const storage::EventSales& sales,
                         const std::vector<storage::TicketTypeRow>& types, const nlohmann::json& currency,
                         const std::string& tz);

}  // namespace lanyard::events
