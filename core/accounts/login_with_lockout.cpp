// accounts::LoginWithLockout: the sign-in with its lockout policy (core/accounts/login_lockout.h).
#include "core/accounts/accounts.h"
#include "core/common/time_util.h"
#include "core/common/validation.h"

namespace lanyard::accounts {

Result<nlohmann::json> LoginWithLockout(App& app, const std::string& email, const std::string& password,
                                        int max_failures, int* retry_after) {
  auto attempt = app.login_lockout().Begin(NormalizeEmail(email), max_failures, NowSeconds(), retry_after);
  if (!attempt) return attempt.error();
  auto result = Login(app, email, password);
  app.login_lockout().Finish(*attempt, !result.ok() && result.error().code == codes::kInvalidCredentials);
  return result;
}

}  // namespace lanyard::accounts
