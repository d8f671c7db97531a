#include "core/checkin/offline_names.h"

#include "core/checkin/offline_orders.h"
#include "core/common/crypto.h"
#include "core/common/crypto_aead.h"
#include "core/events/event_access.h"
#include "storage/offline_scans_repo.h"
#include "storage/tickets_repo.h"

namespace lanyard::checkin {

using nlohmann::json;

std::string OfflineNameIndex(const std::string& code) {
  return crypto::Base64UrlEncode(crypto::Sha256("lanyard-name-index-v1:" + code).substr(0, 16));
}

std::string OfflineNameKey(const std::string& code) {
  return crypto::Sha256("lanyard-name-key-v1:" + code);
}

Result<json> OfflineNames(App& app, const AuthUser& user, int64_t event_id) {
  storage::Conn& c = app.db().Reader();
  auto e = LoadEvent(c, &user, event_id, EventAccess::kStaff);
  if (!e) return e.error();
  json items = json::array();
  // Void tickets too: a refunded ticket scanned offline is refused with its holder's name.
  for (const storage::TicketRow& t : storage::ListEventTickets(c, event_id)) {
    if (t.code.empty()) continue;
    const std::string plain = json{{"name", t.holder_name}, {"type", t.ticket_type_name}}.dump();
    items.push_back({{"k", OfflineNameIndex(t.code)},
                     {"n", crypto::Base64UrlEncode(crypto::Aes256GcmSeal(OfflineNameKey(t.code), plain))}});
  }
  json out = OfflineOrderEntries(c, app.ticket_signer().RawPublicKey(), event_id);
  out["event_id"] = event_id;
  out["items"] = std::move(items);
  return out;
}

}  // namespace lanyard::checkin
