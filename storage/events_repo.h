#pragma once
// Events: all their SQL.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/conn.h"
#include "storage/statuses.h"

namespace lanyard::storage {

struct EventRow {
  int64_t id = 0;
  int64_t organizer_id = 0;
  std::string title, description, category, venue, city, address;
  bool online = false;
  std::string starts_at, ends_at;
  EventStatus status = EventStatus::kDraft;
  std::optional<std::string> review_message;
  std::optional<std::string> cancel_message;
  std::optional<std::string> image_stored_name;
  std::optional<std::string> image_content_type;
  std::string created_at, updated_at;
  std::string time_zone;                 // IANA name, or "" for the deployment's (migration 0019)
  std::string holder_details = "off";    // checkout asks per-ticket holders: off|optional|required
};

std::optional<EventRow> FindEvent(Conn& c, int64_t id);
int64_t InsertEvent(Conn& c, const EventRow& e);
void UpdateEvent(Conn& c, const EventRow& e);  // every editable column, status and messages
void DeleteEvent(Conn& c, int64_t id);         // with its ticket types; caller checked orders
void SetEventImage(Conn& c, int64_t id, const std::string& stored_name,
                   const std::string& content_type, const std::string& now);
int64_t CountEventOrders(Conn& c, int64_t event_id);
// Rows besides orders that keep an event from being deleted (prize draws, logged door scans):
// deleting the event under them would break their foreign keys.
int64_t CountEventHistory(Conn& c, int64_t event_id);

struct EventFilter {
  std::string q, title, location, city, category;
  std::optional<int64_t> organizer_id;
  std::optional<std::string> overlap_from;  // events ending at or after
  std::optional<std::string> overlap_to;    // events starting before
  std::optional<int64_t> min_price, max_price;
  bool include_past = false;
  std::string now;
  // Visibility: public listing shows published; `mine_of` lists one organizer's in any status.
  std::optional<int64_t> mine_of;
  std::string sort = "starts_at";  // starts_at, -starts_at, title, -created_at
  int limit = 20;
  int offset = 0;
};
std::vector<EventRow> ListEvents(Conn& c, const EventFilter& f, int64_t* total);

}  // namespace lanyard::storage
