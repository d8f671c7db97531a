#pragma once
// The campaign-mail choice of an address (RFC 8058 one-click unsubscribe, SPEC §10). Campaign
// mails carry {base_url}/unsubscribe/{token} (a page) and List-Unsubscribe with the one-click
// path (Links().OneClickUnsubscribe); only a POST changes anything (mail scanners open links
// with GET/HEAD). Later campaigns skip unsubscribed addresses; transactional mails (orders,
// tickets, teams, sessions, nominations) are always sent.
//
// Thread safety: free functions over App.
#include <nlohmann/json.hpp>
#include <string>

#include "core/accounts/auth_user.h"
#include "core/app.h"
#include "core/common/result.h"

namespace lanyard::campaigns {

// GET /unsubscribe/{token} → {subscribed, email (masked: "ra***@example.org"), event_title (of
// the campaign that reached the address last; null before any)}; not_found for an unknown
// token. Changes nothing.
Result<nlohmann::json> DescribeSubscription(App& app, const std::string& token);
// POST /unsubscribe/{token} (subscribe=false) and POST /unsubscribe/{token}/resubscribe
// (subscribe=true) → as Describe. Idempotent; no login.
Result<nlohmann::json> SetSubscription(App& app, const std::string& token, bool subscribe);
// GET / PUT /me/mail-subscription: the signed-in user's own choice → {email, subscribed}.
Result<nlohmann::json> MySubscription(App& app, const AuthUser& user);
Result<nlohmann::json> SetMySubscription(App& app, const AuthUser& user, bool subscribe);

}  // namespace lanyard::campaigns
