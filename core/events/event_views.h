#pragma once
// The JSON shapes of events (SPEC §4) and their stats. Pure functions of their arguments,
// thread-safe; built outside writer units.
#include <nlohmann/json.hpp>
#include <vector>

#include "storage/events_repo.h"
#include "storage/orders_repo.h"
#include "storage/ticket_types_repo.h"

namespace lanyard::events {

// An event: its fields, status word, messages, image_url (null without an image), times.
nlohmann::json EventJson(const storage::EventRow& e);

// GET /events/{id}/stats: sales totals in minor units of `currency`, per ticket type and per day
// (days of time zone `tz`, the deployment's).
nlohmann::json StatsView(int64_t event_id, const storage::EventSales& sales,
                         const std::vector<storage::TicketTypeRow>& types, const nlohmann::json& currency,
                         const std::string& tz);

}  // namespace lanyard::events
