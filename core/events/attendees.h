#pragma once
// The attendee list of an event (SPEC §4): its valid tickets with holder, ticket type, order
// code and check-in time. Shared by GET /events/{id}/attendees and `lanyard export attendees`.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "core/app.h"
#include "core/ops/audit.h"
#include "core/accounts/auth_user.h"
#include "core/common/result.h"

namespace lanyard::attendees {

struct Query {
  int64_t event_id = 0;
  std::string q;        // substring of holder name, holder email or order code
  ListPage page;        // ignored by the export functions, which return every row
};

// One attendee: {ticket_id, holder_name, holder_email, ticket_type_id, ticket_type, order_id,
// order_code, status, checked_in_at}.

// Paged {items, total, limit, offset}. The event's owner, staff and admins (EventAccess::kStaff).
Result<nlohmann::json> List(App& app, const AuthUser& user, const Query& query);
// Every matching row as CSV (header row first, CRLF line ends, RFC 4180 quoting; cells that a
// spreadsheet would run as a formula get a leading '). Same access as List. Columns:
//   ticket_id, holder_name, holder_email, ticket_type, order_code, status,
//   checked_in_at (RFC 3339 UTC, for machines; empty when not checked in),
//   ticket_ref (the short reference pages show and the door types, K7QX2M9A-2),
//   checked_in_local ("YYYY-MM-DD HH:MM:SS" in the event's zone), time_zone (that zone's
//   IANA name: the event's own, else the deployment's).
Result<std::string> Csv(App& app, const AuthUser& user, const Query& query);

// For the command line (the operator owns the data directory): no access check; not_found
// when the event does not exist. `Export` gives a JSON array of every row.
Result<nlohmann::json> Export(App& app, int64_t event_id);
Result<std::string> ExportCsv(App& app, int64_t event_id);

// One CSV cell: quoted when needed, formula-looking text (= + - @, tab, CR) prefixed with '.
std::string CsvCell(const std::string& value);

}  // namespace lanyard::attendees
