#pragma once
// A ticket handed to a companion: when its holder address is set or changed, the holder gets a
// ticket_holder mail with a link that shows the ticket and its QR without an account:
//   {base_url}/account/tickets/{id}?key=K
// K = base64url(HMAC-SHA256(key = the ticket's signed code, "lanyard-ticket-view-v1:" + id +
// ":" + holder address, trimmed and lower-cased)), first 22 characters (128 bits). Only the
// server (and whoever already holds the code) can make it; changing the holder address changes
// K, so the previous holder's link stops working. The buyer keeps the ticket in their account.
//
// Thread safety: every function may be called from any request thread.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "core/app.h"
#include "core/checkin/tickets.h"
#include "core/common/result.h"
#include "storage/conn.h"
#include "storage/tickets_repo.h"

namespace lanyard::tickets {

// The view key of the ticket for its current holder address; "" for a ticket without a code.
std::string ShareKey(const storage::TicketRow& t);

// {base_url}/account/tickets/{id}?key=K.
std::string ShareUrl(const std::string& base_url, const storage::TicketRow& t);

// GET /tickets/{id}/shared?key=K (public): the ticket JSON (as GET /tickets/{id}) when K is the
// ticket's current key (constant-time compare); not_found otherwise, and for a void ticket.
Result<nlohmann::json> GetShared(App& app, int64_t id, const std::string& key);

// GET /tickets/{id}/shared/qr.svg?key=K: the QR image, same rule.
Result<QrImage> QrShared(App& app, int64_t id, const std::string& key, QrFormat format);

// Queues ticket_holder to the ticket's holder address, from `buyer_name`, in the holder's
// account language; a holder without an account gets the buyer's (`buyer_locale`, the language
// the order was placed in), else the deployment's default. Call inside the unit that changed
// the holder.
void QueueHolderMail(App& app, storage::Conn& c, const storage::TicketRow& t,
                     const std::string& buyer_name, const std::string& buyer_locale);

}  // namespace lanyard::tickets
