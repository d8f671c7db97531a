#include "core/checkin/scan_nonce.h"

#include "core/checkin/tickets.h"
#include "core/common/error_codes.h"
#include "storage/offline_scans_repo.h"
#include "storage/tickets_repo.h"

namespace lanyard::checkin {

using nlohmann::json;

bool IsScanToken(const std::string& s, size_t min, size_t max) {
  if (s.size() < min || s.size() > max) return false;
  for (char ch : s) {
    const bool ok = (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
                    (ch >= '0' && ch <= '9') || ch == '-' || ch == '_';
    if (!ok) return false;
  }
  return true;
}

Status CheckScanNonce(const std::string& nonce, const std::string& device_id) {
  if (nonce.empty() && device_id.empty()) return OkStatus();
  std::map<std::string, std::string> fields;
  if (!IsScanToken(nonce, 16, 64)) fields["nonce"] = "must be 16-64 characters of A-Z, a-z, 0-9, - and _";
  if (!IsScanToken(device_id, 8, 64)) {
    fields["device_id"] = "must be 8-64 characters of A-Z, a-z, 0-9, - and _ (with a nonce)";
  }
  if (!fields.empty()) return Error::Invalid(fields, "The scan's nonce or device is not valid.");
  return OkStatus();
}

namespace {

const char* RefusalMessage(const std::string& code) {
  if (code == codes::kTicketVoid) return "This ticket is void.";
  if (code == codes::kWrongEvent) return "This ticket is for another event.";
  if (code == codes::kUnknownTicket) return "No ticket has this code.";
  if (code == codes::kNotAdmitted) {
    return "The scanner did not let this person in, so the ticket was not checked in.";
  }
  if (code == codes::kAlreadyCheckedIn) return "This ticket was checked in already.";
  return "This is not a valid ticket code.";
}

}  // namespace

std::optional<Result<json>> AnswerRecordedScan(storage::Conn& c, const std::string& nonce,
                                               const std::string& device_id) {
  if (nonce.empty()) return std::nullopt;
  auto stored = storage::FindScanByNonce(c, nonce);
  if (!stored) return std::nullopt;
  if (stored->device_id != device_id) {
    return std::optional<Result<json>>(
        std::in_place, Error::Conflict(codes::kNonceTaken, "Another device already sent a scan with this nonce."));
  }
  std::optional<storage::TicketRow> t;
  if (stored->ticket_id) t = storage::FindTicket(c, *stored->ticket_id);
  if (stored->result == "ok" && t) {
    return std::optional<Result<json>>(std::in_place, json{{"result", "ok"},
                                                           {"ticket", TicketJson(*t)},
                                                           {"holder_name", t->holder_name},
                                                           {"ticket_type", t->ticket_type_name},
                                                           {"checked_in_at", stored->created_at},
                                                           {"replayed", true}});
  }
  // A second admission (duplicate_offline) answers as the refusal an online scan gets for it.
  const std::string code = stored->result == codes::kDuplicateOffline ? std::string(codes::kAlreadyCheckedIn)
                                                                      : stored->result;
  Error e = Error::Make(code == "ok" ? std::string(codes::kInvalidCode) : code, RefusalMessage(code));
  if (t && code != codes::kWrongEvent && code != codes::kInvalidCode && code != codes::kUnknownTicket) {
    e.extra["holder_name"] = t->holder_name;
    e.extra["ticket_type"] = t->ticket_type_name;
    if (t->checked_in_at && code == codes::kAlreadyCheckedIn) e.extra["first_checked_in_at"] = *t->checked_in_at;
  }
  return std::optional<Result<json>>(std::in_place, e);
}

}  // namespace lanyard::checkin
