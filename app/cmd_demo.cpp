// `lanyard demo [--data DIR]`: fills a data directory with a demo event (core/demo.h) and prints
// how to sign in. A second run on the same data says the demo exists and changes nothing.
#include <cstdio>

#include "app/commands.h"
#include "core/ops/demo.h"

namespace lanyard::cli {

void AddDemoCommand(CLI::App& root, GlobalOptions& g) {
  auto* demo_cmd = root.add_subcommand(
      "demo", "Create a demo event with ticket types, orders in every state and demo accounts");
  demo_cmd->fallthrough();
  demo_cmd->callback([&g] {
    App app(MakeAppOptions(g));
    auto summary = demo::Create(app);
    if (!summary) {
      std::fprintf(stderr, "lanyard: %s\n", summary.error().message.c_str());
      throw CLI::RuntimeError(1);
    }
    const std::string text = demo::Describe(*summary, app.BaseUrl());
    std::fwrite(text.data(), 1, text.size(), stdout);
    if (g.db.empty()) {
      std::printf("\nStart the server with: lanyard serve --data %s\n", g.data_dir.c_str());
    } else {
      // The URL may hold a password: name it, do not print it.
      std::printf("\nStart the server with: lanyard serve --data %s and the same --db (LANYARD_DB)\n",
                  g.data_dir.c_str());
    }
    std::fflush(stdout);
  });
}

}  // namespace lanyard::cli
