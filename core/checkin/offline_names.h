#pragma once
// GET /events/{id}/offline-names (issue 18): the names of an event's ticket holders for a door
// scanner to show offline, each encrypted with a key that only the ticket's own code gives, so
// a lost phone reveals a name only for a code that is scanned.
//
// Per ticket (valid or void):  k = base64url(SHA-256("lanyard-name-index-v1:" || code)[0..16))
//                    n = base64url(AES-256-GCM(SHA-256("lanyard-name-key-v1:" || code),
//                                  {"name": holder, "type": ticket type} as JSON))   (iv || ct || tag)
// Both are one-way functions of the code (which holds a 64-bit random part and a signature), so
// the list neither names tickets nor can be opened without their codes.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "core/accounts/auth_user.h"
#include "core/app.h"
#include "core/common/result.h"

namespace lanyard::checkin {

// The index and the key a code derives (exposed for tests and as the reference for the page).
std::string OfflineNameIndex(const std::string& code);  // base64url, 22 characters
std::string OfflineNameKey(const std::string& code);    // 32 raw bytes

// → {event_id, items:[{k, n}], order_kdf, orders:[{k, n}]} (orders: typed references offline,
// core/checkin/offline_orders.h); same access as the revocation list (403 / 404 for an organizer
// on another's event). Thread safety: any request thread (reads only; the first call for an
// event costs one PBKDF2 per order, later calls hit the derivation cache).
Result<nlohmann::json> OfflineNames(App& app, const AuthUser& user, int64_t event_id);

}  // namespace lanyard::checkin
