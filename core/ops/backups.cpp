#include "core/ops/backups.h"

#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "core/ops/audit.h"
#include "core/common/time_util.h"

namespace lanyard::backups {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {
std::string Dir(App& app) { return app.data_dir() + "/backups"; }

std::string FileStamp(int64_t t) {
  std::string s = FormatRfc3339(t);  // 2026-06-01T09:00:00Z → 20260601T090000Z
  s.erase(std::remove(s.begin(), s.end(), '-'), s.end());
  s.erase(std::remove(s.begin(), s.end(), ':'), s.end());
  return s;
}

std::vector<fs::directory_entry> Files(App& app) {
  std::vector<fs::directory_entry> out;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(Dir(app), ec)) {
    if (entry.is_regular_file() && entry.path().extension() == ".db") out.push_back(entry);
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.path() > b.path(); });
  return out;
}
}  // namespace

bool Available(App& app) { return app.db().dialect() != storage::Dialect::kPostgres; }

Result<json> Create(App& app, const AuthUser* actor) {
  if (!Available(app)) {
    return Error::Conflict(codes::kInvalidState,
                           "Backups of a PostgreSQL database are taken with pg_dump on the "
                           "database server.");
  }
  fs::create_directories(Dir(app));
  chmod(Dir(app).c_str(), 0700);
  const int64_t now = NowSeconds();
  std::string name = "lanyard-" + FileStamp(now) + ".db";
  for (int n = 2; fs::exists(Dir(app) + "/" + name); ++n) {
    name = "lanyard-" + FileStamp(now) + "-" + std::to_string(n) + ".db";
  }
  const std::string path = Dir(app) + "/" + name;
  try {
    storage::Database::Backup(app.db().path(), path);
  } catch (const std::exception& e) {
    // A half-written file would count as one of the kept backups and push a good one out.
    std::error_code ec;
    fs::remove(path, ec);
    std::fprintf(stderr, "lanyard: backup failed: %s\n", e.what());
    return Error::Make(codes::kInternal, "The backup could not be written.");
  }
  const auto size = static_cast<int64_t>(fs::file_size(path));
  if (actor) {
    app.db().Write([&](storage::Conn& c) {
      WriteAudit(c, actor->id, "backup.create", "backup", std::nullopt, {{"name", name}, {"size", size}});
      return true;
    });
  }
  return json{{"name", name}, {"size", size}, {"created_at", FormatRfc3339(now)}};
}

json List(App& app) {
  json items = json::array();
  for (const auto& f : Files(app)) {
    const auto mtime = fs::last_write_time(f.path());
    const auto secs = std::chrono::duration_cast<std::chrono::seconds>(
        std::chrono::file_clock::to_sys(mtime).time_since_epoch()).count();
    items.push_back({{"name", f.path().filename().string()},
                     {"size", static_cast<int64_t>(f.file_size())},
                     {"created_at", FormatRfc3339(secs)}});
  }
  return {{"items", items}, {"total", items.size()}, {"limit", items.size()}, {"offset", 0},
          {"available", Available(app)}};
}

void Prune(App& app, int keep) {
  auto files = Files(app);
  for (size_t i = static_cast<size_t>(std::max(keep, 1)); i < files.size(); ++i) {
    std::error_code ec;
    fs::remove(files[i].path(), ec);
  }
}

Scheduler::Scheduler(App& app)
    : PeriodicJob("backup scheduler", std::chrono::minutes(1), [this] { Pass(); }),
      app_(app),
      last_(NowSeconds()) {}

void Scheduler::Pass() {
  const auto settings = app_.settings().Snapshot();
  const int64_t hours = (*settings)["backup_interval_hours"].get<int64_t>();
  if (hours <= 0 || NowSeconds() - last_ < hours * 3600) return;
  if (!Available(app_)) {
    // Said once per interval, not silently skipped; /admin's backup settings say it too.
    last_ = NowSeconds();
    std::fprintf(stderr,
                 "lanyard: backup scheduler: scheduled backups are off on PostgreSQL; back the "
                 "database up with pg_dump on the database server\n");
    return;
  }
  last_ = NowSeconds();
  // Prune only after a backup succeeded: pruning after a failed one would leave fewer good
  // backups than backup_keep. A throw is logged by PeriodicJob and the next pass runs on time.
  if (!Create(app_, nullptr).ok()) return;
  Prune(app_, (*settings)["backup_keep"].get<int>());
}

}  // namespace lanyard::backups
