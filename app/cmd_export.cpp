// `lanyard export attendees --event ID [--format csv|json]`: the attendee list of SPEC §4 on
// stdout, from the same core function as GET /events/{id}/attendees.
#include <cstdio>
#include <filesystem>

#include "app/commands.h"
#include "core/events/attendees.h"

namespace lanyard::cli {

void AddExportCommand(CLI::App& root, GlobalOptions& g) {
  auto* exp = root.add_subcommand("export", "Export data to stdout");
  exp->fallthrough();
  exp->require_subcommand(1);

  static int64_t event_id = 0;
  static std::string format = "csv";
  auto* attendees_cmd =
      exp->add_subcommand("attendees", "An event's attendees (valid tickets) as CSV or JSON");
  attendees_cmd->fallthrough();
  attendees_cmd->add_option("--event", event_id, "Event id")->required();
  attendees_cmd->add_option("--format", format, "csv or json")
      ->check(CLI::IsMember({"csv", "json"}))
      ->capture_default_str();
  attendees_cmd->callback([&g] {
    // An SQLite export must not create an empty database where none was; PostgreSQL's is
    // reached by its URL.
    if (g.db.empty() && !std::filesystem::exists(g.data_dir + "/lanyard.db")) {
      std::fprintf(stderr, "lanyard: no database in %s\n", g.data_dir.c_str());
      throw CLI::RuntimeError(1);
    }
    App app(DatabaseOnlyAppOptions(g));  // with --db: no data directory is created
    std::string out;
    if (format == "json") {
      auto rows = attendees::Export(app, event_id);
      if (!rows) {
        std::fprintf(stderr, "lanyard: %s\n", rows.error().message.c_str());
        throw CLI::RuntimeError(1);
      }
      out = rows->dump(2) + "\n";
    } else {
      auto csv = attendees::ExportCsv(app, event_id);
      if (!csv) {
        std::fprintf(stderr, "lanyard: %s\n", csv.error().message.c_str());
        throw CLI::RuntimeError(1);
      }
      out = *csv;
    }
    std::fwrite(out.data(), 1, out.size(), stdout);
    std::fflush(stdout);
  });
}

}  // namespace lanyard::cli
