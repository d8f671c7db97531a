#include "core/ops/setup_checks.h"

#include <optional>
#include <string>

#include "core/common/validation.h"
#include "core/events/event_access.h"
#include "core/mail/mail_message.h"
#include "storage/ticket_types_repo.h"

namespace lanyard {

namespace {

using nlohmann::json;

std::string Text(const json& settings, const char* key) {
  auto it = settings.find(key);
  return it != settings.end() && it->is_string() ? it->get<std::string>() : std::string();
}

json Check(const char* code, const char* message, json params = json::object()) {
  return {{"code", code}, {"message", message}, {"params", std::move(params)}};
}

// The sender's address is the default one, or any address at localhost.
bool DefaultSender(const std::string& mail_from) {
  const std::string email = ToLower(ParseMailAddress(mail_from).email);
  return email.empty() || email == kDefaultMailFrom || MailDomain(email) == "localhost";
}

// bank_instructions_missing, appended to `out` when it fails: over every event, or over
// `event_id`'s ticket types only (the same rule for the dashboard and the publish action).
void AddBankCheck(json& out, const json& settings, storage::Conn& c,
                  std::optional<int64_t> event_id) {
  if (!Trim(Text(settings, "bank_instructions")).empty()) return;
  const int64_t paid = storage::CountPaidTicketTypes(c, event_id);
  if (paid > 0) {
    out.push_back(Check("bank_instructions_missing",
                        "A ticket type takes money but there are no bank instructions: order "
                        "mails cannot say how to pay. Set them in Settings.",
                        {{"paid_ticket_types", paid}}));
  }
}

}  // namespace

json SetupChecks(const json& settings, storage::Conn& c) {
  json out = json::array();
  AddBankCheck(out, settings, c, std::nullopt);
  if (Text(settings, "mail_transport") == "smtp" && DefaultSender(Text(settings, "mail_from"))) {
    out.push_back(Check("mail_from_default",
                        "Mail goes out by SMTP from the default sender lanyard@localhost, which "
                        "mail servers refuse. Set a sender address your mail server accepts.",
                        {{"mail_from", Text(settings, "mail_from")}}));
  }
  return out;
}

Result<json> EventSetupChecks(App& app, const AuthUser& user, int64_t event_id) {
  storage::Conn& c = app.db().Reader();
  auto e = LoadEvent(c, &user, event_id, EventAccess::kManage);
  if (!e) return e.error();
  json items = json::array();
  AddBankCheck(items, *app.settings().Snapshot(), c, event_id);
  return json{{"items", std::move(items)}};
}

json AdminSettingsView(App& app) {
  json view = app.settings().ForAdmin();
  view["setup_checks"] = SetupChecks(*app.settings().Snapshot(), app.db().Reader());
  return view;
}

}  // namespace lanyard
