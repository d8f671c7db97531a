#include "core/ops/settings.h"

#include "core/ops/audit.h"
#include "core/ops/link_check.h"
#include "core/common/ip_range.h"
#include "core/common/local_time.h"
#include "core/common/time_util.h"
#include "storage/admin_repo.h"
#include "storage/shared_counters.h"

namespace lanyard {

using nlohmann::json;

namespace {
const char* const kSecretKeys[] = {"smtp_password"};
const char* const kPublicKeys[] = {"site_name", "base_url", "currency", "currency_minor_digits",
                                   "timezone", "default_locale", "require_email_confirmation",
                                   "require_event_approval"};

// Kind checks for admin updates: each known key and the JSON type it takes.
Status CheckValue(const std::string& key, const json& value) {
  const json defaults = Settings::Defaults();
  if (!defaults.contains(key)) return Error::Invalid(key, "unknown setting");
  const json& def = defaults[key];
  const bool same_kind = (def.is_boolean() && value.is_boolean()) ||
                         (def.is_number_integer() && value.is_number_integer()) ||
                         (def.is_string() && value.is_string());
  if (!same_kind) return Error::Invalid(key, "must be a " + std::string(def.type_name()));
  if (value.is_number_integer() && value.get<int64_t>() < 0) {
    return Error::Invalid(key, "must not be negative");
  }
  // Read back as int (SettingInt): a larger number would wrap around, even to 0.
  if (value.is_number_integer() && value.get<int64_t>() > 1000000000) {
    return Error::Invalid(key, "must be at most 1000000000");
  }
  // A limit of 0 refuses every request, the admin's attempt to undo it included.
  if (key.rfind("rate_", 0) == 0 && value.is_number_integer() && value.get<int64_t>() < 1) {
    return Error::Invalid(key, "must be at least 1");
  }
  if (key == "currency" && value.get<std::string>().size() != 3) {
    return Error::Invalid(key, "must be an ISO 4217 code such as IDR or EUR");
  }
  if (key == "mail_transport") {
    const std::string t = value.get<std::string>();
    if (t != "file" && t != "smtp" && t != "log") return Error::Invalid(key, "must be file, smtp or log");
  }
  if (key == "timezone" && !IsTimeZone(value.get<std::string>())) {
    return Error::Invalid(key, "must be an IANA time zone name such as Asia/Jakarta");
  }
  if (key == "default_locale") {
    const std::string l = value.get<std::string>();
    if (l != "en" && l != "id") return Error::Invalid(key, "must be en or id");
  }
  if (key == "trusted_proxies") {
    const std::string list = value.get<std::string>();
    std::string_view bad;  // points into `list`
    if (!ParseIpRangeList(list, &bad)) {
      return Error::Invalid(key, "'" + std::string(bad.substr(0, 60)) +
                                     "' is not an IP address or CIDR range; separate them with commas, "
                                     "such as 127.0.0.1, 10.0.0.0/8");
    }
  }
  if (key == "currency_minor_digits" && value.get<int64_t>() > 4) {
    return Error::Invalid(key, "must be between 0 and 4");
  }
  if (key == "payment_window_hours" && value.get<int64_t>() < 1) {
    return Error::Invalid(key, "must be at least 1");
  }
  return OkStatus();
}
}  // namespace

json Settings::Defaults() {
  return json{{"site_name", "Lanyard"},
              {"base_url", "http://127.0.0.1:8080"},
              {"currency", "IDR"},
              {"currency_minor_digits", 0},
              {"timezone", "Asia/Jakarta"},
              {"default_locale", "en"},
              {"bank_instructions", ""},
              {"payment_window_hours", 72},
              {"reminder_hours", 24},
              {"require_email_confirmation", true},
              {"require_event_approval", false},
              {"mail_transport", "file"},
              // No display name: mails then carry the site name (a set name wins).
              {"mail_from", "lanyard@localhost"},
              {"smtp_url", ""},
              {"smtp_password", ""},
              {"rate_limits", true},
              {"rate_login_per_minute", 10},
              // Wrong passwords per account and client address in 15 minutes before that pair
              // waits out the window; past the per-account number (all addresses) each try waits
              // 1, 2, 4 ... s, at most rate_login_slow_max_seconds (core/accounts/login_lockout.h).
              {"rate_login_failures_per_15min", 5},
              {"rate_login_account_failures_per_15min", 20},
              {"rate_login_slow_max_seconds", 60},
              {"rate_password_mails_per_hour", 5},
              {"rate_requests_per_minute", 600},
              // Addresses of reverse proxies whose X-Forwarded-For is believed (none by default).
              {"trusted_proxies", ""},
              {"rate_campaign_mails_per_minute", 600},
              // Upload quotas (documents and payment proofs): per user and per order, files and
              // bytes (past them 409 upload_quota); uploads stop while less disk than
              // upload_keep_free_mb would stay free (507 insufficient_storage).
              {"upload_max_files_per_user", 30},
              {"upload_max_bytes_per_user", 100 * 1024 * 1024},
              {"upload_max_files_per_order", 10},
              {"upload_max_bytes_per_order", 25 * 1024 * 1024},
              {"upload_keep_free_mb", 256},
              {"backup_interval_hours", 0},
              {"backup_keep", 7}};
}

Settings::Settings(storage::Database& db, json overrides)
    : db_(db), overrides_(std::move(overrides)) {
  std::lock_guard<std::mutex> lock(mutex_);
  LoadStoredLocked();
  Recompute();
}

void Settings::LoadStoredLocked() const {
  const uint64_t changes = storage::SettingsChangesSeen();  // before the rows: they are as new
  json stored = json::object();
  for (const auto& [key, text] : storage::LoadSettings(db_.Reader())) {
    stored[key] = json::parse(text, nullptr, false);
  }
  stored_ = std::move(stored);
  loaded_changes_ = changes;
}

void Settings::SetDerivedDefault(const std::string& key, json value) {
  std::lock_guard<std::mutex> lock(mutex_);
  derived_defaults_[key] = std::move(value);
  Recompute();
}

void Settings::Recompute() const {
  json effective = Defaults();
  for (const auto& [key, value] : derived_defaults_.items()) effective[key] = value;
  for (const auto& [key, value] : stored_.items()) {
    if (effective.contains(key) && !value.is_discarded()) effective[key] = value;
  }
  for (const auto& [key, value] : overrides_.items()) effective[key] = value;
  current_ = std::make_shared<const json>(std::move(effective));
}

void Settings::SetListenAddress(const std::string& host, int port) {
  std::lock_guard<std::mutex> lock(mutex_);
  listen_host_ = host;
  listen_port_ = port;
}

std::shared_ptr<const json> Settings::Snapshot() const {
  const uint64_t changes = storage::SettingsChangesSeen();  // always 0 on SQLite
  std::lock_guard<std::mutex> lock(mutex_);
  if (changes != loaded_changes_) {
    // Another instance changed the shared settings table (PostgreSQL). Unreadable now: keep
    // the settings as they were and try again on the next snapshot.
    try {
      LoadStoredLocked();
      Recompute();
    } catch (const std::exception&) {
    }
  }
  return current_;
}

json Settings::ForAdmin() const {
  json view = *Snapshot();
  view["smtp_password_set"] = !view["smtp_password"].get<std::string>().empty();
  for (const char* key : kSecretKeys) view.erase(key);
  json fixed = json::array();
  for (const auto& [key, value] : overrides_.items()) fixed.push_back(key);
  view["fixed_by_environment"] = fixed;
  json where = view;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    where["listen_host"] = listen_host_;
    where["several_instances"] = db_.dialect() == storage::Dialect::kPostgres;
    if (listen_port_ > 0) where["listen_port"] = listen_port_;
  }
  const auto warning = LinkWarning(where, LanAddresses());
  view["link_warning"] = warning ? warning->ToJson() : json(nullptr);
  return view;
}

