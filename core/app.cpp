#include "core/app.h"

#include <sys/stat.h>

#include <filesystem>
#include <stdexcept>

#include "core/ops/signing_keys.h"

namespace lanyard {

namespace {
void MakePrivateDir(const std::string& path) {
  std::error_code ec;
  std::filesystem::create_directories(path, ec);
  if (ec) throw std::runtime_error("cannot create directory " + path + ": " + ec.message());
  chmod(path.c_str(), 0700);
}
}  // namespace

App::App(AppOptions options) : options_(std::move(options)) {
  if (options_.make_data_dir || options_.db_url.empty()) MakePrivateDir(options_.data_dir);
  // On PostgreSQL uploads are rows of the shared database (storage/upload_store.h).
  if (options_.db_url.empty()) MakePrivateDir(UploadsDir());
  storage::DatabaseOptions db;
  if (options_.db_url.empty()) {
    db.path = options_.data_dir + "/lanyard.db";
  } else {
    db.url = options_.db_url;
  }
  db_ = std::make_unique<storage::Database>(db);
  uploads_ = storage::OpenUploadStore(*db_, UploadsDir());
  settings_ = std::make_unique<Settings>(*db_, options_.setting_overrides);
  SigningKeys keys = LoadOrCreateSigningKeys(*db_, options_.data_dir);
  access_tokens_ = std::make_unique<AccessTokens>(keys.token_key);
  kdf_ = std::make_unique<KdfPool>(options_.kdf);
  ticket_signer_ = std::move(keys.ticket_signer);
}

App::~App() = default;

std::string App::BaseUrl() const {
  std::string url = (*settings_->Snapshot())["base_url"].get<std::string>();
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

}  // namespace lanyard
