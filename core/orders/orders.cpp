#include "core/orders/orders.h"

#include <set>

#include "core/common/crypto.h"
#include "core/events/event_access.h"
#include "core/events/events.h"
#include "core/mail/mail_outbox.h"
#include "core/common/money.h"
#include "core/events/ticket_types.h"
#include "core/checkin/tickets.h"
#include "core/common/time_util.h"
#include "core/common/uploads.h"
#include "core/common/validation.h"
#include "storage/admin_repo.h"
#include "storage/ticket_types_repo.h"
#include "storage/users_repo.h"

namespace lanyard::orders {

using nlohmann::json;

namespace {

constexpr char kCodeAlphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";  // 32: no modulo bias
constexpr int64_t kIdempotencyWindowSeconds = 24 * 3600;

json Opt(const std::optional<std::string>& v) { return v ? json(*v) : json(); }
json Opt(const std::optional<int64_t>& v) { return v ? json(*v) : json(); }

json ProofJson(const storage::ProofRow& p) {
  return {{"id", p.id},
          {"filename", p.filename},
          {"content_type", p.content_type},
          {"size", p.size},
          {"note", p.note},
          {"status", p.status},
          {"reject_reason", Opt(p.reject_reason)},
          {"reviewed_by", Opt(p.reviewed_by)},
          {"reviewed_at", Opt(p.reviewed_at)},
          {"created_at", p.created_at},
          {"url", "/api/v1/payment-proofs/" + std::to_string(p.id)}};
}

json OrderJson(const storage::OrderRow& o, const std::vector<storage::ProofRow>& proofs,
               const std::vector<json>& tickets, const json& settings) {
  json items = json::array();
  for (const auto& i : o.items) {
    items.push_back({{"ticket_type_id", i.ticket_type_id},
                     {"ticket_type", i.ticket_type_name},
                     {"quantity", i.quantity},
                     {"unit_price", i.unit_price}});
  }
  json proof_list = json::array();
  for (const auto& p : proofs) proof_list.push_back(ProofJson(p));
  json out = {{"id", o.id},
              {"code", o.code},
              {"event_id", o.event_id},
              {"event_title", o.event_title},
              {"user_id", o.user_id},
              {"user", {{"name", o.user_name}, {"email", o.user_email}}},
              {"status", o.status},
              {"items", items},
              {"total", o.total},
              {"currency", o.currency},
              {"total_display", FormatMoney(o.total, settings)},
              {"created_at", o.created_at},
              {"expires_at", Opt(o.expires_at)},
              {"paid_at", Opt(o.paid_at)},
              {"closed_at", Opt(o.closed_at)},
              {"close_reason", Opt(o.close_reason)},
              {"payment",
               {{"method", o.payment_method},
                {"proofs", proof_list},
                {"confirmed_by", Opt(o.confirmed_by)},
                {"confirmed_at", Opt(o.confirmed_at)},
                {"amount_received", Opt(o.amount_received)},
                {"note", Opt(o.payment_note)}}},
              {"tickets", tickets}};
  if (o.status == "pending") {
    out["bank_instructions"] = settings["bank_instructions"];
    out["payment_reference"] = o.code;
  }
  return out;
}

json FullOrderJson(storage::Conn& c, const storage::OrderRow& o, const json& settings) {
  return OrderJson(o, storage::ListProofs(c, o.id), OrderTicketsJson(c, o.id), settings);
}

std::string OrderUrl(App& app, int64_t id) {
  return app.BaseUrl() + "/account/orders/" + std::to_string(id);
}

json OrderMailData(App& app, const storage::OrderRow& o, const json& settings) {
  return {{"order_code", o.code},
          {"order_url", OrderUrl(app, o.id)},
          {"event_title", o.event_title},
          {"amount", FormatMoney(o.total, settings)}};
}

void QueueOrderMail(App& app, storage::Conn& c, const char* kind, const storage::OrderRow& o,
                    const json& settings, json extra = json::object()) {
  json data = OrderMailData(app, o, settings);
  data.update(extra);
  QueueMail(c, kind, o.user_email, o.user_name, o.user_locale, data);
}

// Issues the tickets of a just-paid order and queues the `tickets` mail.
void IssueAndMailTickets(App& app, storage::Conn& c, const storage::OrderRow& o,
                         const storage::EventRow& e) {
  TicketIssueRequest request{o.id, o.event_id, o.user_id, o.user_name, o.user_email, {}};
  for (const auto& i : o.items) request.items.push_back({i.ticket_type_id, i.quantity});
  std::vector<json> issued = IssueTickets(c, app.ticket_signer(), request);
  QueueMail(c, "tickets", o.user_email, o.user_name, o.user_locale,
            {{"order_code", o.code},
             {"event_title", e.title},
             {"event_starts_at", e.starts_at},
             {"event_venue", e.venue},
             {"tickets", issued}});
}

// Releases an order's units from a counter: `pending` for pending orders, `sold` for paid ones.
void ReleaseUnits(storage::Conn& c, const storage::OrderRow& o) {
  for (const auto& i : o.items) {
    if (o.status == "pending") storage::AddTicketTypeCounts(c, i.ticket_type_id, 0, -i.quantity);
    if (o.status == "paid") storage::AddTicketTypeCounts(c, i.ticket_type_id, -i.quantity, 0);
  }
}

// Moves one pending order past its deadline to `expired`, inside the caller's unit.
void ExpireInUnit(App& app, storage::Conn& c, int64_t order_id, const std::string& now,
                  const json& settings) {
  auto o = storage::FindOrder(c, order_id);
  if (!o || o->status != "pending") return;
  ReleaseUnits(c, *o);
  storage::CloseOrder(c, o->id, "expired", now, "payment deadline passed");
  QueueOrderMail(app, c, "order_expired", *o, settings);
}

// The units of `type` still free, after expiring overdue orders that hold some when short.
int64_t FreeUnits(App& app, storage::Conn& c, storage::TicketTypeRow& type, int64_t wanted,
                  const std::string& now, const json& settings) {
  auto available = ticket_types::Available(type);
  if (!available) return wanted;
  if (*available >= wanted) return *available;
  for (int64_t id : storage::OverduePendingOrders(c, now, type.id, 1000)) {
    ExpireInUnit(app, c, id, now, settings);
  }
  type = *storage::FindTicketType(c, type.id);
  return *ticket_types::Available(type);
}

// Loads an order the caller may act on as staff of its event (404 when they may not see it).
Result<storage::OrderRow> LoadForStaff(storage::Conn& c, const AuthUser& user, int64_t order_id,
                                       EventAccess need) {
  auto o = storage::FindOrder(c, order_id);
  if (!o) return Error::NotFound("No such order.");
  auto e = LoadEvent(c, &user, o->event_id, need);
  if (!e) {
    if (o->user_id == user.id) return Error::Forbidden("Only the event's staff may do this.");
    return e.error().code == "forbidden" && user.AtLeast(Role::kStaff)
               ? e.error()
               : Error::NotFound("No such order.");
  }
  return *o;
}

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

}  // namespace

std::string NewOrderCode() {
  const std::string raw = crypto::RandomBytes(8);
  std::string code(8, 'A');
  for (size_t i = 0; i < 8; ++i) code[i] = kCodeAlphabet[static_cast<unsigned char>(raw[i]) & 31];
  return code;
}

Result<CreateReply> Create(App& app, const AuthUser& user, const OrderInput& in,
                           const std::string& idempotency_key, const std::string& request_path) {
  const auto settings = app.settings().Snapshot();
  if ((*settings)["require_email_confirmation"].get<bool>() && !user.email_confirmed) {
    return Error::Make("email_not_confirmed", "Confirm your e-mail address before ordering.");
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
  std::optional<Error> failure;
  std::optional<CreateReply> reply;
  app.db().Write([&](storage::Conn& c) {
    if (!idempotency_key.empty()) {
      if (auto first = storage::FindIdempotentResponse(c, user.id, idempotency_key, window_start)) {
        reply = CreateReply{first->status, json::parse(first->body)};
        return false;
      }
    }
    auto fail = [&](Error e) {
      failure = std::move(e);
      return false;
    };
    auto e = storage::FindEvent(c, in.event_id);
    if (!e) return fail(Error::NotFound("No such event."));
    if (e->status != "published" || e->ends_at <= now) {
      return fail(Error::Conflict("event_not_on_sale", "This event is not selling tickets."));
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
    std::vector<storage::TicketTypeRow> types;
    for (size_t i = 0; i < in.items.size(); ++i) {
      const OrderItemInput& item = in.items[i];
      const std::string key = "items[" + std::to_string(i) + "]";
      auto t = storage::FindTicketType(c, item.ticket_type_id);
      if (!t || t->event_id != e->id) {
        return fail(Error::Invalid(key + ".ticket_type_id", "is not a ticket type of this event"));
      }
      if (!ticket_types::OnSale(*t, now)) {
        return fail(Error::Conflict("not_on_sale", "'" + t->name + "' is not on sale now."));
      }
      if (item.quantity > t->max_per_order) {
        return fail(Error::Invalid(key + ".quantity",
                                   "must be at most " + std::to_string(t->max_per_order)));
      }
      int64_t unit_price = t->price;
      if (t->kind == "pay_what_you_want") {
        unit_price = item.price.value_or(t->price);
        if (unit_price < t->price) {
          return fail(Error::Invalid(key + ".price", "must be at least " + FormatMoney(t->price, *settings)));
        }
      }
      if (FreeUnits(app, c, *t, item.quantity, now, *settings) < item.quantity) {
        return fail(Error::Conflict("sold_out", "Not enough '" + t->name + "' tickets are left."));
      }
      o.items.push_back({t->id, t->name, item.quantity, unit_price});
      o.total += item.quantity * unit_price;
      types.push_back(*t);
    }
    const bool free_order = o.total == 0;
    o.status = free_order ? "paid" : "pending";
    o.payment_method = free_order ? "free" : "bank_transfer";
    if (free_order) {
      o.paid_at = now;
    } else {
      o.expires_at = FormatRfc3339(now_s + window_hours * 3600);
    }
    std::optional<int64_t> id;
    while (!id) {
      o.code = NewOrderCode();
      id = storage::InsertOrder(c, o);
    }
    o.id = *id;
    for (const auto& item : o.items) {
      storage::InsertOrderItem(c, o.id, item);
      storage::AddTicketTypeCounts(c, item.ticket_type_id, free_order ? item.quantity : 0,
                                   free_order ? 0 : item.quantity);
    }
    if (free_order) {
      IssueAndMailTickets(app, c, o, *e);
    } else {
      QueueOrderMail(app, c, "order_placed", o, *settings,
                     {{"bank_instructions", (*settings)["bank_instructions"]},
                      {"expires_at", *o.expires_at}});
    }
    json body = free_order ? FullOrderJson(c, o, *settings) : OrderJson(o, {}, {}, *settings);
    if (!idempotency_key.empty()) {
      storage::SaveIdempotentResponse(c, user.id, idempotency_key, {request_path, 201, body.dump()}, now);
    }
    reply = CreateReply{201, std::move(body)};
    return true;
  });
  if (failure) return *failure;
  return *reply;
}

Result<json> Get(App& app, const AuthUser& user, int64_t id) {
  storage::Conn& c = app.db().Reader();
  auto o = storage::FindOrder(c, id);
  if (!o) return Error::NotFound("No such order.");
  if (o->user_id != user.id) {
    auto e = storage::FindEvent(c, o->event_id);
    if (!e || !CanStaffEvent(&user, *e)) return Error::NotFound("No such order.");
  }
  return FullOrderJson(c, *o, *app.settings().Snapshot());
}

Result<json> ListOwn(App& app, const AuthUser& user, ListPage page) {
  storage::Conn& c = app.db().Reader();
  int64_t total = 0;
  const auto settings = app.settings().Snapshot();
  json items = json::array();
  for (const auto& o : storage::ListUserOrders(c, user.id, page.limit, page.offset, &total)) {
    items.push_back(FullOrderJson(c, o, *settings));
  }
  return json{{"items", items}, {"total", total}, {"limit", page.limit}, {"offset", page.offset}};
}

Result<json> ListForEvent(App& app, const AuthUser& user, int64_t event_id,
                          const EventOrdersQuery& query, ListPage page) {
  storage::Conn& c = app.db().Reader();
  auto e = LoadEvent(c, &user, event_id, EventAccess::kStaff);
  if (!e) return e.error();
  static const std::set<std::string> kStatuses = {"", "pending", "paid", "expired", "cancelled", "refunded"};
  std::map<std::string, std::string> fields;
  if (!kStatuses.count(query.status)) fields["status"] = "must be pending, paid, expired, cancelled or refunded";
  if (!query.awaiting_review.empty() && query.awaiting_review != "true" && query.awaiting_review != "false") {
    fields["awaiting_review"] = "must be true or false";
  }
  if (!fields.empty()) return Error::Invalid(fields);
  storage::EventOrderFilter f;
  f.event_id = event_id;
  f.status = query.status;
  f.awaiting_review = query.awaiting_review == "true";
  f.q = Trim(query.q);
  f.limit = page.limit;
  f.offset = page.offset;
  int64_t total = 0;
  const auto settings = app.settings().Snapshot();
  json items = json::array();
  for (const auto& o : storage::ListEventOrders(c, f, &total)) items.push_back(FullOrderJson(c, o, *settings));
  return json{{"items", items}, {"total", total}, {"limit", page.limit}, {"offset", page.offset}};
}

Result<json> AddProof(App& app, const AuthUser& user, int64_t order_id, const std::string& filename,
                      const std::string& bytes, const std::string& note) {
  auto o = storage::FindOrder(app.db().Reader(), order_id);
  if (!o || o->user_id != user.id) return Error::NotFound("No such order.");
  if (o->status != "pending") return Error::Conflict("order_not_pending", "This order is not waiting for payment.");
  if (Utf8Length(note) > 1000) return Error::Invalid("note", "must be at most 1000 characters");
  auto stored = StoreUpload(app.UploadsDir(), bytes,
                            {FileKind::kPng, FileKind::kJpeg, FileKind::kWebp, FileKind::kPdf});
  if (!stored) return stored.error();
  std::optional<Error> failure;
  storage::ProofRow proof;
  app.db().Write([&](storage::Conn& c) {
    auto fresh = storage::FindOrder(c, order_id);
    if (!fresh || fresh->status != "pending") {
      failure = Error::Conflict("order_not_pending", "This order is not waiting for payment.");
      return false;
    }
    proof.order_id = order_id;
    proof.stored_name = stored->stored_name;
    proof.content_type = stored->content_type;
    proof.size = static_cast<int64_t>(stored->size);
    proof.filename = SafeFilename(filename, "proof");
    proof.note = note;
    proof.status = "submitted";
    proof.created_at = NowRfc3339();
    proof.id = storage::InsertProof(c, proof);
    return true;
  });
  if (failure) return *failure;
  return ProofJson(proof);
}

Result<ProofFile> GetProof(App& app, const AuthUser& user, int64_t proof_id) {
  storage::Conn& c = app.db().Reader();
  auto p = storage::FindProof(c, proof_id);
  if (!p) return Error::NotFound("No such proof.");
  auto o = storage::FindOrder(c, p->order_id);
  if (!o) return Error::NotFound("No such proof.");
  if (o->user_id != user.id) {
    auto e = storage::FindEvent(c, o->event_id);
    if (!e || !CanStaffEvent(&user, *e)) return Error::NotFound("No such proof.");
  }
  auto bytes = ReadUpload(app.UploadsDir(), p->stored_name);
  if (!bytes) return Error::NotFound("The file is missing.");
  return ProofFile{p->content_type, p->filename, std::move(*bytes)};
}

Result<json> ConfirmPayment(App& app, const AuthUser& staff, int64_t order_id,
                            std::optional<int64_t> amount_received,
                            const std::optional<std::string>& note) {
  if (amount_received && (*amount_received < 0 || *amount_received > kMaxAmount)) {
    return Error::Invalid("amount_received", "must be from 0 to " + std::to_string(kMaxAmount));
  }
  const auto settings = app.settings().Snapshot();
  std::optional<Error> failure;
  json out;
  app.db().Write([&](storage::Conn& c) {
    auto o = LoadForStaff(c, staff, order_id, EventAccess::kStaff);
    if (!o) {
      failure = o.error();
      return false;
    }
    if (o->status != "pending" && o->status != "expired") {
      failure = Error::Conflict("order_not_pending", "This order is " + o->status + ", not awaiting payment.");
      return false;
    }
    const std::string now = NowRfc3339();
    if (o->status == "expired") {
      // Late acceptance: only while the quota still has room for these units.
      for (const auto& i : o->items) {
        auto t = storage::FindTicketType(c, i.ticket_type_id);
        if (FreeUnits(app, c, *t, i.quantity, now, *settings) < i.quantity) {
          failure = Error::Conflict("sold_out", "The order expired and its tickets were sold meanwhile.");
          return false;
        }
      }
      for (const auto& i : o->items) storage::AddTicketTypeCounts(c, i.ticket_type_id, i.quantity, 0);
    } else {
      for (const auto& i : o->items) storage::AddTicketTypeCounts(c, i.ticket_type_id, i.quantity, -i.quantity);
    }
    storage::MarkOrderPaid(c, o->id, now, staff.id, amount_received, note);
    if (auto proof = storage::LatestSubmittedProof(c, o->id)) {
      storage::ReviewProof(c, proof->id, "accepted", std::nullopt, staff.id, now);
    }
    auto e = storage::FindEvent(c, o->event_id);
    QueueOrderMail(app, c, "payment_received", *o, *settings);
    IssueAndMailTickets(app, c, *o, *e);
    WriteAudit(c, staff.id, "payment.confirm", "order", o->id,
               {{"code", o->code}, {"amount_received", Opt(amount_received)}, {"late", o->status == "expired"}});
    out = FullOrderJson(c, *storage::FindOrder(c, o->id), *settings);
    return true;
  });
  if (failure) return *failure;
  return out;
}

Result<json> RejectPayment(App& app, const AuthUser& staff, int64_t order_id, const std::string& reason) {
  const std::string why = Trim(reason);
  if (why.empty() || Utf8Length(why) > 1000) return Error::Invalid("reason", "must be 1 to 1000 characters");
  const auto settings = app.settings().Snapshot();
  std::optional<Error> failure;
  json out;
  app.db().Write([&](storage::Conn& c) {
    auto o = LoadForStaff(c, staff, order_id, EventAccess::kStaff);
    if (!o) {
      failure = o.error();
      return false;
    }
    if (o->status != "pending") {
      failure = Error::Conflict("order_not_pending", "This order is not awaiting payment.");
      return false;
    }
    auto proof = storage::LatestSubmittedProof(c, o->id);
    if (!proof) {
      failure = Error::Conflict("invalid_state", "There is no payment proof waiting for review.");
      return false;
    }
    storage::ReviewProof(c, proof->id, "rejected", why, staff.id, NowRfc3339());
    QueueOrderMail(app, c, "payment_rejected", *o, *settings, {{"reason", why}});
    WriteAudit(c, staff.id, "payment.reject", "order", o->id, {{"code", o->code}, {"reason", why}});
    out = FullOrderJson(c, *o, *settings);
    return true;
  });
  if (failure) return *failure;
  return out;
}

Result<json> Cancel(App& app, const AuthUser& user, int64_t order_id) {
  const auto settings = app.settings().Snapshot();
  std::optional<Error> failure;
  json out;
  app.db().Write([&](storage::Conn& c) {
    auto o = storage::FindOrder(c, order_id);
    if (!o) {
      failure = Error::NotFound("No such order.");
      return false;
    }
    if (o->user_id != user.id) {
      auto staffed = LoadForStaff(c, user, order_id, EventAccess::kStaff);
      if (!staffed) {
        failure = staffed.error();
        return false;
      }
    }
    if (o->status != "pending") {
      failure = Error::Conflict("order_not_pending", "Only an order awaiting payment can be cancelled.");
      return false;
    }
    ReleaseUnits(c, *o);
    const std::string reason = o->user_id == user.id ? "cancelled by the buyer" : "cancelled by staff";
    storage::CloseOrder(c, o->id, "cancelled", NowRfc3339(), reason);
    QueueOrderMail(app, c, "order_cancelled", *o, *settings, {{"reason", reason}});
    if (o->user_id != user.id) WriteAudit(c, user.id, "order.cancel", "order", o->id, {{"code", o->code}});
    out = FullOrderJson(c, *storage::FindOrder(c, o->id), *settings);
    return true;
  });
  if (failure) return *failure;
  return out;
}

Result<json> Refund(App& app, const AuthUser& user, int64_t order_id, const std::string& reason) {
  const std::string why = Trim(reason);
  if (Utf8Length(why) > 1000) return Error::Invalid("reason", "must be at most 1000 characters");
  const auto settings = app.settings().Snapshot();
  std::optional<Error> failure;
  json out;
  app.db().Write([&](storage::Conn& c) {
    auto o = LoadForStaff(c, user, order_id, EventAccess::kManage);
    if (!o) {
      failure = o.error();
      return false;
    }
    if (o->status != "paid") {
      failure = Error::Conflict("order_not_paid", "Only a paid order can be refunded.");
      return false;
    }
    auto e = storage::FindEvent(c, o->event_id);
    const std::string now = NowRfc3339();
    if (e->ends_at <= now && !user.IsAdmin()) {
      failure = Error::Forbidden("After the event has ended only an admin may refund.");
      return false;
    }
    ReleaseUnits(c, *o);
    VoidTickets(c, o->id);
    storage::CloseOrder(c, o->id, "refunded", now, why);
    QueueOrderMail(app, c, "order_refunded", *o, *settings, {{"reason", why}});
    WriteAudit(c, user.id, "order.refund", "order", o->id, {{"code", o->code}, {"reason", why}});
    out = FullOrderJson(c, *storage::FindOrder(c, o->id), *settings);
    return true;
  });
  if (failure) return *failure;
  return out;
}

Result<json> CancelEvent(App& app, const AuthUser& user, int64_t event_id, const std::string& message) {
  if (Utf8Length(message) > 2000) return Error::Invalid("message", "must be at most 2000 characters");
  const auto settings = app.settings().Snapshot();
  std::optional<Error> failure;
  json out;
  app.db().Write([&](storage::Conn& c) {
    auto e = LoadEvent(c, &user, event_id, EventAccess::kManage);
    if (!e) {
      failure = e.error();
      return false;
    }
    if (e->status == "cancelled") {
      failure = Error::Conflict("invalid_state", "The event is already cancelled.");
      return false;
    }
    const std::string now = NowRfc3339();
    const std::string reason = "event cancelled";
    // Everyone holding a ticket hears it once, by address, before the tickets are voided.
    std::set<std::string> notified;
    json mail = {{"event_title", e->title},
                 {"event_url", app.BaseUrl() + "/events/" + std::to_string(e->id)},
                 {"event_starts_at", e->starts_at},
                 {"message", message}};
    for (const auto& holder : storage::ValidTicketHolders(c, event_id)) {
      if (notified.insert(NormalizeEmail(holder.email)).second) {
        QueueMail(c, "event_cancelled", holder.email, holder.name, holder.locale, mail);
      }
    }
    for (int64_t id : storage::EventOrderIds(c, event_id, "pending")) {
      auto o = storage::FindOrder(c, id);
      ReleaseUnits(c, *o);
      storage::CloseOrder(c, id, "cancelled", now, reason);
      QueueOrderMail(app, c, "order_cancelled", *o, *settings, {{"reason", reason}});
    }
    for (int64_t id : storage::EventOrderIds(c, event_id, "paid")) {
      auto o = storage::FindOrder(c, id);
      ReleaseUnits(c, *o);
      VoidTickets(c, id);
      storage::CloseOrder(c, id, "refunded", now, reason);
      QueueOrderMail(app, c, "order_refunded", *o, *settings, {{"reason", reason}});
    }
    e->status = "cancelled";
    e->cancel_message = message;
    e->updated_at = now;
    storage::UpdateEvent(c, *e);
    WriteAudit(c, user.id, "event.cancel", "event", event_id, {{"message", message}});
    out = events::EventJson(*e);
    return true;
  });
  if (failure) return *failure;
  return out;
}

int ExpireOverdue(App& app, int64_t now_s) {
  const std::string now = FormatRfc3339(now_s);
  const auto settings = app.settings().Snapshot();
  auto due = storage::OverduePendingOrders(app.db().Reader(), now, 0, 200);
  if (due.empty()) return 0;
  app.db().Write([&](storage::Conn& c) {
    for (int64_t id : due) ExpireInUnit(app, c, id, now, *settings);
    return true;
  });
  return static_cast<int>(due.size());
}

int SendReminders(App& app, int64_t now_s) {
  const auto settings = app.settings().Snapshot();
  const int64_t hours = (*settings)["reminder_hours"].get<int64_t>();
  const std::string now = FormatRfc3339(now_s);
  auto due = storage::OrdersDueForReminder(app.db().Reader(), FormatRfc3339(now_s + hours * 3600), now, 200);
  if (due.empty()) return 0;
  app.db().Write([&](storage::Conn& c) {
    for (int64_t id : due) {
      auto o = storage::FindOrder(c, id);
      if (!o || o->status != "pending" || o->reminder_sent_at) continue;
      storage::MarkReminderSent(c, id, now);
      QueueOrderMail(app, c, "payment_reminder", *o, *settings,
                     {{"bank_instructions", (*settings)["bank_instructions"]},
                      {"expires_at", o->expires_at.value_or("")}});
    }
    return true;
  });
  return static_cast<int>(due.size());
}

}  // namespace lanyard::orders
