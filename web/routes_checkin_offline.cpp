// SPEC §7 / issue 18: what an offline door scanner needs from the server — the revocation list,
// the upload of its queued scans — and what offline scanning leaves for people to look at: the
// devices' last sync and the tickets two devices admitted while offline.
#include <charconv>

#include "core/checkin/checkin_batch.h"
#include "core/checkin/offline_names.h"
#include "core/checkin/offline_refused.h"
#include "core/checkin/revocations.h"
#include "core/checkin/scanner_devices.h"
#include "core/events/events.h"
#include "web/errors.h"
#include "web/router.h"

namespace lanyard::web {

namespace {

using nlohmann::json;

// The event of the path (404 when the id does not parse), checked for staff access before the
// query is read: a refused caller learns nothing about what the query lacks. False after replying.
bool EventAccessible(Ctx& ctx, int64_t* event_id) {
  auto id = ctx.Id();
  if (!id) {
    ctx.Fail(Error::NotFound("No such event."));
    return false;
  }
  if (!ctx.Allowed(events::CheckAccess(ctx.app, ctx.me(), *id, EventAccess::kStaff))) return false;
  *event_id = *id;
  return true;
}

// A handler for GET /events/{id}/<list>: event access first, then the page (limit, offset).
using EventListFn = Result<json> (*)(App&, const AuthUser&, int64_t, ListPage);
Handler EventPageList(EventListFn list) {
  return [list](Ctx& ctx) {
    int64_t id = 0;
    if (!EventAccessible(ctx, &id)) return;
    auto page = ctx.Page();
    if (!page) return ctx.Fail(page.error());
    ctx.Reply(list(ctx.app, ctx.me(), id, *page));
  };
}

// {device_id, label?, event_id?, scans:[{nonce, code | ref, event_id, scanned_at, admitted?}]} into the input;
// bad_request (after replying) for a field of the wrong type.
bool ReadBatch(Ctx& ctx, checkin::BatchInput* in) {
  json body;
  if (!ctx.ReadJson(&body)) return false;
  BodyReader r(body);
  in->device_id = r.StrOr("device_id", "");
  in->label = r.StrOr("label", "");
  in->event_id = r.Int("event_id");
  const json* scans = r.Raw("scans");
  if (!ctx.Check(r)) return false;
  if (!scans) {
    ctx.Fail(Error::Invalid("scans", "is required"));
    return false;
  }
  if (!scans->is_array()) {
    ctx.Fail(Error::BadRequest("Field 'scans' must be an array of objects."));
    return false;
  }
  if (scans->size() > checkin::kMaxBatchScans) {
    ctx.Fail(Error::Invalid("scans", "at most " + std::to_string(checkin::kMaxBatchScans) +
                                         " scans per batch"));
    return false;
  }
  for (const json& item : *scans) {
    if (!item.is_object()) {
      ctx.Fail(Error::BadRequest("Field 'scans' must be an array of objects."));
      return false;
    }
    BodyReader s(item);
    checkin::BatchScan scan;
    scan.nonce = s.StrOr("nonce", "");
    scan.code = s.StrOr("code", "");
    scan.ref = s.StrOr("ref", "");
    scan.event_id = s.Int("event_id").value_or(0);
    scan.scanned_at = s.StrOr("scanned_at", "");
    scan.admitted = s.Bool("admitted").value_or(true);
    if (!ctx.Check(s)) return false;
    in->scans.push_back(std::move(scan));
  }
  return true;
}

void CheckInBatch(Ctx& ctx) {
  checkin::BatchInput in;
  if (!ReadBatch(ctx, &in)) return;
  auto result = checkin::CheckInBatch(ctx.app, ctx.me(), in);
  if (!result) return ctx.Fail(result.error());
  // Each refused scan carries the HTTP status POST /checkin would have answered.
  for (json& answer : result.value()["results"]) {
    const std::string code = answer["result"].get<std::string>();
    answer["status"] = code == "ok" ? 200 : HttpStatusFor(code);
  }
  ctx.Json(200, result.value());
}

void Revocations(Ctx& ctx) {
  int64_t id = 0;
  if (!EventAccessible(ctx, &id)) return;
  std::optional<int64_t> since;
  if (ctx.req.has_param("since")) {
    const std::string s = ctx.Query("since");
    int64_t v = 0;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || ptr != s.data() + s.size()) {
      return ctx.Fail(Error::Invalid("since", "must be the cursor of an earlier answer"));
    }
    since = v;
  }
  ctx.Reply(checkin::Revocations(ctx.app, ctx.me(), id, since));
}

}  // namespace

