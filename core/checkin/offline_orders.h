#pragma once
// What lets an offline door scanner resolve a TYPED reference (K7QX2M9A-2) or order code
// (K7QX2M9A) to a ticket it may admit, without keeping a readable list of references or names.
// Served inside GET /events/{id}/offline-names as `orders` with its `order_kdf`.
//
// Per order of the event (one entry, all of its tickets, valid and void):
//   d = PBKDF2-HMAC-SHA256(password = the order code in upper case, salt, iterations, 32 bytes)
//   k = base64url(HMAC-SHA256(d, "lanyard-order-index-v1")[0..16))           (22 characters)
//   n = base64url(AES-256-GCM(HMAC-SHA256(d, "lanyard-order-key-v1"),
//         {"order": code, "tickets": [{"id", "n" (number in the order), "name", "type"}]}))
//   salt = first 16 bytes of SHA-256("lanyard-order-salt-v1:" || the deployment's Ed25519
//          public key (32 raw bytes) || ":" || event id in decimal): per event and deployment,
//          stable, so a precomputed table serves one event only.
// The entry holds no ticket code: a typed reference is not proof of a genuine ticket (staff check
// the name), and a lost phone never yields a QR code that works.
//
// What a lost phone reveals: how many orders the event has, and the holder names and ticket
// types of an order only for someone who knows or guesses its code. Order codes are 8 characters
// of a 32-letter alphabet (2^40 codes); every guess costs one PBKDF2 of kOfflineOrderIterations,
// and one guess tests all entries of the event at once.
//
// Thread safety: all functions may be called from any thread (the derivation cache has a mutex).
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "storage/conn.h"

namespace lanyard::checkin {

// PBKDF2 iterations per order code; the scanner reads it from `order_kdf` (never hard-coded).
inline constexpr int kOfflineOrderIterations = 20000;

// The event's salt (16 raw bytes) for a deployment's raw 32-byte Ed25519 public key.
std::string OfflineOrderSalt(const std::string& raw_public_key, int64_t event_id);

// The index (22 characters, base64url) and the AES-256-GCM key (32 raw bytes) an order code
// derives. Remembered per (salt, code, iterations) for the life of the process (at most
// 100,000 entries; the cache starts over when full), so a scanner's refresh costs no PBKDF2.
struct OfflineOrderSecret {
  std::string index;
  std::string key;
};
OfflineOrderSecret DeriveOfflineOrderSecret(const std::string& order_code, const std::string& salt,
                                            int iterations);

// {order_kdf: {algorithm: "PBKDF2-SHA256", iterations, salt (base64url)}, orders: [{k, n}]}
// for the event's tickets, read on `c` (a reader). The caller checked access.
nlohmann::json OfflineOrderEntries(storage::Conn& c, const std::string& raw_public_key,
                                   int64_t event_id);

}  // namespace lanyard::checkin
