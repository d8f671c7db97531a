#pragma once
// Resolves the configuration of SPEC §13: flag > environment > settings table > default.
// CLI11 handles flag > environment (each option names its variable); what settings the
// flags and variables fix is handed to Settings as overrides.
#include <nlohmann/json.hpp>
#include <string>

#include "core/app.h"

namespace lanyard::cli {

struct GlobalOptions {
  std::string data_dir = "./lanyard-data";
  std::string db;  // --db / LANYARD_DB: a postgres:// URL; empty = SQLite in data_dir
  std::string listen = "127.0.0.1:8080";
  std::string base_url;
  std::string tls = "off";
};

// AppOptions for the data dir, with the settings fixed by the environment
// (LANYARD_MAIL, LANYARD_SMTP_URL, LANYARD_MAIL_FROM, LANYARD_RATE_LIMITS, LANYARD_KDF).
AppOptions MakeAppOptions(const GlobalOptions& g);
// MakeAppOptions for a command that only reads and writes the database (migrate, admin create,
// export): with --db (PostgreSQL) nothing is written to a data directory, which is not created
// (none may exist on the machine that runs it); on SQLite the database lives in it.
AppOptions DatabaseOnlyAppOptions(const GlobalOptions& g);
bool KdfIsFast();
// An exclusive lock on <data>/lanyard.lock, held by `serve` for its lifetime so that
// `restore` can refuse to replace the database under a running server. Returns the descriptor
// to keep open, or -1 when another process holds the lock.
int LockDataDir(const std::string& data_dir);

// "host:port" → parts; false when malformed.
bool ParseListen(const std::string& listen, std::string* host, int* port);

}  // namespace lanyard::cli
