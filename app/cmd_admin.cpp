// `lanyard admin create`: make (or promote) a confirmed admin account.
#include <termios.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>

#include "app/commands.h"
#include "core/accounts/user_admin.h"

namespace lanyard::cli {

namespace {

std::string PromptPassword(const char* prompt) {
  std::fprintf(stderr, "%s", prompt);
  termios old_mode{};
  const bool tty = isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &old_mode) == 0;
  if (tty) {
    termios quiet = old_mode;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  std::string password;
  std::getline(std::cin, password);
  if (tty) {
    tcsetattr(STDIN_FILENO, TCSANOW, &old_mode);
    std::fprintf(stderr, "\n");
  }
  return password;
}

}  // namespace

void AddAdminCommands(CLI::App& root, GlobalOptions& g) {
  auto* admin = root.add_subcommand("admin", "Administrator accounts");
  admin->require_subcommand(1);
  admin->fallthrough();
  auto* create = admin->add_subcommand("create", "Create an admin, or make an existing user admin");
  create->fallthrough();
  static std::string email, password, name = "Administrator";
  create->add_option("--email", email, "E-mail address")->required();
  create->add_option("--password", password, "Password (prompted when absent)");
  create->add_option("--name", name, "Display name")->capture_default_str();
  create->callback([&g] {
    if (password.empty()) password = PromptPassword("Password for the new admin: ");
    App app(DatabaseOnlyAppOptions(g));  // with --db: no data directory is created
    auto id = user_admin::CreateAdmin(app, email, password, name);
    if (!id) {
      std::fprintf(stderr, "lanyard: %s\n", id.error().message.c_str());
      for (const auto& [field, why] : id.error().fields) {
        std::fprintf(stderr, "  %s: %s\n", field.c_str(), why.c_str());
      }
      throw CLI::RuntimeError(1);
    }
    std::printf("admin %s ready (user id %lld)\n", email.c_str(), static_cast<long long>(*id));
  });
}

}  // namespace lanyard::cli
