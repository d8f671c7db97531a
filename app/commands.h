#pragma once
// The CLI11 subcommands of SPEC §13; each Add* wires one command.
#include <CLI/CLI.hpp>

#include "app/config.h"

namespace lanyard::cli {

void AddServeCommand(CLI::App& root, GlobalOptions& g);
void AddAdminCommands(CLI::App& root, GlobalOptions& g);
void AddDataCommands(CLI::App& root, GlobalOptions& g);  // migrate, backup, restore
void AddExportCommand(CLI::App& root, GlobalOptions& g);  // export attendees
void AddDemoCommand(CLI::App& root, GlobalOptions& g);    // demo
void AddDrawCommands(CLI::App& root, GlobalOptions& g);   // draw verify

}  // namespace lanyard::cli
