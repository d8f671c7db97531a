#include "core/checkin/checkin_batch.h"

#include <algorithm>
#include <map>
#include <optional>

#include "core/checkin/scan_nonce.h"
#include "core/checkin/ticket_code.h"
#include "core/checkin/ticket_ref.h"
#include "core/checkin/tickets.h"
#include "core/common/crypto.h"
#include "core/common/error_codes.h"
#include "core/common/time_util.h"
#include "core/common/validation.h"
#include "core/common/write_unit.h"
#include "core/events/event_access.h"
#include "storage/checkin_repo.h"
#include "storage/offline_scans_repo.h"
#include "storage/tickets_repo.h"

namespace lanyard::checkin {

using nlohmann::json;

namespace {

// What the request thread works out before the unit: the scan's time, the ids its code names
// and whether its signature is genuine (CPU work kept off the writer thread).
struct Prepared {
  const BatchScan* scan = nullptr;
  std::string at;  // normalised RFC 3339, never after the upload
  std::optional<TicketCodeClaims> claims;
  std::optional<TicketRef> ref;  // a typed reference instead of a code
  bool genuine = false;
  std::optional<Error> access;  // the caller may not scan for this event
};

// One scan as decided inside the unit; turned into JSON after the commit.
struct Decided {
  std::string nonce;
  std::string result;
  bool replayed = false;
  bool typed = false;
  bool earlier = false;  // duplicate_offline: this scan is earlier than the admission it repeats
  std::optional<storage::TicketRow> ticket;
  std::string at;  // checked_in_at (ok) or the scan time
  std::optional<storage::AdmittingScan> first;
  std::optional<Error> refusal;  // access refusals and nonce_taken: nothing recorded
};

struct Outcome {
  std::vector<Decided> scans;
};

const char* MessageFor(const std::string& result, bool typed) {
  if (result == codes::kInvalidCode) return "This is not a valid ticket code.";
  if (result == codes::kUnknownTicket) {
    return typed ? "No ticket has this reference." : "No ticket has this code.";
  }
  if (result == codes::kWrongEvent) return "This ticket is for another event.";
  if (result == codes::kTicketVoid) return "This ticket is void.";
  if (result == codes::kAlreadyCheckedIn) return "This ticket was checked in already.";
  if (result == codes::kNotAdmitted) {
    return "The scanner did not let this person in, so the ticket was not checked in.";
  }
  if (result == codes::kDuplicateOffline) {
    return "This ticket was admitted twice while scanners were offline.";
  }
  return "";
}

Status Validate(const BatchInput& in, const std::string& now, std::vector<Prepared>* out) {
  std::map<std::string, std::string> fields;
  if (!IsScanToken(in.device_id, 8, 64)) {
    fields["device_id"] = "must be 8-64 characters of A-Z, a-z, 0-9, - and _";
  }
  if (in.label.size() > 60 * 4 || Utf8Length(in.label) > 60 || !IsValidUtf8(in.label) ||
      HasControlChars(in.label, false)) {
    fields["label"] = "must be at most 60 characters on one line";
  }
  if (in.event_id && *in.event_id <= 0) fields["event_id"] = "must be an event id";
  if (in.scans.size() > kMaxBatchScans) {
    fields["scans"] = "at most " + std::to_string(kMaxBatchScans) + " scans per batch";
  }
  const int64_t now_s = ParseRfc3339(now).value_or(NowSeconds());
  for (size_t i = 0; i < in.scans.size() && fields.empty(); ++i) {
    const BatchScan& s = in.scans[i];
    const std::string at = "scans[" + std::to_string(i) + "].";
    if (!IsScanToken(s.nonce, 16, 64)) {
      fields[at + "nonce"] = "must be 16-64 characters of A-Z, a-z, 0-9, - and _";
    }
    std::optional<TicketRef> ref;
    if (!s.ref.empty()) {
      ref = ParseTicketRef(s.ref);
      if (!s.code.empty()) fields[at + "ref"] = "give either code or ref, not both";
      else if (!ref) fields[at + "ref"] = "must be a ticket reference like K7QX2M9A-2";
    } else if (s.code.empty() || s.code.size() > 1000) {
      fields[at + "code"] = "must be 1-1000 characters (or give ref)";
    }
    if (s.event_id <= 0) fields[at + "event_id"] = "is required";
    auto when = ParseRfc3339(s.scanned_at);
    if (!when) fields[at + "scanned_at"] = "must be an RFC 3339 time";
    if (!fields.empty()) break;
    Prepared p;
    p.scan = &s;
    p.ref = ref;
    p.at = FormatRfc3339(std::min(*when, now_s));
    out->push_back(std::move(p));
  }
  if (!fields.empty()) return Error::Invalid(fields, "The batch is not valid.");
  return OkStatus();
}

// Decides one new scan and records it. `p.access` was checked already.
Decided DecideAndRecord(storage::Conn& c, const AuthUser& user, const BatchInput& in,
                        const Prepared& p, const std::string& now) {
  const BatchScan& s = *p.scan;
  Decided d;
  d.nonce = s.nonce;
  d.at = p.at;
  d.typed = p.ref.has_value();
  storage::OfflineScanRow row;
  row.event_id = s.event_id;
  row.scanned_by = user.id;
  row.created_at = p.at;
  row.nonce = s.nonce;
  row.device_id = in.device_id;
  row.synced_at = now;
  row.device_admitted = s.admitted;

  std::optional<storage::TicketRow> t;
  if (p.claims) t = storage::FindTicket(c, p.claims->ticket_id);
  if (p.ref) t = storage::FindTicketByRef(c, p.ref->order_code, p.ref->number);
  // A typed reference names its ticket without proving anything (staff checked the name).
  const bool matches = p.ref ? t.has_value()
                             : t && !t->code.empty() && crypto::ConstantTimeEquals(t->code, s.code);
  if (p.ref && !matches) {
    d.result = codes::kUnknownTicket;
  } else if (!matches) {
    // A genuine signature naming no ticket is unknown; anything else is not a code of ours.
    d.result = p.genuine && !t ? codes::kUnknownTicket : codes::kInvalidCode;
    if (t && p.genuine) row.ticket_id = t->id;
  } else {
    row.ticket_id = t->id;
    row.holder_name = t->holder_name;
    if (t->event_id != s.event_id) {
      d.result = codes::kWrongEvent;
      row.holder_name.reset();  // not this door's business
    } else if (t->status != TicketStatus::kValid) {
      d.result = codes::kTicketVoid;
      d.ticket = t;
    } else if (!s.admitted && !t->checked_in_at) {
      // The server is the truth for "was this person let in": turned away at the door, the
      // ticket stays unused and its holder can still be admitted later.
      d.result = codes::kNotAdmitted;
      d.ticket = t;
    } else if (t->checked_in_at || !storage::MarkCheckedIn(c, t->id, user.id, p.at)) {
      d.result = s.admitted ? codes::kDuplicateOffline : codes::kAlreadyCheckedIn;
      d.first = storage::EarliestAdmittingScan(c, t->id);
      if (!d.first) d.first = storage::AdmittingScan{0, t->checked_in_at.value_or(""), {}, "", ""};
      d.ticket = t;
      // Admitted here before the recorded check-in: the ticket was in from this scan's time, so
      // this scan is the admission (ok in the log) and the one recorded before is the duplicate.
      // The answer still tells the device its admission was one of two (earlier_than_first).
      if (s.admitted && t->checked_in_at && p.at < *t->checked_in_at) {
        storage::MoveCheckInEarlier(c, t->id, user.id, p.at);
        d.earlier = true;
        row.result = "ok";
        const int64_t id = storage::InsertOfflineScan(c, row);
        storage::HandOverAdmission(c, t->id, id, *t->checked_in_at);
        return d;
      }
      if (d.first->id > 0) row.first_scan_id = d.first->id;
    } else {
      d.result = "ok";
      t->checked_in_at = p.at;
      t->checked_in_by = user.id;
      d.ticket = t;
    }
  }
  row.result = d.result;
  storage::InsertOfflineScan(c, row);
  return d;
}

// A nonce seen before: this device's answer again, or a refusal when another device used it.
Decided Replay(storage::Conn& c, const BatchInput& in, const storage::OfflineScanRow& stored) {
  Decided d;
  d.nonce = stored.nonce;
  if (stored.device_id != in.device_id) {
    d.result = "nonce_taken";
    d.refusal = Error::Conflict(codes::kNonceTaken, "Another device already sent a scan with this nonce.");
    return d;
  }
  d.replayed = true;
  d.result = stored.result;
  d.at = stored.created_at;
  if (stored.ticket_id && stored.result != codes::kWrongEvent && stored.result != codes::kInvalidCode &&
      stored.result != codes::kUnknownTicket) {
    d.ticket = storage::FindTicket(c, *stored.ticket_id);
  }
  // A duplicate whose scan the check-in moved back to was the earlier admission (rows from
  // before admissions were handed over).
  if (stored.result == codes::kDuplicateOffline && d.ticket && d.ticket->checked_in_at == stored.created_at) {
    d.earlier = true;
  }
  // An admission that took over from one recorded before it answers as it did then: a
  // duplicate, earlier than the admission it repeats.
  if (stored.result == "ok" && !stored.device_id.empty()) {
    if (auto later = storage::AdmissionHandedOverBy(c, stored.id)) {
      d.result = codes::kDuplicateOffline;
      d.earlier = true;
      d.first = std::move(later);
    }
  }
  return d;
}

// The scan POST /checkin recorded under this nonce before its request timed out on the device,
// which then answered it offline and queued it: the device's decision settles that one row (a
// late server answer never admits twice). Let in there too: the check-in stands (ok), or a
// refusal the device never saw is kept as a refused admission (already checked in: a
// duplicate). Turned away there: an admission the server made is cleared (not_admitted), as for
// any scan the door turned away.
Decided Settle(storage::Conn& c, const Prepared& p,
               const storage::OfflineScanRow& stored, const std::string& now) {
  const BatchScan& s = *p.scan;
  Decided d;
  d.nonce = stored.nonce;
  d.at = stored.created_at;
  d.typed = p.ref.has_value();
  d.result = stored.result;
  std::optional<storage::TicketRow> t;
  if (stored.ticket_id) t = storage::FindTicket(c, *stored.ticket_id);
  const bool names_ticket = t && d.result != codes::kWrongEvent && d.result != codes::kInvalidCode &&
                            d.result != codes::kUnknownTicket;
  if (names_ticket) d.ticket = t;
  std::optional<int64_t> first_scan_id;
  const bool repeated = d.result == codes::kAlreadyCheckedIn || d.result == codes::kDuplicateOffline;
  if (s.admitted && repeated && t) {
    d.result = codes::kDuplicateOffline;
    d.first = storage::EarliestAdmittingScan(c, t->id);
    if (!d.first) d.first = storage::AdmittingScan{0, t->checked_in_at.value_or(""), {}, "", ""};
    // Scanned before the recorded check-in (refused only because the server answered it after
    // the later one): this scan is the admission, the recorded one the duplicate.
    if (stored.result == codes::kAlreadyCheckedIn && t->checked_in_at &&
        stored.created_at < *t->checked_in_at) {
      storage::MoveCheckInEarlier(c, t->id, stored.scanned_by, stored.created_at);
      storage::SettleOnlineScan(c, stored.id, "ok", true, now, std::nullopt);
      storage::HandOverAdmission(c, t->id, stored.id, *t->checked_in_at);
      d.earlier = true;
      return d;
    }
    if (d.first->id > 0) first_scan_id = d.first->id;
  } else if (!s.admitted && d.result == codes::kDuplicateOffline) {
    // Another scan took the admission over; this device turned the holder away after all.
    d.result = codes::kAlreadyCheckedIn;
  } else if (!s.admitted && d.result == "ok" && t) {
    // Only the check-in this scan made (a later one, e.g. after an Undo, stays).
    if (t->checked_in_at == stored.created_at) storage::ClearCheckIn(c, t->id);
    d.result = codes::kNotAdmitted;
  }
  storage::SettleOnlineScan(c, stored.id, d.result, s.admitted, now, first_scan_id);
  return d;
}

json AnswerJson(const Decided& d) {
  json a = {{"nonce", d.nonce}, {"result", d.result}};
  if (d.refusal) {
    a["result"] = d.refusal->code;
    a["message"] = d.refusal->message;
    return a;
  }
  if (d.replayed) a["replayed"] = true;
  if (d.typed) a["typed"] = true;
  if (d.result == "ok") {
    a["checked_in_at"] = d.at;
    if (d.ticket) {
      a["ticket"] = TicketJson(*d.ticket);
      a["holder_name"] = d.ticket->holder_name;
      a["ticket_type"] = d.ticket->ticket_type_name;
    }
    return a;
  }
  a["message"] = MessageFor(d.result, d.typed);
  a["scanned_at"] = d.at;
  if (d.ticket) {
    a["holder_name"] = d.ticket->holder_name;
    a["ticket_type"] = d.ticket->ticket_type_name;
    a["ticket_id"] = d.ticket->id;
  }
  if (d.earlier) a["earlier_than_first"] = true;
  if (d.first) {
    a["first_checked_in_at"] = d.first->at;
    a["first_device_id"] = d.first->device_id ? json(*d.first->device_id) : json();
    a["first_device_label"] = d.first->device_label;
    a["first_scanned_by"] = d.first->scanned_by_name;
  }
  return a;
}

}  // namespace

Result<json> CheckInBatch(App& app, const AuthUser& user, const BatchInput& in) {
  const std::string now = NowRfc3339();
  std::vector<Prepared> prepared;
  Status valid = Validate(in, now, &prepared);
  if (!valid) return valid.error();

  // Access per event (a door scans for one event; a batch rarely names more than one).
  std::map<int64_t, std::optional<Error>> access;
  storage::Conn& reader = app.db().Reader();
  for (Prepared& p : prepared) {
    auto found = access.find(p.scan->event_id);
    if (found == access.end()) {
      auto e = LoadEvent(reader, &user, p.scan->event_id, EventAccess::kStaff);
      found = access.emplace(p.scan->event_id,
                             e ? std::nullopt : std::optional<Error>(e.error())).first;
    }
    p.access = found->second;
    if (p.access) continue;
    if (p.ref) continue;
    p.claims = ReadTicketCodeClaims(p.scan->code);
    p.genuine = p.claims && app.ticket_signer().Verify(p.scan->code).has_value();
  }
  std::optional<int64_t> door;
  for (const Prepared& p : prepared) {
    if (!p.access) door = p.scan->event_id;
  }
  if (!door && in.event_id && LoadEvent(reader, &user, *in.event_id, EventAccess::kStaff)) {
    door = in.event_id;  // the door the device is set to (a heartbeat)
  }

  auto outcome = WriteUnit<Outcome>(app.db(), [&](storage::Conn& c) -> Result<Outcome> {
    Outcome out;
    int64_t recorded = 0;
    for (const Prepared& p : prepared) {
      if (p.access) {
        Decided d;
        d.nonce = p.scan->nonce;
        d.refusal = *p.access;
        out.scans.push_back(std::move(d));
        continue;
      }
      if (auto stored = storage::FindScanByNonce(c, p.scan->nonce)) {
        if (stored->online && stored->device_id == in.device_id) {
          out.scans.push_back(Settle(c, p, *stored, now));
          ++recorded;
        } else {
          out.scans.push_back(Replay(c, in, *stored));
        }
        continue;
      }
      out.scans.push_back(DecideAndRecord(c, user, in, p, now));
      ++recorded;
    }
    storage::RecordDeviceSync(c, {in.device_id, in.label, user.id, door, now, recorded});
    return out;
  });
  if (!outcome) return outcome.error();

  json results = json::array();
  int64_t ok = 0, refused = 0, duplicates = 0, replayed = 0;
  for (const Decided& d : outcome->scans) {
    results.push_back(AnswerJson(d));
    if (d.replayed) ++replayed;
    if (d.refusal || d.result != "ok") ++refused;
    if (!d.refusal && d.result == "ok") ++ok;
    if (!d.refusal && d.result == codes::kDuplicateOffline) ++duplicates;
  }
  return json{{"device_id", in.device_id},
              {"synced_at", now},
              {"results", results},
              {"counts",
               {{"ok", ok}, {"refused", refused}, {"duplicates", duplicates}, {"replayed", replayed}}}};
}

}  // namespace lanyard::checkin
