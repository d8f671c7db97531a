// SPEC §4 and §5: events and their ticket types.
#include "core/events/events.h"
#include "core/orders/orders.h"
#include "core/events/ticket_types.h"
#include "core/nominations/event_windows.h"
#include "core/ops/setup_checks.h"
#include "web/router.h"

namespace lanyard::web {

namespace {

// The event's fields, and with `windows` the nomination windows (SPEC §10 event fields; PATCH):
// a key absent leaves its value, null clears a timestamp. False after replying to a bad body.
bool ReadEventInput(Ctx& ctx, events::EventInput* in, nominations::WindowsPatch* windows = nullptr) {
  nlohmann::json body;
  if (!ctx.ReadJson(&body)) return false;
  BodyReader r(body);
  if (windows) {
    for (auto [key, slot] : {std::pair{"nominations_open", &windows->nominations_open},
                             std::pair{"nominations_close", &windows->nominations_close},
                             std::pair{"voting_open", &windows->voting_open},
                             std::pair{"voting_close", &windows->voting_close}}) {
      if (body.contains(key)) *slot = r.Str(key);
    }
    windows->voters = r.Str("voters");
  }
  in->title = r.Str("title");
  in->description = r.Str("description");
  in->category = r.Str("category");
  in->venue = r.Str("venue");
  in->city = r.Str("city");
  in->address = r.Str("address");
  in->online = r.Bool("online");
  in->starts_at = r.Str("starts_at");
  in->ends_at = r.Str("ends_at");
  if (body.is_object() && body.contains("time_zone") && body["time_zone"].is_null()) {
    in->time_zone = "";  // null = back to the deployment's zone
  } else {
    in->time_zone = r.Str("time_zone");
  }
  in->holder_details = r.Str("holder_details");
  in->zone_change = r.Str("zone_change");
  in->notify_holders = r.Bool("notify_holders");
  return ctx.Check(r);
}

bool ReadTicketTypeInput(Ctx& ctx, ticket_types::TicketTypeInput* in) {
  nlohmann::json body;
  if (!ctx.ReadJson(&body)) return false;
  BodyReader r(body);
  in->name = r.Str("name");
  in->description = r.Str("description");
  in->kind = r.Str("kind");
  in->price = r.Int("price");
  in->quota_set = body.contains("quota");
  in->quota = r.Int("quota");
  in->max_per_order = r.Int("max_per_order");
  in->sales_start_set = body.contains("sales_start");
  in->sales_start = r.Str("sales_start");
  in->sales_end_set = body.contains("sales_end");
  in->sales_end = r.Str("sales_end");
  in->active = r.Bool("active");
  return ctx.Check(r);
}

const AuthUser* Caller(const Ctx& ctx) { return ctx.user ? &*ctx.user : nullptr; }

void ListEvents(Ctx& ctx) {
  auto page = ctx.Page();
  if (!page) return ctx.Fail(page.error());
  events::ListQuery q;
  q.q = ctx.Query("q");
  q.title = ctx.Query("title");
  q.location = ctx.Query("location");
  q.city = ctx.Query("city");
  q.category = ctx.Query("category");
  q.organizer = ctx.Query("organizer");
  q.date = ctx.Query("date");
  q.from = ctx.Query("from");
  q.to = ctx.Query("to");
  q.min_price = ctx.Query("min_price");
  q.max_price = ctx.Query("max_price");
  q.include_past = ctx.Query("include_past");
  q.sort = ctx.Query("sort");
  q.mine = ctx.Query("mine");
  ctx.Reply(events::List(ctx.app, Caller(ctx), q, *page));
}

}  // namespace

void AddEventRoutes(RouteTable& t) {
  t.Add({"GET", "/events", Access::kOptional, "events",
         "Published events that have not ended. Filters: q, title, location, city, category, "
         "organizer, date (YYYY, YYYY-MM, YYYY-MM-DD: overlapping events), from, to, "
         "min_price, max_price, include_past=true, sort (starts_at, -starts_at, title, "
         "-created_at), mine=true (an organizer's own, any status). The items omit the "
         "nomination windows (GET /events/{id} has them).",
         {200, 400, 401, 403}, ListEvents});
  t.Add({"POST", "/events", Access::kOrganizer, "events",
         "Create an event (status draft) {title, description, category, venue, city, address, "
         "online, starts_at, ends_at, time_zone (IANA name; empty or null = the deployment's), "
         "holder_details (off|optional|required: checkout asks a holder per ticket), and the "
         "nomination windows nominations_open, nominations_close, voting_open, voting_close "
         "(RFC 3339) and voters (ticket_holders | users), as on PATCH}.",
         {201, 400, 401, 403},
         [](Ctx& ctx) {
           events::EventInput in;
           nominations::WindowsPatch windows;
           if (!ReadEventInput(ctx, &in, &windows)) return;
           ctx.Reply(nominations::CreateEvent(ctx.app, ctx.me(), in, windows), 201);
         }});
  t.Add({"GET", "/events/{id}", Access::kOptional, "events",
         "One event: public when published; its owner and staff otherwise. With the SPEC §10 "
         "event fields nominations_open, nominations_close, voting_open, voting_close (RFC 3339 "
         "or null = not set: that window is closed) and voters (ticket_holders | users).",
         {200, 404},
         [](Ctx& ctx) { ctx.Reply(nominations::GetEvent(ctx.app, Caller(ctx), *ctx.Id())); }});
  t.Add({"PATCH", "/events/{id}", Access::kOrganizer, "events",
         "Edit an event (owner, admin). status and organizer are not taken from input. Also "
         "takes the nomination windows nominations_open, nominations_close, voting_open, "
         "voting_close (RFC 3339; null clears; absent = unchanged) and voters (ticket_holders | "
         "users), changed in the same transaction as the other fields: 400 validation_failed "
         "names a bad timestamp, a close not after its open, or unknown voters, and then nothing "
         "changes. The same data as PUT /events/{id}/nomination-settings. A time_zone that "
         "changes the zone in effect (null or empty = the deployment's) takes zone_change: "
         "keep_wall_times (the default: every event-bound time keeps its wall-clock time in the "
         "new zone, 09:00 WIB becomes 09:00 WITA — the event's start and end, ticket types' "
         "sales_start/sales_end, sessions, nomination and voting windows, competitions' "
         "registration windows and stage deadlines, scheduled campaigns; each re-read on its "
         "own date, so DST applies) or keep_instants (nothing moves; 09:00 WIB reads 10:00 "
         "WITA); any other value → 400 validation_failed (fields.zone_change). Times sent in the "
         "same request (starts_at, ends_at, windows) are taken as sent. Instants that record "
         "what happened (orders' payment deadlines, check-ins, draw claim deadlines) never move. "
         "notify_holders: true mails event_times_changed to every address holding a valid "
         "ticket (buyers and companions, once per address). All in one transaction: every time "
         "moves or none.",
         {200, 400, 401, 403, 404, 409},
         [](Ctx& ctx) {
           // Who may change it before what the body says: a refused caller gets 403/404, never 400.
           if (!ctx.Allowed(events::CheckAccess(ctx.app, ctx.me(), *ctx.Id(), EventAccess::kManage))) return;
           events::EventInput in;
           nominations::WindowsPatch windows;
           if (!ReadEventInput(ctx, &in, &windows)) return;
           ctx.Reply(nominations::UpdateEvent(ctx.app, ctx.me(), *ctx.Id(), in, windows));
         }});
  t.Add({"DELETE", "/events/{id}", Access::kOrganizer, "events",
         "Delete an event without orders (owner, admin); with orders → 409 has_orders.",
         {204, 401, 403, 404, 409},
         [](Ctx& ctx) {
           Status st = events::Delete(ctx.app, ctx.me(), *ctx.Id());
           if (!st.ok()) return ctx.Fail(st.error());
           ctx.NoContent();
         }});
  t.Add({"POST", "/events/{id}/submit", Access::kOrganizer, "events",
         "Submit for review (pending_review), or publish when approval is off.",
         {200, 401, 403, 404, 409},
         [](Ctx& ctx) { ctx.Reply(events::Submit(ctx.app, ctx.me(), *ctx.Id())); }});
  t.Add({"POST", "/events/{id}/review", Access::kAdmin, "events",
         "Admin decision {decision: approve|reject, message}; mails the organizer.",
         {200, 400, 401, 403, 404, 409},
         [](Ctx& ctx) {
           nlohmann::json body;
           if (!ctx.ReadJson(&body)) return;
           BodyReader r(body);
           const std::string decision = r.StrOr("decision", "");
           const std::string message = r.StrOr("message", "");
           if (!ctx.Check(r)) return;
           ctx.Reply(events::Review(ctx.app, ctx.me(), *ctx.Id(), decision, message));
         }});
  t.Add({"POST", "/events/{id}/cancel", Access::kOrganizer, "events",
         "Cancel {message}: pending orders cancelled, paid ones refunded, ticket holders mailed.",
         {200, 400, 401, 403, 404, 409},
         [](Ctx& ctx) {
           nlohmann::json body;
           if (!ctx.ReadJson(&body)) return;
           BodyReader r(body);
           const std::string message = r.StrOr("message", "");
           if (!ctx.Check(r)) return;
           ctx.Reply(orders::CancelEvent(ctx.app, ctx.me(), *ctx.Id(), message));
         }});
  t.Add({"PUT", "/events/{id}/image", Access::kOrganizer, "events",
         "Set the image (multipart file: PNG, JPEG or WebP up to 5 MB, checked by content). Disk "
         "nearly full: 507 insufficient_storage.",
         {200, 400, 401, 403, 404, 413, 415, 507},
         [](Ctx& ctx) {
           if (!ctx.Allowed(events::CheckAccess(ctx.app, ctx.me(), *ctx.Id(), EventAccess::kManage))) return;
           auto file = ctx.FilePart();
           if (!file) return ctx.Fail(file.error());
           ctx.Reply(events::SetImage(ctx.app, ctx.me(), *ctx.Id(), file->content));
         },
         true});
  t.Add({"GET", "/events/{id}/image", Access::kOptional, "events", "The event's image.",
         {200, 404},
         [](Ctx& ctx) {
           auto image = events::GetImage(ctx.app, Caller(ctx), *ctx.Id());
           if (!image) return ctx.Fail(image.error());
           ctx.SendFile(image->content_type, "event-image", image->bytes, true);
           // Anonymous callers only see public events' images: those may be cached and shared.
           // SendFile set "private, no-store"; replace it rather than send two policies.
           if (!ctx.user) {
             ctx.res.headers.erase("Cache-Control");
             ctx.res.set_header("Cache-Control", "public, max-age=300");
           }
         }});
  t.Add({"GET", "/events/{id}/stats", Access::kStaff, "events",
         "tickets_sold, revenue, free (ticket types, none takes money, no revenue), orders_pending, "
         "checked_in, by_ticket_type[], sales_by_day[] (days in time_zone: the event's own zone, else "
         "the site's).",
         {200, 401, 403, 404},
         [](Ctx& ctx) { ctx.Reply(events::Stats(ctx.app, ctx.me(), *ctx.Id())); }});
  t.Add({"GET", "/events/{id}/setup-checks", Access::kOrganizer, "events",
         "What the event still lacks before it can take money, for the publish action (owner, "
         "admin): {items: [{code, message, params}]} with bank_instructions_missing (params "
         "paid_ticket_types: the event's active ticket types that take money) when no bank "
         "instructions are set — the rule of GET /settings setup_checks over this event. Empty "
         "items: nothing missing (a free event needs no instructions). Publishing is not blocked.",
         {200, 401, 403, 404},
         [](Ctx& ctx) { ctx.Reply(EventSetupChecks(ctx.app, ctx.me(), *ctx.Id())); }});

  t.Add({"GET", "/events/{id}/ticket-types", Access::kOptional, "ticket types",
         "The event's ticket types with sold and available.", {200, 404},
         [](Ctx& ctx) { ctx.Reply(ticket_types::List(ctx.app, Caller(ctx), *ctx.Id())); }});
  t.Add({"POST", "/events/{id}/ticket-types", Access::kOrganizer, "ticket types",
         "Add a ticket type {name, description, kind: free|paid|pay_what_you_want, price, quota "
         "(null = unlimited), max_per_order, sales_start, sales_end, active}.",
         {201, 400, 401, 403, 404, 409},
         [](Ctx& ctx) {
           ticket_types::TicketTypeInput in;
           if (!ReadTicketTypeInput(ctx, &in)) return;
           ctx.Reply(ticket_types::Create(ctx.app, ctx.me(), *ctx.Id(), in), 201);
         }});
  t.Add({"PATCH", "/ticket-types/{id}", Access::kOrganizer, "ticket types",
         "Edit a ticket type; a quota below sold + pending → 409 quota_below_sold.",
         {200, 400, 401, 403, 404, 409},
         [](Ctx& ctx) {
           ticket_types::TicketTypeInput in;
           if (!ReadTicketTypeInput(ctx, &in)) return;
           ctx.Reply(ticket_types::Update(ctx.app, ctx.me(), *ctx.Id(), in));
         }});
  t.Add({"DELETE", "/ticket-types/{id}", Access::kOrganizer, "ticket types",
         "Delete a ticket type without orders (else 409 has_orders).", {204, 401, 403, 404, 409},
         [](Ctx& ctx) {
           Status st = ticket_types::Delete(ctx.app, ctx.me(), *ctx.Id());
           if (!st.ok()) return ctx.Fail(st.error());
           ctx.NoContent();
         }});
}

}  // namespace lanyard::web
