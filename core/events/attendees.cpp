#include "core/events/attendees.h"

#include "core/checkin/ticket_ref.h"
#include "core/common/local_time.h"
#include "core/common/time_util.h"
#include "core/events/event_access.h"
#include "core/events/event_views.h"
#include "storage/events_repo.h"
#include "storage/tickets_repo.h"

namespace lanyard::attendees {

using nlohmann::json;

namespace {

json AttendeeJson(const storage::TicketRow& t) {
  json j = {{"ticket_id", t.id},
          {"holder_name", t.holder_name},
          {"holder_email", t.holder_email},
          {"ticket_type_id", t.ticket_type_id},
          {"ticket_type", t.ticket_type_name},
          {"order_id", t.order_id},
          {"order_code", t.order_code},
          {"status", ToString(t.status)},
          {"checked_in_at", t.checked_in_at ? json(*t.checked_in_at) : json()}};
  // The short reference the door can type (K7QX2M9A-2), as on the ticket page.
  if (t.number_in_order > 0) j["ref"] = FormatTicketRef(t.order_code, t.number_in_order);
  return j;
}

std::vector<storage::TicketRow> Rows(storage::Conn& c, int64_t event_id, const std::string& q,
                                     int limit, int offset, int64_t* total) {
  storage::AttendeeFilter f;
  f.event_id = event_id;
  f.q = q;
  f.limit = limit;
  f.offset = offset;
  return storage::ListAttendees(c, f, total);
}

// The CSV of `rows`; check-in times also as wall-clock time in `zone` (the event's).
std::string ToCsv(const std::vector<storage::TicketRow>& rows, const std::string& zone) {
  std::string out =
      "ticket_id,holder_name,holder_email,ticket_type,order_code,status,checked_in_at,"
      "ticket_ref,checked_in_local,time_zone\r\n";
  for (const auto& t : rows) {
    out += std::to_string(t.id);
    const std::string status(ToString(t.status));
    for (const std::string* cell : {&t.holder_name, &t.holder_email, &t.ticket_type_name,
                                    &t.order_code, &status}) {
      out += ',';
      out += CsvCell(*cell);
    }
    out += ',';
    out += CsvCell(t.checked_in_at.value_or(""));
    out += ',';
    out += CsvCell(t.number_in_order > 0 ? FormatTicketRef(t.order_code, t.number_in_order) : "");
    out += ',';
    const std::optional<int64_t> at = t.checked_in_at ? ParseRfc3339(*t.checked_in_at) : std::nullopt;
    out += at ? LocalWallText(*at, zone) : std::string();
    out += ',';
    out += CsvCell(zone);
    out += "\r\n";
  }
  return out;
}

}  // namespace

std::string CsvCell(const std::string& value) {
  std::string cell = value;
  // A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
  if (!cell.empty() && (cell[0] == '=' || cell[0] == '+' || cell[0] == '-' || cell[0] == '@' ||
                        cell[0] == '\t' || cell[0] == '\r')) {
    cell.insert(cell.begin(), '\'');
  }
  if (cell.find_first_of(",\"\r\n") == std::string::npos) return cell;
  std::string quoted = "\"";
  for (char ch : cell) {
    if (ch == '"') quoted += '"';
    quoted += ch;
  }
  quoted += '"';
  return quoted;
}

Result<json> List(App& app, const AuthUser& user, const Query& query) {
  storage::Conn& c = app.db().Reader();
  auto e = LoadEvent(c, &user, query.event_id, EventAccess::kStaff);
  if (!e) return e.error();
  int64_t total = 0;
  json items = json::array();
  for (const auto& t :
       Rows(c, query.event_id, query.q, query.page.limit, query.page.offset, &total)) {
    items.push_back(AttendeeJson(t));
  }
  return json{{"items", items},
              {"total", total},
              {"limit", query.page.limit},
              {"offset", query.page.offset}};
}

Result<std::string> Csv(App& app, const AuthUser& user, const Query& query) {
  storage::Conn& c = app.db().Reader();
  auto e = LoadEvent(c, &user, query.event_id, EventAccess::kStaff);
  if (!e) return e.error();
  int64_t total = 0;
  return ToCsv(Rows(c, query.event_id, query.q, -1, 0, &total),
               events::ZoneInEffect(*e, *app.settings().Snapshot()));
}

Result<json> Export(App& app, int64_t event_id) {
  storage::Conn& c = app.db().Reader();
  if (!storage::FindEvent(c, event_id)) return Error::NotFound("No such event.");
  int64_t total = 0;
  json items = json::array();
  for (const auto& t : Rows(c, event_id, "", -1, 0, &total)) items.push_back(AttendeeJson(t));
  return items;
}

Result<std::string> ExportCsv(App& app, int64_t event_id) {
  storage::Conn& c = app.db().Reader();
  const auto e = storage::FindEvent(c, event_id);
  if (!e) return Error::NotFound("No such event.");
  int64_t total = 0;
  return ToCsv(Rows(c, event_id, "", -1, 0, &total),
               events::ZoneInEffect(*e, *app.settings().Snapshot()));
}

}  // namespace lanyard::attendees
