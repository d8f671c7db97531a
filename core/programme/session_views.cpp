#include "core/programme/session_views.h"

#include <algorithm>

namespace lanyard::programme {

using nlohmann::json;

namespace {

json Opt(const std::optional<std::string>& v) { return v ? json(*v) : json(); }
json Opt(const std::optional<int64_t>& v) { return v ? json(*v) : json(); }

std::string CsvCell(const std::string& value) {
  std::string v = value;
  if (!v.empty() && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@')) v.insert(0, "'");
  if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
  std::string out = "\"";
  for (char ch : v) {
    if (ch == '"') out += '"';
    out += ch;
  }
  return out + "\"";
}

}  // namespace

json SessionJson(const storage::SessionRow& s, const std::vector<int64_t>& ticket_type_ids,
                 bool signed_in, const std::optional<MyPlace>& my) {
  json seats_left;
  if (s.capacity) seats_left = std::max<int64_t>(0, *s.capacity - s.registered);
  json out = {{"id", s.id},
              {"event_id", s.event_id},
              {"kind", s.kind},
              {"title", s.title},
              {"abstract", s.abstract},
              {"speaker_name", s.speaker_name},
              {"speaker_user_id", Opt(s.speaker_user_id)},
              {"room", s.room},
              {"starts_at", s.starts_at},
              {"ends_at", s.ends_at},
              {"capacity", Opt(s.capacity)},
              {"requires_ticket", s.requires_ticket},
              {"ticket_type_ids", ticket_type_ids},
              {"registered", s.registered},
              {"waitlisted", s.waitlisted},
              {"seats_left", seats_left},
              {"full", s.capacity.has_value() && s.registered >= *s.capacity},
              {"created_at", s.created_at},
              {"updated_at", s.updated_at}};
  if (signed_in) {
    if (my) {
      out["my"] = {{"status", my->status},
                   {"position", Opt(my->position)},
                   {"checked_in_at", Opt(my->checked_in_at)}};
    } else {
      out["my"] = nullptr;
    }
  }
  return out;
}

json RegistrationJson(const storage::RegistrationRow& r, std::optional<int64_t> position) {
  return {{"id", r.id},
          {"session_id", r.session_id},
          {"user_id", r.user_id},
          {"name", r.user_name},
          {"email", r.user_email},
          {"status", r.status},
          {"position", Opt(position)},
          {"created_at", r.created_at},
          {"registered_at", Opt(r.registered_at)},
          {"checked_in_at", Opt(r.checked_in_at)}};
}

std::string RegistrationsCsv(const std::vector<storage::RegistrationRow>& rows) {
  std::string out = "name,email,status,position,registered_at,checked_in_at\r\n";
  int64_t position = 0;
  for (const auto& r : rows) {
    const bool waiting = r.status == "waitlisted";
    if (waiting) ++position;
    out += CsvCell(r.user_name) + "," + CsvCell(r.user_email) + "," + r.status + "," +
           (waiting ? std::to_string(position) : std::string()) + "," +
           r.registered_at.value_or("") + "," + r.checked_in_at.value_or("") + "\r\n";
  }
  return out;
}

}  // namespace lanyard::programme
