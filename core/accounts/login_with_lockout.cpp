// accounts::LoginWithLockout: the sign-in with its lockout policy (core/accounts/login_lockout.h).
#include "core/accounts/accounts.h"
#include "core/common/time_util.h"
#include "core/common/validation.h"

namespace lanyard::accounts {

Result<nlohmann::json> LoginWithLockout(App& app, const std::string& email, const std::string& password,
                                        const std::string& client_address, const LoginLimits& limits,
                                        int* retry_after) {
  LoginLockout& lockout = app.login_lockout();
  auto attempt = lockout.Begin(NormalizeEmail(email), client_address, limits, NowSeconds(), retry_after);
  if (!attempt) return attempt.error();
  auto result = Login(app, email, password);
  LoginOutcome outcome = LoginOutcome::kSignedIn;
  if (!result) {
    outcome = result.error().code == codes::kInvalidCredentials ? LoginOutcome::kWrongPassword : LoginOutcome::kOther;
  }
  lockout.Finish(*attempt, outcome, NowSeconds());
  return result;
}

}  // namespace lanyard::accounts
