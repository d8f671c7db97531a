#pragma once
// Deployment settings (SPEC §12): defaults, overridden by the settings table, overridden in turn
// by command-line flags and environment variables. Thread-safe; reads are a cheap snapshot.
// On PostgreSQL the table is shared by every instance: a snapshot reloads it once this process
// has read a newer settings counter (storage/shared_counters.h; read at the start of every
// request), so a change answered by one instance holds on the others from their next request.
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>

#include "core/common/result.h"
#include "storage/database.h"

namespace lanyard {

class Settings {
 public:
  // `overrides` are the values fixed by flags or the environment (they win over the table).
  Settings(storage::Database& db, nlohmann::json overrides);

  // The effective settings. Secret values (smtp_password) are included: never send it out
  // as is; use Public() or ForAdmin().
  std::shared_ptr<const nlohmann::json> Snapshot() const;
  // Without secrets, with smtp_password_set, fixed_by_environment (keys) and link_warning
  // (LinkWarningInfo::ToJson(), or null when links in mails will open on a phone).
  nlohmann::json ForAdmin() const;
  nlohmann::json Public() const;     // what pages may show anyone

  // Validates and stores a partial update from an admin; returns the admin view.
  Result<nlohmann::json> Update(const nlohmann::json& patch, int64_t actor_id);

  static nlohmann::json Defaults();
  // Replaces a built-in default with one derived at start-up (base_url from the bound address).
  void SetDerivedDefault(const std::string& key, nlohmann::json value);
  // Records the address `serve` listens on (host as given to --listen, the bound port), so that
  // ForAdmin() can warn about links no phone can open (`link_warning`, see core/ops/link_check.h).
  void SetListenAddress(const std::string& host, int port);

 private:
  // Both REQUIRE mutex_ held; const because Snapshot() reloads what another instance changed.
  void Recompute() const;
  void LoadStoredLocked() const;

  storage::Database& db_;
  const nlohmann::json overrides_;
  nlohmann::json derived_defaults_ = nlohmann::json::object();  // GUARDED_BY(mutex_)
  mutable std::mutex mutex_;
  mutable nlohmann::json stored_;                  // GUARDED_BY(mutex_)
  std::string listen_host_;                        // GUARDED_BY(mutex_)
  int listen_port_ = 0;                            // GUARDED_BY(mutex_)
  mutable std::shared_ptr<const nlohmann::json> current_;  // GUARDED_BY(mutex_)
  mutable uint64_t loaded_changes_ = 0;                   // GUARDED_BY(mutex_): SettingsChangesSeen() at load
};

}  // namespace lanyard
