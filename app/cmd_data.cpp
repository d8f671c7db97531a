// `lanyard migrate`, `backup FILE`, `restore FILE`: the data file's life cycle.
#include <cstdio>
#include <filesystem>

#include "app/commands.h"
#include "storage/database.h"

namespace lanyard::cli {

namespace {
// backup and restore copy the SQLite file; a PostgreSQL database has its own tools.
void RefusePostgres(const GlobalOptions& g, const char* what) {
  if (g.db.empty()) return;
  std::fprintf(stderr,
               "lanyard: %s works on the SQLite file; with --db (PostgreSQL) use pg_dump and "
               "pg_restore (or pg_basebackup) on the server instead\n",
               what);
  throw CLI::RuntimeError(1);
}
}  // namespace

void AddDataCommands(CLI::App& root, GlobalOptions& g) {
  auto* migrate = root.add_subcommand("migrate", "Create or upgrade the database schema");
  migrate->fallthrough();
  migrate->callback([&g] {
    if (!g.db.empty()) {
      // PostgreSQL: the schema is all there is to do, and it lives in the database; nothing is
      // written to a data directory (none may exist on the machine that runs this).
      storage::DatabaseOptions options;
      options.url = g.db;
      storage::Database db(options);
      std::printf("schema version %d\n", db.schema_version());
      return;
    }
    App app(MakeAppOptions(g));
    std::printf("schema version %d\n", app.db().schema_version());
  });

  static std::string backup_file;
  auto* backup = root.add_subcommand("backup", "Write a consistent snapshot (safe while serving)");
  backup->fallthrough();
  backup->add_option("FILE", backup_file, "Target file")->required();
  backup->callback([&g] {
    RefusePostgres(g, "backup");
    const std::string db = g.data_dir + "/lanyard.db";
    if (!std::filesystem::exists(db)) {
      std::fprintf(stderr, "lanyard: no database at %s\n", db.c_str());
      throw CLI::RuntimeError(1);
    }
    storage::Database::Backup(db, backup_file);
    std::printf("backup written to %s (schema %d)\n", backup_file.c_str(),
                storage::Database::Inspect(backup_file));
  });

  static std::string restore_file;
  auto* restore = root.add_subcommand("restore", "Replace the database with a backup (server stopped)");
  restore->fallthrough();
  restore->add_option("FILE", restore_file, "Backup file")->required()->check(CLI::ExistingFile);
  restore->callback([&g] {
    RefusePostgres(g, "restore");
    const int version = storage::Database::Inspect(restore_file);
    if (LockDataDir(g.data_dir) < 0) {
      std::fprintf(stderr, "lanyard: a server is running on %s; stop it before restoring\n",
                   g.data_dir.c_str());
      throw CLI::RuntimeError(1);
    }
    const std::string db = g.data_dir + "/lanyard.db";
    // Copy beside, then rename: the old database stays whole until the new one is complete.
    storage::Database::Backup(restore_file, db + ".restoring");
    std::filesystem::remove(db + "-wal");
    std::filesystem::remove(db + "-shm");
    std::filesystem::remove(db + ".clean");  // the next start checks the restored file in full
    std::filesystem::rename(db + ".restoring", db);
    std::printf("restored %s (schema %d) into %s\n", restore_file.c_str(), version, db.c_str());
  });
}

}  // namespace lanyard::cli
