#include "core/payments/statement_views.h"

#include <map>

#include "core/common/money.h"

namespace lanyard::payments {

using nlohmann::json;

namespace {

json LineBase(const StatementLine& l, const json& settings) {
  return {{"n", l.n},
          {"date", l.date ? json(*l.date) : json()},
          {"amount", l.amount ? json(*l.amount) : json()},
          {"amount_display", l.amount ? json(FormatMoney(*l.amount, settings)) : json()},
          {"description", l.description},
          {"date_text", l.date_text},
          {"amount_text", l.amount_text}};
}

}  // namespace

json MatchView(const LineMatch& m) {
  json out = {{"kind", MatchKindName(m.kind)}};
  if (m.order_id) out["order_id"] = *m.order_id;
  if (!m.code.empty()) out["code"] = m.code;
  if (m.amount_due) out["amount_due"] = *m.amount_due;
  if (!m.reason.empty()) out["reason"] = m.reason;
  return out;
}

json StatementSummaryView(const storage::StatementRow& s) {
  return {{"id", s.id},
          {"event_id", s.event_id},
          {"filename", s.filename},
          {"created_at", s.created_at},
          {"uploaded_by", s.uploaded_by},
          {"separator", s.separator},
          {"columns", {{"date", s.date_column}, {"amount", s.amount_column}, {"description", s.description_column}}},
          {"debits_ignored", s.debits_ignored}};
}

json StatementView(storage::Conn& c, const storage::StatementRow& s, const std::vector<StatementLine>& lines,
                   const std::vector<LineMatch>& matches, const json& settings) {
  json out = StatementSummaryView(s);
  std::map<std::string, int> counts = {{"exact", 0}, {"partial", 0}, {"overpaid", 0},
                                       {"ambiguous", 0}, {"unmatched", 0}, {"already_applied", 0}};
  std::map<int64_t, json> orders;  // order summaries, loaded once each
  json items = json::array();
  for (size_t i = 0; i < lines.size(); ++i) {
    json line = LineBase(lines[i], settings);
    line["match"] = MatchView(matches[i]);
    ++counts[MatchKindName(matches[i].kind)];
    if (const auto& id = matches[i].order_id) {
      auto [it, fresh] = orders.try_emplace(*id);
      if (fresh) {
        if (auto o = storage::FindOrderBalance(c, *id)) {
          it->second = {{"id", o->id},
                        {"code", o->code},
                        {"status", o->status},
                        {"total", o->total},
                        {"amount_paid", o->amount_paid},
                        {"amount_due", std::max<int64_t>(0, o->total - o->amount_paid)},
                        {"total_display", FormatMoney(o->total, settings)},
                        {"buyer", o->buyer_name}};
        }
      }
      if (!it->second.is_null()) line["order"] = it->second;
    }
    items.push_back(std::move(line));
  }
  out["counts"] = counts;
  out["lines"] = std::move(items);
  return out;
}

json UnmatchedCreditView(int64_t statement_id, const StatementLine& line, const LineMatch& m, const json& settings) {
  json out = LineBase(line, settings);
  out["statement_id"] = statement_id;
  out["kind"] = MatchKindName(m.kind);
  out["reason"] = m.reason;
  if (!m.code.empty()) out["code"] = m.code;
  return out;
}

}  // namespace lanyard::payments
