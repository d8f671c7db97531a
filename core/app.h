#pragma once
// The core's composition root: the database, settings, secrets and shared services that every
// domain module works with. Built once by the app layer (serve, CLI commands, tests).
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "core/accounts/access_tokens.h"
#include "core/common/crypto.h"
#include "core/accounts/kdf_pool.h"
#include "core/accounts/login_lockout.h"
#include "core/ops/settings.h"
#include "core/checkin/ticket_code.h"
#include "storage/database.h"
#include "storage/upload_store.h"

namespace lanyard {

struct AppOptions {
  std::string data_dir;
  crypto::KdfStrength kdf = crypto::KdfStrength::kStandard;
  nlohmann::json setting_overrides = nlohmann::json::object();  // from flags and environment
  std::string db_url = {};  // postgres://… : the shared PostgreSQL database; "" = <data>/lanyard.db
  // false: the data directory is not created (a CLI command over PostgreSQL that writes
  // nothing but the database; its key files are read when they exist). SQLite always needs it.
  bool make_data_dir = true;
};

class App {
 public:
  // Creates the data directory (mode 0700; unless make_data_dir is false on PostgreSQL) and its
  // secrets on first start, opens the database.
  explicit App(AppOptions options);
  ~App();
  App(const App&) = delete;
  App& operator=(const App&) = delete;

  storage::Database& db() { return *db_; }
  Settings& settings() { return *settings_; }
  const AccessTokens& access_tokens() const { return *access_tokens_; }
  KdfPool& kdf() { return *kdf_; }
  const TicketSigner& ticket_signer() const { return *ticket_signer_; }
  // Failed sign-ins per account and client address (core/accounts/login_lockout.h); thread-safe.
  accounts::LoginLockout& login_lockout() { return *login_lockout_; }
  const std::string& data_dir() const { return options_.data_dir; }
  // <data>/uploads: files users sent, outside any served folder (SQLite's upload store).
  std::string UploadsDir() const { return options_.data_dir + "/uploads"; }
  // Where uploads are stored for this engine (storage/upload_store.h): UploadsDir() on SQLite,
  // the shared database on PostgreSQL. Thread-safe.
  storage::UploadStore& uploads() { return *uploads_; }
  std::string BaseUrl() const;

 private:
  const AppOptions options_;
  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<storage::UploadStore> uploads_;
  std::unique_ptr<Settings> settings_;
  std::unique_ptr<AccessTokens> access_tokens_;
  std::unique_ptr<KdfPool> kdf_;
  std::unique_ptr<TicketSigner> ticket_signer_;
  std::unique_ptr<accounts::LoginLockout> login_lockout_ = std::make_unique<accounts::LoginLockout>();
};

}  // namespace lanyard
