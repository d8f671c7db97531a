#pragma once
// The mail subsystem's view of the deployment settings (site_name, base_url, mail_from,
// mail_transport, smtp_url, smtp_password) plus the file transport's folder <data>/mail.
// Read fresh on each call, so settings changed by an admin apply to the next mail.
#include "core/app.h"
#include "core/mail/mail_compose.h"

namespace lanyard {

MailSettings MailSettingsOf(App& app);

}  // namespace lanyard
