#include "core/checkin/offline_orders.h"

#include <map>
#include <mutex>

#include "core/common/crypto.h"
#include "core/common/crypto_aead.h"
#include "core/common/crypto_kdf.h"
#include "storage/offline_scans_repo.h"

namespace lanyard::checkin {

using nlohmann::json;

namespace {

constexpr size_t kCacheLimit = 100000;

struct SecretCache {
  std::mutex mu;
  std::map<std::string, OfflineOrderSecret> entries;  // GUARDED_BY(mu)
};

SecretCache& Cache() {
  static SecretCache cache;
  return cache;
}

}  // namespace

std::string OfflineOrderSalt(const std::string& raw_public_key, int64_t event_id) {
  return crypto::Sha256("lanyard-order-salt-v1:" + raw_public_key + ":" + std::to_string(event_id))
      .substr(0, 16);
}

OfflineOrderSecret DeriveOfflineOrderSecret(const std::string& order_code, const std::string& salt,
                                            int iterations) {
  const std::string cache_key = salt + '\n' + order_code + '\n' + std::to_string(iterations);
  SecretCache& cache = Cache();
  {
    std::lock_guard<std::mutex> lock(cache.mu);
    auto found = cache.entries.find(cache_key);
    if (found != cache.entries.end()) return found->second;
  }
  // The slow part runs outside the lock: two threads may derive one code at once, harmlessly.
  const std::string d = crypto::Pbkdf2Sha256(order_code, salt, iterations);
  OfflineOrderSecret secret{
      crypto::Base64UrlEncode(crypto::HmacSha256(d, "lanyard-order-index-v1").substr(0, 16)),
      crypto::HmacSha256(d, "lanyard-order-key-v1")};
  std::lock_guard<std::mutex> lock(cache.mu);
  if (cache.entries.size() >= kCacheLimit) cache.entries.clear();
  cache.entries.emplace(cache_key, secret);
  return secret;
}

json OfflineOrderEntries(storage::Conn& c, const std::string& raw_public_key, int64_t event_id) {
  const std::string salt = OfflineOrderSalt(raw_public_key, event_id);
  // One entry per order code, its tickets by id (their number in the order).
  std::map<std::string, json> orders;
  for (const storage::TicketRow& t : storage::ListEventTickets(c, event_id)) {
    if (t.order_code.empty()) continue;
    json& tickets = orders[t.order_code];
    if (tickets.is_null()) tickets = json::array();
    tickets.push_back({{"id", t.id},
                       {"n", t.number_in_order},
                       {"name", t.holder_name},
                       {"type", t.ticket_type_name}});
  }
  // Listed by index, never by code: the place of an entry must say nothing about its code.
  std::map<std::string, std::string> sealed;  // index → base64url(iv || ciphertext || tag)
  for (const auto& [code, tickets] : orders) {
    const OfflineOrderSecret s = DeriveOfflineOrderSecret(code, salt, kOfflineOrderIterations);
    const std::string plain = json{{"order", code}, {"tickets", tickets}}.dump();
    sealed[s.index] = crypto::Base64UrlEncode(crypto::Aes256GcmSeal(s.key, plain));
  }
  json entries = json::array();
  for (const auto& [k, n] : sealed) entries.push_back({{"k", k}, {"n", n}});
  return json{{"order_kdf",
               {{"algorithm", "PBKDF2-SHA256"},
                {"iterations", kOfflineOrderIterations},
                {"salt", crypto::Base64UrlEncode(salt)}}},
              {"orders", entries}};
}

}  // namespace lanyard::checkin
