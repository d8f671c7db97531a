#include "core/checkin/checkin.h"

#include <algorithm>

#include "core/common/crypto.h"
#include "core/events/event_access.h"
#include "core/checkin/scan_nonce.h"
#include "core/checkin/ticket_ref.h"
#include "core/checkin/tickets.h"
#include "core/common/time_util.h"
#include "core/common/write_unit.h"
#include "storage/checkin_repo.h"
#include "storage/events_repo.h"
#include "storage/offline_scans_repo.h"
#include "storage/tickets_repo.h"

namespace lanyard::checkin {

using nlohmann::json;

namespace {

constexpr const char* kCodeFormat =
    "L1 codes: \"L1\" followed by base64url without padding (canonical: unused low bits zero) of "
    "payload || signature, where payload = uvarint(ticket_id) || uvarint(event_id) || 8 random "
    "bytes (uvarint = unsigned LEB128, minimal length; ids in [1, 2^53-1]) and signature = the "
    "64-byte Ed25519 signature over \"lanyard-ticket-code-v1:\" || payload. At most 120 "
    "characters. A genuine signature proves the code was issued by this deployment; only the "
    "server knows whether it is still the ticket's current code and whether it was used.";

Error Refusal(const std::string& code, const std::string& message) {
  return Error::Make(code, message);
}

// Refusals about a known ticket carry what the door needs to show: who, which type.
Error TicketRefusal(const std::string& code, const std::string& message,
                    const storage::TicketRow& t) {
  Error e = Refusal(code, message);
  e.extra["holder_name"] = t.holder_name;
  e.extra["ticket_type"] = t.ticket_type_name;
  return e;
}

Error InvalidCode() {
  return Refusal(codes::kInvalidCode, "This is not a valid ticket code.");
}

// Organizers act on their own events only; staff and admins on all. An event that does not
// exist is left to the ticket lookup (it will be unknown_ticket or invalid_code).
Status CheckEventOfCode(storage::Conn& c, const AuthUser& user, int64_t event_id) {
  if (user.role == Role::kStaff || user.IsAdmin()) return OkStatus();
  if (!storage::FindEvent(c, event_id)) return OkStatus();
  auto e = LoadEvent(c, &user, event_id, EventAccess::kStaff);
  if (!e) return e.error();
  return OkStatus();
}

void LogScan(storage::Conn& c, const AuthUser& user, std::optional<int64_t> event_id,
             std::optional<int64_t> ticket_id, const std::string& result,
             std::optional<std::string> holder_name, const std::string& now,
             const ScanInput* scanned = nullptr) {
  storage::ScanRow scan;
  if (scanned && !scanned->nonce.empty()) {
    scan.nonce = scanned->nonce;
    scan.device_id = scanned->device_id;
  }
  scan.event_id = event_id;
  scan.ticket_id = ticket_id;
  scan.scanned_by = user.id;
  scan.result = result;
  scan.holder_name = std::move(holder_name);
  scan.created_at = now;
  storage::InsertScan(c, scan);
}

// The scan's time: the device's scanned_at (with a nonce), clamped to [now - 24 h, now], else now.
Result<std::string> ScanTime(const ScanInput& in) {
  const std::string now = NowRfc3339();
  if (in.scanned_at.empty()) return now;
  auto when = ParseRfc3339(in.scanned_at);
  if (!when) return Error::Invalid("scanned_at", "must be an RFC 3339 time");
  if (in.nonce.empty()) return Error::Invalid("scanned_at", "is only taken with nonce and device_id");
  const int64_t now_s = ParseRfc3339(now).value_or(NowSeconds());
  return FormatRfc3339(std::clamp(*when, now_s - 24 * 3600, now_s));
}

}  // namespace

// What staff typed instead of scanning. A short reference (K7QX2M9A-2) becomes the ticket's
// signed code, so the scan goes on exactly like a camera scan. A bare order code answers
// {result:"choose", order_code, tickets:[...]} for the door to pick from (nothing checked in).
// nullopt: not typed text, go on with `code` as it is.
// (Answers are built in place: a moved temporary Result trips GCC 12's -Wmaybe-uninitialized.)
std::optional<Result<json>> ResolveTyped(App& app, const AuthUser& user, std::string* code,
                                         std::optional<int64_t> event_id) {
  storage::Conn& c = app.db().Reader();
  if (auto ref = ParseTicketRef(*code)) {
    auto t = storage::FindTicketByRef(c, ref->order_code, ref->number);
    if (!t || t->code.empty()) {
      return std::optional<Result<json>>(std::in_place, Refusal(codes::kUnknownTicket, "No ticket has this reference."));
    }
    *code = t->code;
    return std::nullopt;
  }
  auto order_code = ParseOrderCode(*code);
  if (!order_code) return std::nullopt;
  const std::vector<storage::TicketRow> tickets = storage::ListTicketsOfOrderCode(c, *order_code);
  if (tickets.empty()) {
    return std::optional<Result<json>>(std::in_place, Refusal(codes::kUnknownTicket, "No order has this code."));
  }
  if (event_id && tickets.front().event_id != *event_id) {
    return std::optional<Result<json>>(std::in_place, Refusal(codes::kWrongEvent, "This order is for another event."));
  }
  Status allowed = CheckEventOfCode(c, user, tickets.front().event_id);
  if (!allowed.ok()) return std::optional<Result<json>>(std::in_place, allowed.error());
  json list = json::array();
  for (const storage::TicketRow& t : tickets) list.push_back(TicketJson(t));
  return std::optional<Result<json>>(std::in_place, json{{"result", "choose"}, {"order_code", *order_code}, {"tickets", list}});
}

Result<json> CheckIn(App& app, const AuthUser& user, const ScanInput& scanned) {
  if (scanned.code.empty()) return Error::Invalid("code", "is required");
  if (Status nonce = CheckScanNonce(scanned.nonce, scanned.device_id); !nonce) return nonce.error();
  auto scan_time = ScanTime(scanned);
  if (!scan_time) return scan_time.error();
  ScanInput in = scanned;
  // A scan whose nonce was recorded before (its batch synced first, or a retry) is answered
  // again inside each unit below, and nothing is recorded twice.
  std::optional<Result<json>> recorded;
  if (in.event_id) {
    auto e = LoadEvent(app.db().Reader(), &user, *in.event_id, EventAccess::kStaff);
    if (!e) return e.error();
  }
  // A refused scan naming no ticket is still a scan: its row (the scanner's event, no ticket,
  // no holder) is written in its own unit of work; a nonce recorded before answers instead.
  auto log_unnamed = [&](const std::string& result) {
    app.db().Write([&](storage::Conn& c) {
      recorded = AnswerRecordedScan(c, in.nonce, in.device_id);
      if (recorded) return false;
      LogScan(c, user, in.event_id, std::nullopt, result, std::nullopt, *scan_time, &in);
      return true;
    });
  };
  if (auto answered = ResolveTyped(app, user, &in.code, in.event_id)) {
    // A typed reference or order code that names nothing is logged like an invalid code.
    if (!answered->ok() && answered->error().code == codes::kUnknownTicket) {
      log_unnamed("unknown_ticket");
      if (recorded) return std::move(*recorded);
    }
    return std::move(*answered);
  }
  // The ids the code names, unverified: enough to find the ticket. A code equal to the stored
  // one (constant-time compare) is genuine, so the common case costs no Ed25519 verification.
  auto named = ReadTicketCodeClaims(in.code);
  if (!named) {
    log_unnamed("invalid_code");
    if (recorded) return std::move(*recorded);
    return InvalidCode();
  }
  if (!in.event_id) {
    auto allowed = CheckEventOfCode(app.db().Reader(), user, named->event_id);
    if (!allowed) return allowed.error();
  }

  const std::string now = *scan_time;
  std::optional<Error> refusal;
  bool unmatched = false;       // no ticket has this code: the signature decides the answer
  bool ticket_exists = false;
  std::optional<storage::TicketRow> admitted;  // the reply is built from it after the commit
  app.db().Write([&](storage::Conn& c) {
    // A unit may run more than once on PostgreSQL: every run decides the answer afresh.
    refusal.reset();
    unmatched = false;
    ticket_exists = false;
    admitted.reset();
    recorded = AnswerRecordedScan(c, in.nonce, in.device_id);
    if (recorded) return false;
    auto t = storage::FindTicket(c, named->ticket_id);
    if (!t || t->code.empty() || !crypto::ConstantTimeEquals(t->code, in.code)) {
      unmatched = true;
      ticket_exists = t.has_value();
      return false;
    }
    const std::optional<int64_t> log_event = in.event_id ? in.event_id : t->event_id;
    std::string result;
    if (in.event_id && *in.event_id != t->event_id) {
      result = "wrong_event";
      refusal = Refusal(codes::kWrongEvent, "This ticket is for another event.");
    } else if (t->status != TicketStatus::kValid) {
      result = "ticket_void";
      refusal = TicketRefusal(codes::kTicketVoid, "This ticket is void.", *t);
    } else if (t->checked_in_at || !storage::MarkCheckedIn(c, t->id, user.id, now)) {
      result = "already_checked_in";
      refusal = TicketRefusal(codes::kAlreadyCheckedIn, "This ticket was checked in already.", *t);
      refusal->extra["first_checked_in_at"] = t->checked_in_at.value_or(now);
    } else {
      result = "ok";
      t->checked_in_at = now;
      t->checked_in_by = user.id;
      admitted = *t;
    }
    // A refusal that names no ticket of this event does not leak its holder into the log.
    std::optional<std::string> holder;
    if (result != "wrong_event") holder = t->holder_name;
    LogScan(c, user, log_event, t->id, result, holder, now, &in);
    return true;
  });
  if (recorded) return std::move(*recorded);
  if (unmatched) {
    // Signature checking is CPU work: done here on the request thread, never on the writer.
    // Genuine but naming no ticket → unknown_ticket; anything else → invalid_code.
    const bool genuine = app.ticket_signer().Verify(in.code).has_value();
    const bool unknown = genuine && !ticket_exists;
    app.db().Write([&](storage::Conn& c) {
      recorded = AnswerRecordedScan(c, in.nonce, in.device_id);
      if (recorded) return false;
      std::optional<int64_t> log_event = in.event_id;
      if (!log_event && unknown && storage::FindEvent(c, named->event_id)) log_event = named->event_id;
      std::optional<int64_t> ticket_id;
      if (ticket_exists && genuine) ticket_id = named->ticket_id;
      LogScan(c, user, log_event, ticket_id, unknown ? "unknown_ticket" : "invalid_code",
              std::nullopt, now, &in);
      return true;
    });
    if (recorded) return std::move(*recorded);
    return unknown ? Refusal(codes::kUnknownTicket, "No ticket has this code.") : InvalidCode();
  }
  if (refusal) return *refusal;
  // Built here, not in the unit: the writer is serial, request threads are many.
  json reply = json::object();
  reply["result"] = "ok";
  reply["ticket"] = TicketJson(*admitted);
  reply["holder_name"] = admitted->holder_name;
  reply["ticket_type"] = admitted->ticket_type_name;
  reply["checked_in_at"] = now;
  return reply;
}

Result<json> Lookup(App& app, const AuthUser& user, const std::string& typed) {
  if (typed.empty()) return Error::Invalid("code", "is required");
  std::string code = typed;
  if (auto answered = ResolveTyped(app, user, &code, std::nullopt)) return std::move(*answered);
  auto named = ReadTicketCodeClaims(code);
  if (!named) return InvalidCode();
  storage::Conn& c = app.db().Reader();
  auto allowed = CheckEventOfCode(c, user, named->event_id);
  if (!allowed) return allowed.error();
  auto t = storage::FindTicket(c, named->ticket_id);
  if (!t || t->code.empty() || !crypto::ConstantTimeEquals(t->code, code)) {
    const bool genuine = app.ticket_signer().Verify(code).has_value();
    if (genuine && !t) return Refusal(codes::kUnknownTicket, "No ticket has this code.");
    return InvalidCode();
  }
  return json{{"ticket", TicketJson(*t)},
              {"holder_name", t->holder_name},
              {"holder_email", t->holder_email},
              {"ticket_type", t->ticket_type_name},
              {"status", ToString(t->status)},
              {"checked_in_at", t->checked_in_at ? json(*t->checked_in_at) : json()}};
}

Result<json> Undo(App& app, const AuthUser& user, int64_t ticket_id,
                  const std::string& seen_checked_in_at) {
  const std::string now = NowRfc3339();
  auto ticket = WriteUnit<storage::TicketRow>(app.db(), [&](storage::Conn& c) -> Result<storage::TicketRow> {
    auto t = storage::FindTicket(c, ticket_id);
    if (!t) return Error::NotFound("No such ticket.");
    auto e = LoadEvent(c, &user, t->event_id, EventAccess::kStaff);
    if (!e) {
      // A ticket of an event the caller may not see does not exist for them.
      // Another organizer's ticket included (SPEC §1: 404, not 403).
      return Error::NotFound("No such ticket.");
    }
    if (seen_checked_in_at.empty()) {
      return Error::Invalid("checked_in_at", "Name the check-in to undo (its checked_in_at).");
    }
    // The check-in moved back to an earlier admission (another phone's, synced later): the one
    // the caller saw was the second. Says which was first, as an offline duplicate does.
    if (t->checked_in_at && *t->checked_in_at < seen_checked_in_at) {
      Error e = Error::Conflict(codes::kCheckinChanged,
                                "The ticket was admitted earlier by another scan: this admission was the "
                                "second, and the first one stands.");
      e.extra["first_checked_in_at"] = *t->checked_in_at;
      if (auto first = storage::EarliestAdmittingScan(c, t->id); first && first->at == *t->checked_in_at) {
        e.extra["first_device_id"] = first->device_id.value_or("");
        e.extra["first_device_label"] = first->device_label;
        e.extra["first_scanned_by"] = first->scanned_by_name;
      }
      return e;
    }
    // Only the check-in the caller saw is undone: a stale Undo never clears a later one.
    if (t->checked_in_at && (*t->checked_in_at != seen_checked_in_at ||
                             storage::UndoneSince(c, t->id, seen_checked_in_at))) {
      return Error::Conflict(codes::kCheckinChanged,
                             "This check-in was undone or the ticket was checked in again.");
    }
    if (!t->checked_in_at) {
      if (storage::UndoneSince(c, t->id, seen_checked_in_at)) {
        return Error::Conflict(codes::kCheckinChanged, "This check-in was undone already.");
      }
    }
    if (!t->checked_in_at || !storage::ClearCheckIn(c, t->id)) {
      return Error::Conflict(codes::kNotCheckedIn, "This ticket is not checked in.");
    }
    LogScan(c, user, t->event_id, t->id, "undone", t->holder_name, now);
    WriteAudit(c, user.id, "checkin.undo", "ticket", t->id,
               {{"event_id", t->event_id}, {"checked_in_at", *t->checked_in_at},
                {"holder_name", t->holder_name}});
    t->checked_in_at.reset();
    t->checked_in_by.reset();
    return std::move(*t);
  });
  if (!ticket) return ticket.error();
  return TicketJson(*ticket);
}

Result<json> ListScans(App& app, const AuthUser& user, int64_t event_id, ListPage page) {
  storage::Conn& c = app.db().Reader();
  auto e = LoadEvent(c, &user, event_id, EventAccess::kStaff);
  if (!e) return e.error();
  int64_t total = 0;
  json items = json::array();
  for (const auto& s : storage::ListScans(c, event_id, page.limit, page.offset, &total)) {
    items.push_back({{"id", s.id},
                     {"event_id", s.event_id ? json(*s.event_id) : json()},
                     {"ticket_id", s.ticket_id ? json(*s.ticket_id) : json()},
                     {"result", s.result},
                     {"holder_name", s.holder_name ? json(*s.holder_name) : json()},
                     {"scanned_by", s.scanned_by},
                     {"scanned_by_name", s.scanned_by_name},
                     {"created_at", s.created_at}});
  }
  const auto counts = storage::CountCheckins(c, event_id);
  return json{{"items", items},
              {"total", total},
              {"limit", page.limit},
              {"offset", page.offset},
              {"counts", {{"checked_in", counts.checked_in}, {"sold", counts.sold}}}};
}

json Keys(const App& app) {
  const TicketSigner& signer = app.ticket_signer();
  return {{"keys", json::array({{{"id", signer.KeyId()},
                                 {"algorithm", "Ed25519"},
                                 {"public_key", signer.PublicKeyBase64Url()},
                                 {"pem", signer.PublicKeyPem()}}})},
          {"code_format", kCodeFormat}};
}

}  // namespace lanyard::checkin
