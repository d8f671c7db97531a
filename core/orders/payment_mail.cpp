#include "core/orders/payment_mail.h"

#include "core/common/money.h"
#include "core/orders/order_steps.h"

namespace lanyard::orders {

using nlohmann::json;

void QueuePaymentReceivedMail(App& app, storage::Conn& c, const storage::OrderRow& o, int64_t amount_received,
                              int64_t amount_paid, bool paid, const json& settings) {
  const int64_t due = paid ? 0 : AmountDue(o.total, amount_paid);
  // Empty strings for what does not apply: the templates test them with {{#…}} sections.
  json extra = {{"amount_received", FormatMoney(amount_received, settings)},
                {"amount_paid", FormatMoney(amount_paid, settings)},
                {"amount_due", due > 0 ? FormatMoney(due, settings) : ""},
                {"bank_instructions", due > 0 ? settings.value("bank_instructions", "") : std::string()},
                {"expires_at", due > 0 ? o.expires_at.value_or("") : ""},
                {"amount_overpaid", amount_paid > o.total ? FormatMoney(amount_paid - o.total, settings) : ""}};
  QueueOrderMail(app, c, "payment_received", o, settings, extra);
}

}  // namespace lanyard::orders
