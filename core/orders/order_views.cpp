#include "core/orders/order_views.h"

#include <optional>

#include "core/checkin/tickets.h"
#include "core/common/links.h"
#include "core/common/money.h"
#include "core/mail/mail_time.h"
#include "core/orders/order_steps.h"
#include "storage/order_holders_repo.h"
#include "storage/payments_repo.h"

namespace lanyard::orders {

using nlohmann::json;

namespace {

json Opt(const std::optional<std::string>& v) { return v ? json(*v) : json(); }
json Opt(const std::optional<int64_t>& v) { return v ? json(*v) : json(); }

}  // namespace

json ReceivedView(const storage::OrderPaymentRow& p) {
  json out = {{"amount", p.amount},
              {"via", p.via},
              {"reference", p.reference},
              {"recorded_by", Opt(p.recorded_by)},
              {"recorded_by_name", p.recorded_by_name},
              {"recorded_at", p.recorded_at}};
  if (p.statement_id) out["statement"] = {{"id", *p.statement_id}, {"line", Opt(p.line_n)}, {"date", Opt(p.bank_date)}};
  return out;
}

json ProofView(const storage::ProofRow& p) {
  return {{"id", p.id},
          {"filename", p.filename},
          {"content_type", p.content_type},
          {"size", p.size},
          {"note", p.note},
          {"status", ToString(p.status)},
          {"reject_reason", Opt(p.reject_reason)},
          {"reviewed_by", Opt(p.reviewed_by)},
          {"reviewed_at", Opt(p.reviewed_at)},
          {"created_at", p.created_at},
          {"url", Links().PaymentProofFile(p.id)}};
}

// Built key by key into the object: nlohmann's nested initializer lists build every pair as a
// two-element array first and copy it, which made this view a tenth of a flash sale's CPU.
json OrderView(const storage::OrderRow& o, const std::vector<storage::ProofRow>& proofs,
               const std::vector<json>& tickets, const json& settings) {
  json out = json::object();
  out["id"] = o.id;
  out["code"] = o.code;
  out["event_id"] = o.event_id;
  out["event_title"] = o.event_title;
  out["event_time_zone"] = o.event_time_zone.empty() ? json() : json(o.event_time_zone);
  out["user_id"] = o.user_id;
  json& user = out["user"];
  user["name"] = o.user_name;
  user["email"] = o.user_email;
  out["status"] = ToString(o.status);
  json& items = out["items"] = json::array();
  for (const auto& i : o.items) {
    json& item = items.emplace_back(json::object());
    item["ticket_type_id"] = i.ticket_type_id;
    item["ticket_type"] = i.ticket_type_name;
    item["quantity"] = i.quantity;
    item["unit_price"] = i.unit_price;
  }
  out["total"] = o.total;
  out["currency"] = o.currency;
  out["total_display"] = FormatMoney(o.total, settings);
  out["amount_paid"] = o.amount_paid;
  out["amount_due"] = AmountDue(o.total, o.amount_paid);
  out["created_at"] = o.created_at;
  out["expires_at"] = Opt(o.expires_at);
  out["paid_at"] = Opt(o.paid_at);
  out["closed_at"] = Opt(o.closed_at);
  out["close_reason"] = Opt(o.close_reason);
  json& payment = out["payment"];
  payment["method"] = o.payment_method;
  json& proof_list = payment["proofs"] = json::array();
  for (const auto& p : proofs) proof_list.push_back(ProofView(p));
  payment["confirmed_by"] = Opt(o.confirmed_by);
  payment["confirmed_at"] = Opt(o.confirmed_at);
  payment["amount_received"] = Opt(o.amount_received);
  payment["note"] = Opt(o.payment_note);
  payment["received"] = json::array();
  out["tickets"] = tickets;
  if (o.amount_paid > o.total) out["amount_overpaid"] = o.amount_paid - o.total;
  if (o.status == OrderStatus::kPending) {
    out["bank_instructions"] = settings["bank_instructions"];
    out["payment_reference"] = o.code;
  }
  return out;
}

json HoldersView(const storage::OrderRow& o, const std::vector<storage::OrderHolderRow>& holders) {
  // Positions run over the items in order: the first `quantity` are the first item's type.
  std::vector<std::string> types;
  for (const auto& i : o.items) {
    for (int64_t n = 0; n < i.quantity; ++n) types.push_back(i.ticket_type_name);
  }
  json out = json::array();
  for (const auto& h : holders) {
    const size_t at = static_cast<size_t>(h.position - 1);
    out.push_back({{"position", h.position},
                   {"ticket_type", at < types.size() ? json(types[at]) : json()},
                   {"name", h.name},
                   {"email", h.email}});
  }
  return out;
}

json LoadOrderView(storage::Conn& c, const storage::OrderRow& o, const json& settings) {
  json out = OrderView(o, storage::ListProofs(c, o.id), OrderTicketsJson(c, o.id), settings);
  out["holders"] = HoldersView(o, storage::OrderHolders(c, o.id));
  for (const auto& p : storage::OrderPayments(c, o.id)) out["payment"]["received"].push_back(ReceivedView(p));
  return out;
}

json LoadOrderView(storage::Conn& c, int64_t order_id, const json& settings) {
  return LoadOrderView(c, storage::FindOrder(c, order_id).value(), settings);
}

json OrderMailData(App& app, const storage::OrderRow& o, const json& settings) {
  json data = {{"order_code", o.code},
               {"order_url", app.BaseUrl() + "/account/orders/" + std::to_string(o.id)},
               {"event_title", o.event_title},
               {"event_starts_at", MailTime(std::string_view(o.event_starts_at))},
               {"amount", FormatMoney(o.total, settings)}};
  SetMailZone(data, o.event_time_zone);
  return data;
}

}  // namespace lanyard::orders