void AddOfflineCheckinRoutes(RouteTable& t) {
  t.Add({"POST", "/checkin/batch", Access::kStaff, "check-in",
         "Upload the scans an offline scanner queued: {device_id, label?, event_id?, scans:[{nonce, "
         "code | ref, event_id, scanned_at, admitted?}]} → {device_id, synced_at, results:[{nonce, "
         "result, status, ...}], counts}. Recorded at scanned_at; idempotent by nonce. An empty "
         "batch is the device's heartbeat; its event_id (the door it is set to) lists the device "
         "for that event's organizer (ignored for an event the caller cannot check in at).",
         {200, 400, 401, 403},
         CheckInBatch, false,
         "Each scan is decided as POST /checkin would (result ok, invalid_code, unknown_ticket, "
         "wrong_event, ticket_void, already_checked_in) and recorded at its scanned_at (a time in "
         "the future is recorded as the upload time). The server is the truth for whether a "
         "person was let in: a valid ticket not yet checked in that the device did NOT let in "
         "(admitted:false) is not_admitted (409): recorded as a refused scan, the ticket stays "
         "unused and can be admitted later. A scan the device let in (admitted, default true) "
         "that is refused here (ticket_void, wrong_event, invalid_code, unknown_ticket) is "
         "listed for staff by GET /events/{id}/offline-refused-admissions. A ticket already checked in that this "
         "device let in too (admitted, default true) is duplicate_offline, with "
         "first_checked_in_at, first_device_id (null: scanned online), first_device_label (the "
         "name staff gave that phone, \"\" for none) and first_scanned_by; both "
         "admissions stay listed in GET /events/{id}/offline-duplicates. When this scan is "
         "earlier than that admission, the check-in moves back to it and the answer carries "
         "earlier_than_first:true (this one came first). A nonce this device sent "
         "before answers its recorded result again with replayed:true and admits nobody; one "
         "another device sent is nonce_taken. A scan for an event the caller may not work on is "
         "not_found or forbidden and is not recorded. At most 500 scans; the batch is recorded "
         "as a whole or not at all. Every call counts as the device's sync (post an empty scans "
         "list as a heartbeat). A scan may carry `ref` (a typed ticket reference, K7QX2M9A-2, "
         "that the scanner resolved offline from GET /events/{id}/offline-names) instead of "
         "`code`: decided the same way (unknown_ticket when no ticket has it, wrong_event for "
         "another event's ticket, ticket_void, duplicate_offline...) and answered with "
         "typed:true. A reference is not proof of a genuine ticket the way a signed code is: "
         "the scanner tells staff to check the holder's name. 400 validation_failed names the "
         "field, e.g. scans[2].nonce, or scans[0].ref for a malformed reference or both code "
         "and ref."});
  t.Add({"GET", "/events/{id}/revocations", Access::kStaff, "check-in",
         "What an offline scanner must refuse: {event_id, full, cursor, generated_at, void[], "
         "checked_in[], cleared[]} (ticket ids); ?since=<cursor> for the changes only.",
         {200, 400, 401, 403, 404}, Revocations, false,
         "Without since: every void ticket and every ticket checked in (full:true). With "
         "since=<the cursor of an earlier answer>: the tickets that changed after it, each in "
         "the list of its current state; cleared holds tickets whose check-in was undone. "
         "Organizers: own events (404 for events they may not see, 403 for another's published "
         "event)."});
  t.Add({"GET", "/events/{id}/offline-names", Access::kStaff, "check-in",
         "Holder names for offline answers (valid and void tickets), each encrypted with its "
         "ticket's code, and the "
         "event's orders for typed references offline, each encrypted with its order code: "
         "{event_id, items:[{k, n}], order_kdf:{algorithm, iterations, salt}, orders:[{k, n}]}.",
         {200, 401, 403, 404},
         [](Ctx& ctx) {
           int64_t id = 0;
           if (!EventAccessible(ctx, &id)) return;
           ctx.Reply(checkin::OfflineNames(ctx.app, ctx.me(), id));
         },
         false,
         "One entry per valid ticket: k = base64url(first 16 bytes of SHA-256(\"lanyard-name-"
         "index-v1:\" || code)), n = base64url(iv || AES-256-GCM ciphertext || tag) of "
         "{\"name\", \"type\"} under the key SHA-256(\"lanyard-name-key-v1:\" || code). A "
         "scanner finds and opens a name only with the scanned code, so a lost phone reveals "
         "nobody whose code it does not see. orders: one entry per order (all of its tickets, "
         "valid and void): d = PBKDF2-HMAC-SHA256(order code in upper case, base64url-decoded "
         "order_kdf.salt, order_kdf.iterations, 32 bytes); k = base64url(first 16 bytes of "
         "HMAC-SHA256(d, \"lanyard-order-index-v1\")); n = base64url(iv || AES-256-GCM "
         "ciphertext || tag) of {\"order\", \"tickets\":[{\"id\", \"n\" (number in the "
         "order), \"name\", \"type\"}]} under HMAC-SHA256(d, \"lanyard-order-key-v1\"); "
         "listed by k. No ticket code is in an entry. What a lost phone reveals: the number of "
         "orders, and an order's names and ticket types only for a guessed or known order code "
         "(8 characters of 32 letters, 2^40 codes; each guess costs one PBKDF2 of "
         "order_kdf.iterations and tests all entries at once; the salt is per event and "
         "deployment). Organizers: own events."});
  t.Add({"GET", "/checkin/devices", Access::kStaff, "check-in",
         "Scanner devices with their last sync, most recent first (organizers: devices scanning "
         "for their events).",
         {200, 400, 401, 403},
         [](Ctx& ctx) {
           auto page = ctx.Page();
           if (!page) return ctx.Fail(page.error());
           ctx.Json(200, checkin::ListDevices(ctx.app, ctx.me(), *page));
         }});
  t.Add({"GET", "/events/{id}/offline-duplicates", Access::kStaff, "check-in",
         "Tickets admitted twice while scanners were offline: who, which devices, when; newest "
         "first. {items:[{scan_id, ticket_id, holder_name, ticket_type, first:{scanned_at, "
         "device_id (null: online), device_label, scanned_by, synced_at}, second:{same}}], total, "
         "limit, offset}; device_label is the name staff gave the phone (\"\" for none).",
         {200, 400, 401, 403, 404},
         EventPageList(checkin::ListDuplicates)});
  t.Add({"GET", "/events/{id}/offline-refused-admissions", Access::kStaff, "check-in",
         "Scans an offline scanner let in that the server refused at sync (ticket voided or "
         "refunded before the scan, another event's ticket, a forged or unknown code): "
         "{items:[{scan_id, result, ticket_id, holder_name, ticket_type, scanned_at, synced_at, "
         "device_id, device_label, scanned_by}], total, limit, offset}, newest scan first.",
         {200, 400, 401, 403, 404},
         EventPageList(checkin::ListRefusedAdmissions),
         false,
         "result is ticket_void, wrong_event, invalid_code or unknown_ticket. ticket_id is null "
         "for a code that names no ticket of ours; holder_name and ticket_type are set only for "
         "ticket_void (another event's holder is not this door's business). Scans the device "
         "turned away (admitted:false) are not listed: nobody got in. Organizers: own events "
         "(404 for events they may not see, 403 for another's published event)."});
}

}  // namespace lanyard::web
