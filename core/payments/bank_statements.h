#pragma once
// The payment desk's bank statements (SPEC §6 "Bank statements and partial payments"): upload an
// export of the account for an event, see each credit line matched to an order, apply the lines
// a person ticked (each becomes a payment on its order exactly once), and assign by hand the
// money that matched nothing. Who: staff and admins on every event, an organizer on their own;
// a statement of an event the caller may not staff is a 404.
//
// Thread-safe: reads use the calling thread's reader, changes run as write units.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/accounts/auth_user.h"
#include "core/app.h"
#include "core/common/result.h"
#include "core/ops/audit.h"
#include "core/payments/statement_reader.h"

namespace lanyard::payments {

constexpr size_t kMaxStatementBytes = 5 * 1024 * 1024;
constexpr size_t kMaxStatementLines = 20000;

struct StatementUpload {
  int64_t event_id = 0;
  std::string filename;
  std::string bytes;                    // the CSV file
  std::optional<ColumnMapping> columns; // remembered for the event when given
};

// → the statement view {id, event_id, filename, columns, debits_ignored, counts, lines[{n, date,
// amount, description, match{kind, order_id?, code?, amount_due?, reason?}, order?}]}.
// payload_too_large over kMaxStatementBytes; validation_failed (file, columns) for a file that
// is not a readable statement; not_found / forbidden by event access.
Result<nlohmann::json> UploadStatement(App& app, const AuthUser& user, const StatementUpload& in);

// The statement view with each line's current match.
Result<nlohmann::json> GetStatement(App& app, const AuthUser& user, int64_t statement_id);

// The event's statements, newest first (without lines): {items}.
Result<nlohmann::json> ListStatements(App& app, const AuthUser& user, int64_t event_id);

// Applies `lines` (1-based n; default: every exact, partial and overpaid line) as payments:
// → {applied:[{n, order_id, amount, kind, paid}], skipped:[{n, reason}], statement}. A line whose
// identity (date, amount, description) is already recorded is skipped, never paid twice.
// validation_failed (lines) for numbers the statement does not have.
Result<nlohmann::json> ApplyStatement(App& app, const AuthUser& user, int64_t statement_id,
                                      const std::optional<std::vector<int64_t>>& lines);

// Whether the caller may work on the statement (staff of its event): ok, not_found or forbidden.
// A read, for routes that refuse a caller before reading the body.
Status CheckStatementAccess(App& app, const AuthUser& user, int64_t statement_id);

// Records line `n` as a payment on `order_id` (an order of the statement's event) by hand.
// → {n, order_id, amount, paid, order}. Conflicts: already_applied, order_not_pending (closed
// order); validation_failed for a line without date or amount, or an order of another event.
Result<nlohmann::json> AssignLine(App& app, const AuthUser& user, int64_t statement_id, int64_t n,
                                  int64_t order_id);

// Credits of the event's statements that matched nothing (unmatched or ambiguous) and are not
// applied yet, one per bank line identity: {items:[{statement_id, n, date, amount, description,
// reason, code?}], total, limit, offset}.
Result<nlohmann::json> ListUnmatched(App& app, const AuthUser& user, int64_t event_id, ListPage page);

}  // namespace lanyard::payments
