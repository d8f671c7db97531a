#pragma once
// What a committee should still set before its first real event — the first-run checklist the
// admin dashboard and the settings page show (GET /settings `setup_checks`):
//
//   bank_instructions_missing  a ticket type takes money but no bank instructions are set, so
//                              the order mail could not say how to pay
//   mail_from_default          mail goes out by SMTP with the default sender lanyard@localhost,
//                              which real mail servers refuse
//
// Each check is {code, message (English, for logs and API readers), params}; pages say it in
// their language by code. Thread safety: reads only; call with any reader connection.
#include <nlohmann/json.hpp>

#include "core/accounts/auth_user.h"
#include "core/app.h"
#include "core/common/result.h"
#include "storage/conn.h"

namespace lanyard {

// The default sender address, refused by real mail servers.
inline constexpr const char* kDefaultMailFrom = "lanyard@localhost";

// `settings`: the current settings (Settings::Snapshot or ForAdmin). Returns a JSON array of
// the checks that fail, in the order above; empty when all is set.
nlohmann::json SetupChecks(const nlohmann::json& settings, storage::Conn& c);

// GET /events/{id}/setup-checks, for the publish action on the event's page: the checks above
// that concern one event — bank_instructions_missing when the event's own ticket types take
// money (the same rule as the dashboard's, counted over this event). → {items: [check...]},
// empty when none fails. Errors: not_found / forbidden (EventAccess::kManage: owner or admin).
Result<nlohmann::json> EventSetupChecks(App& app, const AuthUser& user, int64_t event_id);

// GET /settings: Settings::ForAdmin() with `setup_checks` (the list above) added.
nlohmann::json AdminSettingsView(App& app);

}  // namespace lanyard
