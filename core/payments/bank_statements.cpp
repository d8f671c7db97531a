#include "core/payments/bank_statements.h"

#include <map>
#include <set>

#include "core/common/time_util.h"
#include "core/common/uploads.h"
#include "core/common/write_unit.h"
#include "core/events/event_access.h"
#include "core/orders/payment_record.h"
#include "core/payments/statement_matcher.h"
#include "core/payments/statement_views.h"
#include "storage/payments_repo.h"

namespace lanyard::payments {

using nlohmann::json;

namespace {

StatementLine ToLine(const storage::StatementLineRow& r) {
  StatementLine l;
  l.n = static_cast<int>(r.n);
  l.date = r.date;
  l.amount = r.amount;
  l.description = r.description;
  l.date_text = r.date_text;
  l.amount_text = r.amount_text;
  l.problem = r.problem;
  return l;
}

std::vector<StatementLine> ToLines(const std::vector<storage::StatementLineRow>& rows) {
  std::vector<StatementLine> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(ToLine(r));
  return out;
}

// Matches lines against the orders and payments as `c` sees them now.
std::vector<LineMatch> MatchNow(storage::Conn& c, int64_t event_id, const std::vector<StatementLine>& lines) {
  MatchLookups lookups{
      [&c](const std::string& code) -> std::optional<OrderToMatch> {
        auto o = storage::FindOrderBalanceByCode(c, code);
        if (!o) return std::nullopt;
        return OrderToMatch{o->id, o->code, o->event_id, o->status, o->total, o->amount_paid};
      },
      [&c](const StatementLine& l) -> std::optional<int64_t> {
        if (!l.date || !l.amount) return std::nullopt;
        return storage::BankLineOrder(c, *l.date, *l.amount, l.description);
      }};
  return MatchLines(lines, event_id, lookups);
}

// Loads a statement whose event the caller may staff (not_found otherwise).
Result<storage::StatementRow> LoadStatement(storage::Conn& c, const AuthUser& user, int64_t id) {
  auto s = storage::FindStatement(c, id);
  if (!s) return Error::NotFound("No such bank statement.");
  auto e = LoadEvent(c, &user, s->event_id, EventAccess::kStaff);
  if (!e) return e.error().code == codes::kForbidden ? e.error() : Error::NotFound("No such bank statement.");
  return *s;
}

}  // namespace

Status CheckStatementAccess(App& app, const AuthUser& user, int64_t statement_id) {
  auto s = LoadStatement(app.db().Reader(), user, statement_id);
  if (!s) return s.error();
  return OkStatus();
}

namespace {

json StatementNow(App& app, storage::Conn& c, const storage::StatementRow& s) {
  const auto lines = ToLines(storage::StatementLines(c, s.id));
  return StatementView(c, s, lines, MatchNow(c, s.event_id, lines), *app.settings().Snapshot());
}

json MappingJson(const ColumnMapping& m) {
  json out = json::object();
  if (m.date) out["date"] = *m.date;
  if (m.amount) out["amount"] = *m.amount;
  if (m.description) out["description"] = *m.description;
  return out;
}

ColumnMapping MappingFromJson(const std::string& text) {
  ColumnMapping m;
  const json j = json::parse(text, nullptr, false);
  if (!j.is_object()) return m;
  if (j.contains("date") && j["date"].is_string()) m.date = j["date"].get<std::string>();
  if (j.contains("amount") && j["amount"].is_string()) m.amount = j["amount"].get<std::string>();
  if (j.contains("description") && j["description"].is_string()) m.description = j["description"].get<std::string>();
  return m;
}

int CurrentYear() { return std::stoi(NowRfc3339().substr(0, 4)); }

std::string LineReference(int64_t statement_id, int64_t n) {
  return "statement " + std::to_string(statement_id) + " line " + std::to_string(n);
}

// Records one line as a payment on `order_id` inside the unit and audits it.
Result<orders::RecordedPayment> RecordLine(App& app, storage::Conn& c, const AuthUser& user,
                                           const storage::StatementRow& s, const StatementLine& line,
                                           int64_t order_id, const std::string& action, const json& settings) {
  orders::PaymentToRecord p;
  p.amount = *line.amount;
  p.via = "bank_statement";
  p.reference = LineReference(s.id, line.n);
  p.recorded_by = user.id;
  p.statement_id = s.id;
  p.line_n = line.n;
  p.bank_date = line.date;
  p.bank_description = line.description;
  auto recorded = orders::RecordPaymentInUnit(app, c, order_id, p, settings);
  if (!recorded) return recorded.error();
  WriteAudit(c, user.id, action, "order", order_id,
             {{"statement_id", s.id},
              {"line", line.n},
              {"date", *line.date},
              {"amount", *line.amount},
              {"description", line.description},
              {"amount_paid", recorded->amount_paid},
              {"paid", recorded->paid_now}});
  return recorded;
}

}  // namespace

Result<json> UploadStatement(App& app, const AuthUser& user, const StatementUpload& in) {
  if (in.bytes.size() > kMaxStatementBytes) {
    return Error::Make(codes::kPayloadTooLarge, "A statement file may be at most 5 MB.");
  }
  const auto settings = app.settings().Snapshot();
  storage::Conn& reader = app.db().Reader();
  auto event = LoadEvent(reader, &user, in.event_id, EventAccess::kStaff);
  if (!event) return event.error();
  const int minor_digits = static_cast<int>((*settings)["currency_minor_digits"].get<int64_t>());
  ColumnMapping mapping = in.columns.value_or(ColumnMapping{});
  std::optional<ParsedStatement> parsed;
  if (!in.columns) {
    // The event's remembered mapping first; detection when it no longer fits the file.
    if (auto remembered = storage::FindColumnMap(reader, in.event_id)) {
      auto with_remembered = ReadStatement(in.bytes, MappingFromJson(*remembered), minor_digits, CurrentYear());
      if (with_remembered) parsed = std::move(*with_remembered);
    }
  }
  if (!parsed) {
    auto read = ReadStatement(in.bytes, mapping, minor_digits, CurrentYear());
    if (!read) return read.error();
    parsed = std::move(*read);
  }
  if (parsed->lines.size() > kMaxStatementLines) {
    return Error::Invalid("file", "has more than " + std::to_string(kMaxStatementLines) + " credit lines");
  }
  storage::StatementRow row;
  row.event_id = in.event_id;
  row.uploaded_by = user.id;
  row.filename = SafeFilename(in.filename, "statement.csv");
  row.separator = std::string(1, parsed->separator);
  row.date_column = parsed->date_column;
  row.amount_column = parsed->amount_column;
  row.description_column = parsed->description_column;
  row.debits_ignored = parsed->debits_ignored;
  row.created_at = NowRfc3339();
  auto id = WriteUnit<int64_t>(app.db(), [&](storage::Conn& c) -> Result<int64_t> {
    const int64_t statement_id = storage::InsertStatement(c, row);
    for (const auto& l : parsed->lines) {
      storage::InsertStatementLine(c, {statement_id, l.n, l.date, l.amount, l.description, l.date_text,
                                       l.amount_text, l.problem});
    }
    if (in.columns) storage::SaveColumnMap(c, in.event_id, MappingJson(*in.columns).dump(), row.created_at);
    return statement_id;
  });
  if (!id) return id.error();
  row.id = *id;
  return StatementView(reader, row, parsed->lines, MatchNow(reader, row.event_id, parsed->lines), *settings);
}

Result<json> GetStatement(App& app, const AuthUser& user, int64_t statement_id) {
  storage::Conn& c = app.db().Reader();
  auto s = LoadStatement(c, user, statement_id);
  if (!s) return s.error();
  return StatementNow(app, c, *s);
}

Result<json> ListStatements(App& app, const AuthUser& user, int64_t event_id) {
  storage::Conn& c = app.db().Reader();
  auto e = LoadEvent(c, &user, event_id, EventAccess::kStaff);
  if (!e) return e.error();
  json items = json::array();
  for (const auto& s : storage::EventStatements(c, event_id, 50)) items.push_back(StatementSummaryView(s));
  return json{{"items", items}};
}

Result<json> ApplyStatement(App& app, const AuthUser& user, int64_t statement_id,
                            const std::optional<std::vector<int64_t>>& lines) {
  const auto settings = app.settings().Snapshot();
  struct Outcome {
    json applied = json::array(), skipped = json::array();
    storage::StatementRow statement;
  };
  auto outcome = WriteUnit<Outcome>(app.db(), [&](storage::Conn& c) -> Result<Outcome> {
    auto s = LoadStatement(c, user, statement_id);
    if (!s) return s.error();
    Outcome out;
    out.statement = *s;
    const auto all = ToLines(storage::StatementLines(c, s->id));
    const auto matches = MatchNow(c, s->event_id, all);
    std::set<int64_t> chosen;
    if (lines) {
      for (int64_t n : *lines) {
        if (n < 1 || n > static_cast<int64_t>(all.size())) {
          return Error::Invalid("lines", "line " + std::to_string(n) + " is not in this statement");
        }
        chosen.insert(n);
      }
    }
    for (size_t i = 0; i < all.size(); ++i) {
      const StatementLine& line = all[i];
      const LineMatch& m = matches[i];
      const bool applicable = m.kind == MatchKind::kExact || m.kind == MatchKind::kPartial ||
                              m.kind == MatchKind::kOverpaid;
      if (lines ? !chosen.count(line.n) : !applicable) continue;
      if (!applicable) {
        out.skipped.push_back({{"n", line.n}, {"reason", MatchKindName(m.kind)}});
        continue;
      }
      auto recorded = RecordLine(app, c, user, *s, line, *m.order_id, "payment.bank_statement", *settings);
      if (!recorded) {
        // A line another line of this batch already recorded (same identity) is skipped.
        if (recorded.error().code != codes::kAlreadyApplied) return recorded.error();
        out.skipped.push_back({{"n", line.n}, {"reason", "already_applied"}});
        continue;
      }
      out.applied.push_back({{"n", line.n},
                             {"order_id", *m.order_id},
                             {"code", m.code},
                             {"amount", *line.amount},
                             {"kind", MatchKindName(m.kind)},
                             {"paid", recorded->paid_now}});
    }
    return out;
  });
  if (!outcome) return outcome.error();
  storage::Conn& reader = app.db().Reader();
  return json{{"applied", outcome->applied},
              {"skipped", outcome->skipped},
              {"statement", StatementNow(app, reader, outcome->statement)}};
}

Result<json> AssignLine(App& app, const AuthUser& user, int64_t statement_id, int64_t n, int64_t order_id) {
  const auto settings = app.settings().Snapshot();
  auto recorded = WriteUnit<orders::RecordedPayment>(app.db(), [&](storage::Conn& c) -> Result<orders::RecordedPayment> {
    auto s = LoadStatement(c, user, statement_id);
    if (!s) return s.error();
    const auto rows = storage::StatementLines(c, s->id);
    if (n < 1 || n > static_cast<int64_t>(rows.size())) return Error::NotFound("No such line in this statement.");
    const StatementLine line = ToLine(rows[static_cast<size_t>(n - 1)]);
    if (!line.date || !line.amount) {
      return Error::Invalid("n", "this line has no readable date and amount: it cannot be recorded");
    }
    auto order = storage::FindOrderBalance(c, order_id);
    if (!order || order->event_id != s->event_id) {
      return Error::Invalid("order_id", "is not an order of this statement's event");
    }
    return RecordLine(app, c, user, *s, line, order_id, "payment.bank_assign", *settings);
  });
  if (!recorded) return recorded.error();
  return json{{"n", n}, {"order_id", order_id}, {"amount_paid", recorded->amount_paid}, {"paid", recorded->paid_now}};
}

Result<json> ListUnmatched(App& app, const AuthUser& user, int64_t event_id, ListPage page) {
  storage::Conn& c = app.db().Reader();
  auto e = LoadEvent(c, &user, event_id, EventAccess::kStaff);
  if (!e) return e.error();
  const auto settings = app.settings().Snapshot();
  const auto rows = storage::UnappliedEventLines(c, event_id, static_cast<int>(kMaxStatementLines));
  const auto lines = ToLines(rows);
  const auto matches = MatchNow(c, event_id, lines);
  std::set<std::tuple<std::string, int64_t, std::string>> seen;
  json all = json::array();
  for (size_t i = 0; i < lines.size(); ++i) {
    const auto& m = matches[i];
    if (m.kind != MatchKind::kUnmatched && m.kind != MatchKind::kAmbiguous) continue;
    const auto& l = lines[i];
    if (l.date && l.amount && !seen.insert({*l.date, *l.amount, l.description}).second) continue;
    all.push_back(UnmatchedCreditView(rows[i].statement_id, l, m, *settings));
  }
  json items = json::array();
  for (size_t i = static_cast<size_t>(page.offset); i < all.size() && items.size() < static_cast<size_t>(page.limit); ++i) {
    items.push_back(all[i]);
  }
  return json{{"items", items}, {"total", all.size()}, {"limit", page.limit}, {"offset", page.offset}};
}

}  // namespace lanyard::payments
