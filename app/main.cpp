// lanyard: the whole registration appliance in one executable.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <exception>

#include "app/build_info.h"
#include "app/commands.h"
#include "web/api_links.h"

int main(int argc, char** argv) {
  lanyard::web::InstallApiLinks();  // before any command builds views or mails
  CLI::App root{"Lanyard: event registration, payments, QR tickets and check-in in one binary."};
  root.require_subcommand(1);
  root.fallthrough();  // `lanyard admin create --data X` as well as `lanyard --data X admin create`
  lanyard::cli::GlobalOptions g;
  root.add_option("--data", g.data_dir, "Data directory")
      ->envname("LANYARD_DATA")
      ->capture_default_str();
  root.add_option("--db", g.db,
                  "PostgreSQL instead of SQLite: postgres://user@host/dbname (several instances "
                  "share one: records, uploads and signing keys live in it; --data keeps TLS and mail files)")
      ->envname("LANYARD_DB");
  lanyard::cli::AddServeCommand(root, g);
  lanyard::cli::AddAdminCommands(root, g);
  lanyard::cli::AddDataCommands(root, g);
  lanyard::cli::AddExportCommand(root, g);
  lanyard::cli::AddDemoCommand(root, g);
  lanyard::cli::AddDrawCommands(root, g);
  root.add_subcommand("version", "Print the version and the git describe it was built from")->callback([] {
    std::printf("lanyard %s (git %s)\n", LANYARD_VERSION, lanyard::GitDescribe());
  });
  try {
    root.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return root.exit(e);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "lanyard: %s\n", e.what());
    return 1;
  }
  return 0;
}
