// orders::Create: the quota-safe order of SPEC §6, and the order code.
#include <set>

#include "core/common/crypto.h"
#include "core/common/money.h"
#include "core/common/time_util.h"
#include "core/common/write_unit.h"
#include "core/events/ticket_types.h"
#include "core/orders/order_code.h"
#include "core/orders/order_steps.h"
#include "core/orders/order_views.h"
#include "core/orders/orders.h"
#include "storage/admin_repo.h"
#include "storage/events_repo.h"

namespace lanyard::orders {

using nlohmann::json;

namespace {

constexpr int64_t kIdempotencyWindowSeconds = 24 * 3600;

Status CheckItems(const OrderInput& in) {
  std::map<std::string, std::string> fields;
  if (in.items.empty()) fields["items"] = "must list at least one ticket type";
  if (in.items.size() > kMaxItemsPerOrder) fields["items"] = "too many items";
  std::set<int64_t> seen;
  for (size_t i = 0; i < in.items.size(); ++i) {
    const auto& item = in.items[i];
    const std::string key = "items[" + std::to_string(i) + "]";
    if (item.quantity < 1) fields[key + ".quantity"] = "must be at least 1";
    if (item.price && *item.price < 0) fields[key + ".price"] = "must not be negative";
    if (item.price && *item.price > kMaxAmount) {
      fields[key + ".price"] = "must be at most " + std::to_string(kMaxAmount);
    }
    if (!seen.insert(item.ticket_type_id).second) fields[key + ".ticket_type_id"] = "appears twice";
  }
  if (!fields.empty()) return Error::Invalid(fields);
  return OkStatus();
}

// Prices the input's items into `o` (items and total) inside the unit: each ticket type must
// belong to the event, be on sale, allow the quantity and have the units free.
Status PriceItems(App& app, storage::Conn& c, const OrderInput& in, const std::string& now,
                  const json& settings, storage::OrderRow& o) {
  for (size_t i = 0; i < in.items.size(); ++i) {
    const OrderItemInput& item = in.items[i];
    const std::string key = "items[" + std::to_string(i) + "]";
    auto t = storage::FindTicketType(c, item.ticket_type_id);
    if (!t || t->event_id != o.event_id) {
      return Error::Invalid(key + ".ticket_type_id", "is not a ticket type of this event");
    }
    if (!ticket_types::OnSale(*t, now)) {
      return Error::Conflict(codes::kNotOnSale, "'" + t->name + "' is not on sale now.");
    }
    if (item.quantity > t->max_per_order) {
      return Error::Invalid(key + ".quantity", "must be at most " + std::to_string(t->max_per_order));
    }
    int64_t unit_price = t->price;
    if (t->kind == "pay_what_you_want") {
      unit_price = item.price.value_or(t->price);
      if (unit_price < t->price) {
        return Error::Invalid(key + ".price", "must be at least " + FormatMoney(t->price, settings));
      }
    }
    if (FreeUnits(app, c, *t, item.quantity, now, settings) < item.quantity) {
      return Error::Conflict(codes::kSoldOut, "Not enough '" + t->name + "' tickets are left.");
    }
    o.items.push_back({t->id, t->name, item.quantity, unit_price});
    o.total += item.quantity * unit_price;
  }
  return OkStatus();
}

// Inserts the order under a fresh code, its items and their counts; returns it with its id.
void InsertWithItems(storage::Conn& c, storage::OrderRow& o) {
  const bool paid = o.status == OrderStatus::kPaid;
  std::optional<int64_t> id;
  while (!id) {
    o.code = NewOrderCode();
    id = storage::InsertOrder(c, o);
  }
  o.id = *id;
  for (const auto& item : o.items) {
    storage::InsertOrderItem(c, o.id, item);
    storage::AddTicketTypeCounts(c, item.ticket_type_id, paid ? item.quantity : 0, paid ? 0 : item.quantity);
  }
}

}  // namespace

std::string NewOrderCode() {
  const std::string raw = crypto::RandomBytes(kOrderCodeLength);
  std::string code(kOrderCodeLength, 'A');
  for (size_t i = 0; i < kOrderCodeLength; ++i) code[i] = kOrderCodeAlphabet[static_cast<unsigned char>(raw[i]) & 31];
  return code;
}

Result<CreateReply> Create(App& app, const AuthUser& user, const OrderInput& in,
                           const std::string& idempotency_key, const std::string& request_path) {
  const auto settings = app.settings().Snapshot();
  if ((*settings)["require_email_confirmation"].get<bool>() && !user.email_confirmed) {
    return Error::Make(codes::kEmailNotConfirmed, "Confirm your e-mail address before ordering.");
  }
  if (idempotency_key.size() > 200) return Error::Invalid("Idempotency-Key", "must be at most 200 characters");
  Status shape = CheckItems(in);
  if (!shape.ok()) return shape.error();
  const int64_t now_s = NowSeconds();
  const std::string now = FormatRfc3339(now_s);
  const std::string window_start = FormatRfc3339(now_s - kIdempotencyWindowSeconds);
  if (!idempotency_key.empty()) {
    if (auto first = storage::FindIdempotentResponse(app.db().Reader(), user.id, idempotency_key, window_start)) {
      return CreateReply{first->status, json::parse(first->body)};
    }
  }
  const int64_t window_hours = (*settings)["payment_window_hours"].get<int64_t>();
  std::optional<storage::OrderRow> created;  // set when the reply is built after the commit
  auto reply = WriteUnit<CreateReply>(app.db(), [&](storage::Conn& c) -> Result<CreateReply> {
    if (!idempotency_key.empty()) {
      if (auto first = storage::FindIdempotentResponse(c, user.id, idempotency_key, window_start)) {
        return CreateReply{first->status, json::parse(first->body)};
      }
    }
    auto e = storage::FindEvent(c, in.event_id);
    // Someone else's draft is not there for this buyer (SPEC §1: 404, not a 409 that tells).
    if (!e || !CanSeeEvent(&user, *e)) return Error::NotFound("No such event.");
    if (e->status != EventStatus::kPublished || e->ends_at <= now) {
      return Error::Conflict(codes::kEventNotOnSale, "This event is not selling tickets.");
    }
    storage::OrderRow o;
    o.event_id = e->id;
    o.user_id = user.id;
    o.currency = (*settings)["currency"];
    o.created_at = now;
    o.user_name = user.name;
    o.user_email = user.email;
    o.user_locale = user.locale;
    o.event_title = e->title;
    o.event_time_zone = e->time_zone;  // the order mail's times lead with it
    o.event_starts_at = e->starts_at;
    Status priced = PriceItems(app, c, in, now, *settings, o);
    if (!priced) return priced.error();
    int64_t units = 0;
    for (const auto& item : o.items) units += item.quantity;
    auto holders = CheckHolders(*e, in.holders, units);
    if (!holders) return holders.error();
    const bool free_order = o.total == 0;
    o.status = free_order ? OrderStatus::kPaid : OrderStatus::kPending;
    o.payment_method = free_order ? "free" : "bank_transfer";
    if (free_order) {
      o.paid_at = now;
    } else {
      o.expires_at = FormatRfc3339(now_s + window_hours * 3600);
    }
    InsertWithItems(c, o);
    for (const auto& holder : holders.value()) storage::InsertOrderHolder(c, o.id, holder);
    if (free_order) {
      IssueAndMailTickets(app, c, o, *e);
    } else {
      QueueOrderMail(app, c, "order_placed", o, *settings,
                     {{"bank_instructions", (*settings)["bank_instructions"]}, {"expires_at", *o.expires_at}});
    }
    if (idempotency_key.empty()) {
      // The writer is serial: the reply is built after the commit, on this request's thread.
      created = std::move(o);
      return CreateReply{201, nullptr};
    }
    // The reply is kept for a repeated Idempotency-Key, so it is built inside the unit.
    json body = free_order ? LoadOrderView(c, o, *settings) : OrderView(o, {}, {}, *settings);
    storage::SaveIdempotentResponse(c, user.id, idempotency_key, {request_path, 201, body.dump()}, now);
    return CreateReply{201, std::move(body)};
  });
  if (reply.ok() && created) {
    // Committed: a reader sees the order, its items and (free) its tickets.
    const bool free_order = created->total == 0;  // paid at once, tickets issued
    reply->body = free_order ? LoadOrderView(app.db().Reader(), *created, *settings)
                      : OrderView(*created, {}, {}, *settings);
  }
  return reply;
}

}  // namespace lanyard::orders