json Settings::Public() const {
  auto snap = Snapshot();
  json view = json::object();
  for (const char* key : kPublicKeys) view[key] = (*snap)[key];
  return view;
}

Result<json> Settings::Update(const json& patch, int64_t actor_id) {
  if (!patch.is_object()) return Error::BadRequest("Send a JSON object of settings.");
  std::map<std::string, std::string> field_errors;
  json accepted = json::object();
  const json defaults = Defaults();
  for (const auto& [key, value] : patch.items()) {
    // SPEC §2: unknown fields are ignored (a page may send back the whole admin view).
    if (!defaults.contains(key)) continue;
    Status check = CheckValue(key, value);
    if (!check.ok()) {
      for (const auto& [f, why] : check.error().fields) field_errors[f] = why;
      continue;
    }
    accepted[key] = value;
  }
  if (!field_errors.empty()) return Error::Invalid(field_errors);
  const std::string now = NowRfc3339();
  json audit_details = json::object();
  for (const auto& [key, value] : accepted.items()) {
    audit_details[key] = key == "smtp_password" ? json("(changed)") : value;
  }
  db_.Write([&](storage::Conn& c) {
    for (const auto& [key, value] : accepted.items()) storage::UpsertSetting(c, key, value.dump());
    WriteAudit(c, actor_id, "settings.update", "settings", std::nullopt, audit_details);
    return true;
  });
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (const auto& [key, value] : accepted.items()) stored_[key] = value;
    Recompute();
  }
  storage::AnnounceSettingsChange(db_);  // the other instances reload before their next answer
  return ForAdmin();
}

}  // namespace lanyard
