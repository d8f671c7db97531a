#include "core/ops/setup_checks.h"

#include <string>

#include "core/common/validation.h"
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

}  // namespace

json SetupChecks(const json& settings, storage::Conn& c) {
  json out = json::array();
  if (Trim(Text(settings, "bank_instructions")).empty()) {
    const int64_t paid = storage::CountPaidTicketTypes(c);
    if (paid > 0) {
      out.push_back(Check("bank_instructions_missing",
                          "A ticket type takes money but there are no bank instructions: order "
                          "mails cannot say how to pay. Set them in Settings.",
                          {{"paid_ticket_types", paid}}));
    }
  }
  if (Text(settings, "mail_transport") == "smtp" && DefaultSender(Text(settings, "mail_from"))) {
    out.push_back(Check("mail_from_default",
                        "Mail goes out by SMTP from the default sender lanyard@localhost, which "
                        "mail servers refuse. Set a sender address your mail server accepts.",
                        {{"mail_from", Text(settings, "mail_from")}}));
  }
  return out;
}

json AdminSettingsView(App& app) {
  json view = app.settings().ForAdmin();
  view["setup_checks"] = SetupChecks(*app.settings().Snapshot(), app.db().Reader());
  return view;
}

}  // namespace lanyard
