#include "core/checkin/ticket_share.h"

#include "core/checkin/ticket_ref.h"
#include "core/common/crypto.h"
#include "core/common/qr.h"
#include "core/common/validation.h"
#include "core/events/event_views.h"
#include "core/mail/mail_outbox.h"
#include "core/mail/mail_time.h"
#include "storage/events_repo.h"
#include "storage/users_repo.h"

namespace lanyard::tickets {

namespace {

constexpr size_t kKeyLength = 22;  // base64url characters: 132 bits of the MAC

Result<storage::TicketRow> LoadShared(App& app, int64_t id, const std::string& key) {
  const Error none = Error::NotFound("No such ticket, or the link is no longer valid.");
  if (key.size() != kKeyLength) return none;
  auto t = storage::FindTicket(app.db().Reader(), id);
  if (!t || t->status != TicketStatus::kValid) return none;
  const std::string expected = ShareKey(*t);
  if (expected.empty() || !crypto::ConstantTimeEquals(expected, key)) return none;
  return *t;
}

}  // namespace

std::string ShareKey(const storage::TicketRow& t) {
  if (t.code.empty()) return "";
  const std::string mac =
      crypto::HmacSha256(t.code, "lanyard-ticket-view-v1:" + std::to_string(t.id) + ":" +
                                     NormalizeEmail(t.holder_email));
  return crypto::Base64UrlEncode(mac).substr(0, kKeyLength);
}

std::string ShareUrl(const std::string& base_url, const storage::TicketRow& t) {
  return base_url + "/account/tickets/" + std::to_string(t.id) + "?key=" + ShareKey(t);
}

Result<nlohmann::json> GetShared(App& app, int64_t id, const std::string& key) {
  auto t = LoadShared(app, id, key);
  if (!t) return t.error();
  return TicketJson(*t);
}

Result<QrImage> QrShared(App& app, int64_t id, const std::string& key, QrFormat format) {
  auto t = LoadShared(app, id, key);
  if (!t) return t.error();
  if (format == QrFormat::kPng) return QrImage{"image/png", QrPng(t->code)};
  return QrImage{"image/svg+xml", QrSvg(t->code)};
}

void QueueHolderMail(App& app, storage::Conn& c, const storage::TicketRow& t,
                     const std::string& buyer_name, const std::string& buyer_locale) {
  auto event = storage::FindEvent(c, t.event_id);
  auto account = storage::FindUserByEmail(c, NormalizeEmail(t.holder_email));
  nlohmann::json data = {
      {"event_title", event ? event->title : t.event_title},
      {"event_starts_at", event ? events::EventStartForMail(*event) : nlohmann::json("")},
      {"event_venue", event ? events::VenueLine(*event) : std::string()},
      {"buyer_name", buyer_name},
      {"holder_name", t.holder_name},
      {"ticket_type", t.ticket_type_name},
      {"ticket_ref", FormatTicketRef(t.order_code, t.number_in_order)},
      {"ticket_url", ShareUrl(app.BaseUrl(), t)},
      {"ticket_id", t.id},
      {"ticket_code", t.code}};  // the composer makes the inline QR of it (ticket_qr_html)
  // A companion without an account reads the language the buyer ordered in.
  QueueMail(c, "ticket_holder", t.holder_email, t.holder_name,
            account ? account->locale : buyer_locale, data);
}

}  // namespace lanyard::tickets
