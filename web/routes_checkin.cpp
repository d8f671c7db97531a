// SPEC §7: door check-in, lookup, undo, the scan log and the verification keys.
#include "core/checkin/checkin.h"
#include "web/router.h"

namespace lanyard::web {

namespace {

void CheckIn(Ctx& ctx) {
  nlohmann::json body;
  if (!ctx.ReadJson(&body)) return;
  BodyReader r(body);
  checkin::ScanInput in;
  in.code = r.StrOr("code", "");
  in.event_id = r.Int("event_id");
  in.nonce = r.StrOr("nonce", "");
  in.device_id = r.StrOr("device_id", "");
  in.scanned_at = r.StrOr("scanned_at", "");
  if (!ctx.Check(r)) return;
  ctx.Reply(checkin::CheckIn(ctx.app, ctx.me(), in));
}

}  // namespace

void AddCheckinRoutes(RouteTable& t) {
  t.Add({"POST", "/checkin", Access::kStaff, "check-in",
         "Check a ticket in {code, event_id?, nonce?, device_id?, scanned_at?} → {result:\"ok\", ticket, "
         "holder_name, ticket_type, checked_in_at}. An installed door scanner sends the nonce it "
         "queues the scan under if the request times out (it then answers offline), with its "
         "device_id: the scan is recorded under it, POST /checkin/batch settles that row instead "
         "of admitting twice, and a nonce recorded before answers that scan again (replayed:true) "
         "and records nothing. scanned_at (RFC 3339, only with nonce and device_id; clamped to the last 24 hours, never after now) is the scan's time on the device: the scan and check-in are recorded at it (a request the server answers late keeps the time it was scanned). `code` may also be typed: a ticket's short reference "
         "(K7QX2M9A-2, as a scan of that ticket) or an order code (→ {result:\"choose\", "
         "order_code, tickets[]}: nothing checked in). Organizers: own events only. Every scan "
         "is logged.",
         {200, 400, 401, 403, 404, 409}, CheckIn,
         false,
         "Refusals: 409 already_checked_in (with first_checked_in_at), 409 ticket_void, 409 "
         "wrong_event (event_id given and the ticket is for another event), 400 invalid_code "
         "(malformed, forged, or not the ticket's current code), 404 unknown_ticket (a genuine "
         "code naming no ticket). Refusals already_checked_in and ticket_void also carry "
         "holder_name and ticket_type for the door's screen. Two scans of one ticket at once: "
         "exactly one is ok. 400 validation_failed for a malformed nonce or device_id (both "
         "or neither), 409 nonce_taken for a nonce another device recorded."});
  t.Add({"POST", "/checkin/lookup", Access::kStaff, "check-in",
         "The ticket and holder for {code} (a signed code or a short reference; an order code "
         "→ {result:\"choose\", order_code, tickets[]}), without checking in.",
         {200, 400, 401, 403, 404, 409},
         [](Ctx& ctx) {
           nlohmann::json body;
           if (!ctx.ReadJson(&body)) return;
           BodyReader r(body);
           const std::string code = r.StrOr("code", "");
           if (!ctx.Check(r)) return;
           ctx.Reply(checkin::Lookup(ctx.app, ctx.me(), code));
         }});
  t.Add({"DELETE", "/checkins/{ticket_id}", Access::kStaff, "check-in",
         "Undo a check-in (organizers: own events). Audited; logged as an \"undone\" scan. "
         "Query checked_in_at (required): the ticket's checked_in_at the caller saw; 400 "
         "validation_failed without it. Refusals: 409 checkin_changed (that check-in was undone "
         "already, or the ticket was checked in again since: the current check-in stays; when an "
         "earlier admission synced later took the check-in over, it carries first_checked_in_at, "
         "first_device_id, first_device_label, first_scanned_by of that first admission), 409 "
         "not_checked_in (never checked in).",
         {200, 400, 401, 403, 404, 409},
         [](Ctx& ctx) {
           auto id = ctx.Id();
           if (!id) return ctx.Fail(Error::NotFound("No such ticket."));
           ctx.Reply(checkin::Undo(ctx.app, ctx.me(), *id, ctx.Query("checked_in_at")));
         }});
  t.Add({"GET", "/events/{id}/checkins", Access::kStaff, "check-in",
         "Recent scans of the event, accepted and refused, newest first, with counts "
         "{checked_in, sold}.",
         {200, 400, 401, 403, 404},
         [](Ctx& ctx) {
           auto id = ctx.Id();
           if (!id) return ctx.Fail(Error::NotFound("No such event."));
           auto page = ctx.Page();
           if (!page) return ctx.Fail(page.error());
           ctx.Reply(checkin::ListScans(ctx.app, ctx.me(), *id, *page));
         }});
  t.Add({"GET", "/checkin/keys", Access::kPublic, "check-in",
         "The public keys that verify ticket codes offline, and the code format.", {200},
         [](Ctx& ctx) { ctx.Json(200, checkin::Keys(ctx.app)); }});
}

}  // namespace lanyard::web
