#include "app/config.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

namespace lanyard::cli {

namespace {
const char* Env(const char* name) {
  const char* v = std::getenv(name);
  return v && *v ? v : nullptr;
}
}  // namespace

bool KdfIsFast() {
  const char* kdf = Env("LANYARD_KDF");
  return kdf && std::string(kdf) == "fast";
}

AppOptions MakeAppOptions(const GlobalOptions& g) {
  AppOptions o;
  o.data_dir = g.data_dir;
  o.db_url = g.db;
  o.kdf = KdfIsFast() ? crypto::KdfStrength::kFast : crypto::KdfStrength::kStandard;
  nlohmann::json overrides = nlohmann::json::object();
  if (!g.base_url.empty()) overrides["base_url"] = g.base_url;
  if (const char* v = Env("LANYARD_MAIL")) overrides["mail_transport"] = v;
  if (const char* v = Env("LANYARD_SMTP_URL")) overrides["smtp_url"] = v;
  if (const char* v = Env("LANYARD_MAIL_FROM")) overrides["mail_from"] = v;
  if (const char* v = Env("LANYARD_RATE_LIMITS")) overrides["rate_limits"] = std::string(v) != "off";
  o.setting_overrides = overrides;
  return o;
}

AppOptions DatabaseOnlyAppOptions(const GlobalOptions& g) {
  AppOptions o = MakeAppOptions(g);
  o.make_data_dir = g.db.empty();
  return o;
}

int LockDataDir(const std::string& data_dir) {
  std::error_code ignored;
  std::filesystem::create_directories(data_dir, ignored);
  const int fd = ::open((data_dir + "/lanyard.lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return -1;
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

bool ParseListen(const std::string& listen, std::string* host, int* port) {
  const size_t colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0) return false;
  *host = listen.substr(0, colon);
  if (host->size() > 2 && host->front() == '[' && host->back() == ']') {
    *host = host->substr(1, host->size() - 2);
  }
  try {
    size_t used = 0;
    *port = std::stoi(listen.substr(colon + 1), &used);
    return used == listen.size() - colon - 1 && *port >= 0 && *port <= 65535;
  } catch (...) {
    return false;
  }
}

}  // namespace lanyard::cli
