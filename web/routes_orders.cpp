// SPEC §6: orders and payments by bank transfer.
#include "core/orders/orders.h"
#include "web/router.h"

namespace lanyard::web {

namespace {

// holders: [{name, email?}] (optional), one per ticket unit; wrong types → bad_request.
bool ReadHolders(Ctx& ctx, BodyReader& r, orders::OrderInput* in) {
  const nlohmann::json* holders = r.Raw("holders");
  if (!holders) return true;
  // One per ticket: never more than the largest order can hold.
  if (!holders->is_array() || holders->size() > 1000) {
    ctx.Fail(Error::BadRequest("holders must be an array of at most 1000 {name, email}."));
    return false;
  }
  for (const auto& holder : *holders) {
    if (!holder.is_object()) {
      ctx.Fail(Error::BadRequest("Each holder must be an object {name, email}."));
      return false;
    }
    BodyReader hr(holder);
    orders::HolderInput parsed{hr.StrOr("name", ""), hr.StrOr("email", "")};
    if (!ctx.Check(hr)) return false;
    in->holders.push_back(std::move(parsed));
  }
  return true;
}

// {event_id, items: [{ticket_type_id, quantity, price?}], holders?}; wrong types → bad_request.
bool ReadOrderInput(Ctx& ctx, orders::OrderInput* in) {
  nlohmann::json body;
  if (!ctx.ReadJson(&body)) return false;
  BodyReader r(body);
  auto event_id = r.Int("event_id");
  if (!ctx.Check(r)) return false;
  if (!event_id) {
    ctx.Fail(Error::Invalid("event_id", "is required"));
    return false;
  }
  in->event_id = *event_id;
  const nlohmann::json* items = r.Raw("items");
  if (!items || !items->is_array()) {
    ctx.Fail(items ? Error::BadRequest("items must be an array.") : Error::Invalid("items", "is required"));
    return false;
  }
  if (items->size() > orders::kMaxItemsPerOrder) {
    ctx.Fail(Error::Invalid("items", "too many items"));
    return false;
  }
  for (const auto& item : *items) {
    if (!item.is_object()) {
      ctx.Fail(Error::BadRequest("Each item must be an object."));
      return false;
    }
    BodyReader ir(item);
    orders::OrderItemInput parsed;
    auto type = ir.Int("ticket_type_id");
    auto quantity = ir.Int("quantity");
    parsed.price = ir.Int("price");
    if (!ctx.Check(ir)) return false;
    parsed.ticket_type_id = type.value_or(0);
    parsed.quantity = quantity.value_or(1);
    in->items.push_back(parsed);
  }
  return ReadHolders(ctx, r, in);
}

std::optional<std::string> OptionalReason(Ctx& ctx, const char* key, bool* ok) {
  nlohmann::json body;
  *ok = ctx.ReadJson(&body);
  if (!*ok) return std::nullopt;
  BodyReader r(body);
  auto value = r.Str(key);
  *ok = ctx.Check(r);
  return value;
}

}  // namespace

void AddOrderRoutes(RouteTable& t) {
  t.Add({"POST", "/orders", Access::kAuth, "orders",
         "Order tickets {event_id, items:[{ticket_type_id, quantity, price?}], holders?:[{name, "
         "email?}] (one per ticket, in item order; asked when the event's holder_details is "
         "optional or required)} with an optional "
         "Idempotency-Key header (same key within 24 h → the first reply again). A total of 0 "
         "is paid at once with tickets issued; otherwise pending until paid by bank transfer "
         "(payment_window_hours).",
         {201, 400, 401, 403, 404, 409},
         [](Ctx& ctx) {
           orders::OrderInput in;
           if (!ReadOrderInput(ctx, &in)) return;
           auto reply = orders::Create(ctx.app, ctx.me(), in, ctx.req.get_header_value("Idempotency-Key"),
                                       ctx.req.path);
           if (!reply) return ctx.Fail(reply.error());
           ctx.Json(reply->status, reply->body);
         }});
  t.Add({"GET", "/orders", Access::kAuth, "orders", "The caller's own orders, newest first.",
         {200, 400, 401},
         [](Ctx& ctx) {
           auto page = ctx.Page();
           if (!page) return ctx.Fail(page.error());
           ctx.Reply(orders::ListOwn(ctx.app, ctx.me(), *page));
         }});
  t.Add({"GET", "/orders/{id}", Access::kAuth, "orders",
         "One order (its owner, the event's staff and organizer).", {200, 401, 404},
         [](Ctx& ctx) { ctx.Reply(orders::Get(ctx.app, ctx.me(), *ctx.Id())); }, false,
         "Besides items, payment and tickets: holders, who each ticket is for as the buyer named "
         "them at checkout ([{position, ticket_type, name (\"\" = the buyer), email}], empty "
         "when the event does not ask), so a pending order without tickets shows them too; "
         "event_time_zone, the event's own IANA zone (null = the deployment's), which pages "
         "show the order's times in."});
  t.Add({"POST", "/orders/{id}/payment-proofs", Access::kAuth, "orders",
         "Upload a transfer proof (multipart file: PNG, JPEG, WebP or PDF up to 5 MB; note). "
         "The order must be pending. Past the order's or the buyer's upload quota (settings "
         "upload_max_*_per_order, upload_max_*_per_user): 409 upload_quota; disk nearly full: 507 "
         "insufficient_storage.",
         {201, 400, 401, 403, 404, 409, 413, 415, 507},
         [](Ctx& ctx) {
           auto order = orders::CheckProofUpload(ctx.app, ctx.me(), *ctx.Id());
           if (!order) return ctx.Fail(order.error());
           auto file = ctx.FilePart();
           if (!file) return ctx.Fail(file.error());
           ctx.Reply(orders::AddProof(ctx.app, ctx.me(), *order, file->filename, file->content,
                                      ctx.FormField("note")),
                     201);
         },
         true});
  t.Add({"GET", "/payment-proofs/{id}", Access::kAuth, "orders",
         "A proof file (its order's owner, the event's staff).", {200, 401, 404},
         [](Ctx& ctx) {
           auto file = orders::GetProof(ctx.app, ctx.me(), *ctx.Id());
           if (!file) return ctx.Fail(file.error());
           const bool image = file->content_type.rfind("image/", 0) == 0;
           ctx.SendFile(file->content_type, file->filename, file->bytes, image);
         }});
  t.Add({"POST", "/orders/{id}/confirm-payment", Access::kStaff, "payments",
         "Record a payment {amount_received?, note?, complete?}: without amount_received, or once "
         "what was received reaches the total, the order is paid (tickets issued, payment_received "
         "and tickets mailed); less keeps it pending as a partial payment unless complete: true. "
         "An expired order is accepted only while the quota allows.",
         {200, 400, 401, 403, 404, 409},
         [](Ctx& ctx) {
           nlohmann::json body;
           if (!ctx.ReadJson(&body)) return;
           BodyReader r(body);
           auto amount = r.Int("amount_received");
           auto note = r.Str("note");
           auto complete = r.Bool("complete");
           if (!ctx.Check(r)) return;
           ctx.Reply(orders::ConfirmPayment(ctx.app, ctx.me(), *ctx.Id(), amount, note, complete.value_or(false)));
         }});
  t.Add({"POST", "/orders/{id}/reject-payment", Access::kStaff, "payments",
         "Reject the latest proof {reason}; payment_rejected mailed.", {200, 400, 401, 403, 404, 409},
         [](Ctx& ctx) {
           bool ok = false;
           auto reason = OptionalReason(ctx, "reason", &ok);
           if (!ok) return;
           ctx.Reply(orders::RejectPayment(ctx.app, ctx.me(), *ctx.Id(), reason.value_or("")));
         }});
  t.Add({"POST", "/orders/{id}/cancel", Access::kAuth, "orders",
         "Cancel a pending order (its owner, or the event's staff); quota released.",
         {200, 401, 403, 404, 409},
         [](Ctx& ctx) { ctx.Reply(orders::Cancel(ctx.app, ctx.me(), *ctx.Id())); }});
  t.Add({"POST", "/orders/{id}/refund", Access::kOrganizer, "payments",
         "Refund a paid order, or an expired one with money received, {reason} (event owner, admin; "
         "after the event only admin): "
         "tickets void, quota released, order_refunded mailed.",
         {200, 400, 401, 403, 404, 409},
         [](Ctx& ctx) {
           bool ok = false;
           auto reason = OptionalReason(ctx, "reason", &ok);
           if (!ok) return;
           ctx.Reply(orders::Refund(ctx.app, ctx.me(), *ctx.Id(), reason.value_or("")));
         }});
  t.Add({"GET", "/events/{id}/orders", Access::kStaff, "payments",
         "The event's orders: status=, awaiting_review=true (pending with an unreviewed proof), "
         "q= (code, name, email).",
         {200, 400, 401, 403, 404},
         [](Ctx& ctx) {
           auto page = ctx.Page();
           if (!page) return ctx.Fail(page.error());
           orders::EventOrdersQuery q{ctx.Query("status"), ctx.Query("awaiting_review"), ctx.Query("q")};
           ctx.Reply(orders::ListForEvent(ctx.app, ctx.me(), *ctx.Id(), q, *page));
         }});
}

}  // namespace lanyard::web
