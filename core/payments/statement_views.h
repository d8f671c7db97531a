#pragma once
// The JSON of bank statements and their lines (SPEC §6), built from rows outside write units.
// Reads order summaries through the given connection; thread-safe with the caller's reader.
#include <nlohmann/json.hpp>
#include <vector>

#include "core/payments/statement_matcher.h"
#include "storage/payments_repo.h"

namespace lanyard::payments {

// {kind, order_id?, code?, amount_due?, reason?}
nlohmann::json MatchView(const LineMatch& m);

// {id, event_id, filename, created_at, uploaded_by, separator, columns{date, amount,
// description}, debits_ignored}
nlohmann::json StatementSummaryView(const storage::StatementRow& s);

// The summary with counts{kind: N} and lines[{n, date, amount, amount_display, description,
// date_text, amount_text, match, order?{id, code, status, total, amount_paid, buyer}}].
nlohmann::json StatementView(storage::Conn& c, const storage::StatementRow& s,
                             const std::vector<StatementLine>& lines,
                             const std::vector<LineMatch>& matches, const nlohmann::json& settings);

// {statement_id, n, date, amount, amount_display, description, kind, reason, code?}
nlohmann::json UnmatchedCreditView(int64_t statement_id, const StatementLine& line, const LineMatch& m,
                                   const nlohmann::json& settings);

}  // namespace lanyard::payments
