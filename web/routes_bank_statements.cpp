// SPEC §6 "Bank statements and partial payments": statement upload, matching, applying, and the
// money that matched nothing.
#include "core/events/events.h"
#include "core/payments/bank_statements.h"
#include "web/router.h"

namespace lanyard::web {

namespace {

// The optional `columns` form field: a JSON object {date?, amount?, description?} whose values
// are header names or 0-based indexes. nullopt when absent; an error reply when malformed.
bool ReadColumns(Ctx& ctx, std::optional<payments::ColumnMapping>* out) {
  const std::string text = ctx.FormField("columns");
  if (text.empty()) return true;
  const nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_object()) {
    ctx.Fail(Error::BadRequest("columns must be a JSON object {date, amount, description}."));
    return false;
  }
  payments::ColumnMapping m;
  std::map<std::string, std::string> bad;
  auto read = [&](const char* key, std::optional<std::string>* into) {
    if (!j.contains(key) || j[key].is_null()) return;
    const auto& v = j[key];
    if (v.is_string() && !v.get<std::string>().empty() && v.get<std::string>().size() <= 200) {
      *into = v.get<std::string>();
    } else if (v.is_number_integer() && v.get<int64_t>() >= 0 && v.get<int64_t>() < 1000) {
      *into = std::to_string(v.get<int64_t>());
    } else {
      bad[std::string("columns.") + key] = "must be a column name or a 0-based index";
    }
  };
  read("date", &m.date);
  read("amount", &m.amount);
  read("description", &m.description);
  if (!bad.empty()) {
    ctx.Fail(Error::Invalid(bad));
    return false;
  }
  if (!m.empty()) *out = m;
  return true;
}

// {lines?: [n...]}: nullopt when absent; false after replying when malformed.
bool ReadLines(Ctx& ctx, std::optional<std::vector<int64_t>>* out) {
  nlohmann::json body;
  if (!ctx.ReadJson(&body)) return false;
  BodyReader r(body);
  const nlohmann::json* lines = r.Raw("lines");
  if (!lines) return true;
  if (!lines->is_array() || lines->size() > payments::kMaxStatementLines) {
    ctx.Fail(Error::BadRequest("lines must be an array of line numbers."));
    return false;
  }
  std::vector<int64_t> ns;
  for (const auto& n : *lines) {
    if (!n.is_number_integer()) {
      ctx.Fail(Error::BadRequest("lines must be an array of line numbers."));
      return false;
    }
    ns.push_back(n.get<int64_t>());
  }
  *out = std::move(ns);
  return true;
}

}  // namespace

void AddBankStatementRoutes(RouteTable& t) {
  t.Add({"POST", "/events/{id}/bank-statements", Access::kStaff, "payments",
         "Upload a bank statement export (multipart file: CSV up to 5 MB; optional columns "
         "{date, amount, description} as names or 0-based indexes, remembered for the event). "
         "Credits are matched to orders by code and amount; nothing is applied yet.",
         {201, 400, 401, 403, 404, 413, 415},
         [](Ctx& ctx) {
           const int64_t event_id = ctx.Id().value_or(0);
           if (!ctx.Allowed(events::CheckAccess(ctx.app, ctx.me(), event_id, EventAccess::kStaff))) return;
           auto file = ctx.FilePart();
           if (!file) return ctx.Fail(file.error());
           payments::StatementUpload in;
           if (!ReadColumns(ctx, &in.columns)) return;
           in.event_id = event_id;
           in.filename = file->filename;
           in.bytes = file->content;
           ctx.Reply(payments::UploadStatement(ctx.app, ctx.me(), in), 201);
         },
         true,
         "Lines: [{n, date, amount, description, match{kind: exact|partial|overpaid|ambiguous|"
         "unmatched|already_applied, order_id?, code?, amount_due?, reason?}, order?}]. Reasons: "
         "amount_unreadable, date_unreadable, no_order_code, several_codes, other_event, order_closed."});
  t.Add({"GET", "/events/{id}/bank-statements", Access::kStaff, "payments",
         "The event's uploaded bank statements, newest first (without lines).", {200, 401, 403, 404},
         [](Ctx& ctx) { ctx.Reply(payments::ListStatements(ctx.app, ctx.me(), ctx.Id().value_or(0))); },
         false, ""});
  t.Add({"GET", "/bank-statements/{id}", Access::kStaff, "payments",
         "A bank statement and its lines, each with its current match.", {200, 401, 403, 404},
         [](Ctx& ctx) { ctx.Reply(payments::GetStatement(ctx.app, ctx.me(), ctx.Id().value_or(0))); },
         false, ""});
  t.Add({"POST", "/bank-statements/{id}/apply", Access::kStaff, "payments",
         "Apply lines {lines?: [n...]} (default: every exact, partial and overpaid line) as "
         "payments on their orders, each bank line (date, amount, description) once ever; fully "
         "paid orders get their tickets mailed. → {applied, skipped, statement}.",
         {200, 400, 401, 403, 404},
         [](Ctx& ctx) {
           std::optional<std::vector<int64_t>> lines;
           if (!ReadLines(ctx, &lines)) return;
           ctx.Reply(payments::ApplyStatement(ctx.app, ctx.me(), ctx.Id().value_or(0), lines));
         },
         false, ""});
  t.Add({"POST", "/bank-statements/{id}/lines/{n}/assign", Access::kStaff, "payments",
         "Record a line that matched nothing as a payment on an order of the event, by hand "
         "{order_id}.",
         {200, 400, 401, 403, 404, 409},
         [](Ctx& ctx) {
           if (!ctx.Allowed(payments::CheckStatementAccess(ctx.app, ctx.me(), ctx.Id(1).value_or(0)))) return;
           nlohmann::json body;
           if (!ctx.ReadJson(&body)) return;
           BodyReader r(body);
           auto order_id = r.Int("order_id");
           if (!ctx.Check(r)) return;
           if (!order_id) return ctx.Fail(Error::Invalid("order_id", "is required"));
           ctx.Reply(payments::AssignLine(ctx.app, ctx.me(), ctx.Id(1).value_or(0), ctx.Id(2).value_or(0),
                                          *order_id));
         },
         false, ""});
  t.Add({"GET", "/events/{id}/unmatched-credits", Access::kStaff, "payments",
         "Credits of the event's statements that matched no order (unmatched or ambiguous) and "
         "are not recorded yet, one per bank line; assign them by hand.",
         {200, 400, 401, 403, 404},
         [](Ctx& ctx) {
           auto page = ctx.Page();
           if (!page) return ctx.Fail(page.error());
           ctx.Reply(payments::ListUnmatched(ctx.app, ctx.me(), ctx.Id().value_or(0), *page));
         },
         false, ""});
}

}  // namespace lanyard::web
