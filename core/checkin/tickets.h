#pragma once
// Tickets (SPEC §7). Two halves:
//  - functions the orders code calls INSIDE its own unit of work (IssueTickets, VoidTickets,
//    OrderTicketsJson) and the ticket JSON shared by every route that shows a ticket;
//  - the ticket routes' services (lanyard::tickets): own list, one ticket, its QR, the holder.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/app.h"
#include "core/ops/audit.h"
#include "core/accounts/auth_user.h"
#include "core/common/result.h"
#include "core/checkin/ticket_code.h"
#include "storage/conn.h"
#include "storage/order_holders_repo.h"
#include "storage/tickets_repo.h"

namespace lanyard {

struct TicketIssueRequest {
  int64_t order_id = 0, event_id = 0, user_id = 0;
  std::string holder_name, holder_email;  // the buyer; each holder can be changed later
  std::vector<std::pair<int64_t, int64_t>> items;  // ticket_type_id, quantity
  // Holders named at checkout by position (1 = the first unit of the first item); a unit
  // without one, or with an empty name or address, takes the buyer's.
  std::vector<storage::OrderHolderRow> holders = {};
};

// One ticket per unit: inserts each row, then sets code = signer.Issue(id, event_id). Call
// inside the unit of work that marks the order paid. Returns, for each ticket,
// {id, code, holder_name, ticket_type (name)}: exactly the list the `tickets` mail takes in
// its data under "tickets".
std::vector<nlohmann::json> IssueTickets(storage::Conn& c, const TicketSigner& signer,
                                         const TicketIssueRequest& request);

// Voids every valid ticket of the order (refund, cancellation). Checked-in tickets are voided
// too; their check-in time stays for the record.
void VoidTickets(storage::Conn& c, int64_t order_id);

// The ticket of SPEC §7: id, order_id, event_id, ticket_type_id, ticket_type (name),
// holder_name, holder_email, code, status, checked_in_at, created_at (+ order_code and
// event_title when the row was read with them).
nlohmann::json TicketJson(const storage::TicketRow& t);

// TicketJson of each ticket of the order, by id (for the order's `tickets[]`).
std::vector<nlohmann::json> OrderTicketsJson(storage::Conn& c, int64_t order_id);

namespace tickets {

// GET /tickets: the caller's own tickets, newest first, as a paged list.
nlohmann::json ListOwn(App& app, const AuthUser& user, ListPage page);

// GET /tickets/{id}: the owner, staff and admins, the event's organizer; others get 404.
Result<nlohmann::json> Get(App& app, const AuthUser& user, int64_t id);

// GET /tickets/{id}/qr.svg|png: the owner, staff and admins (and the event's organizer).
struct QrImage {
  std::string content_type;
  std::string bytes;
};
enum class QrFormat { kSvg, kPng };
Result<QrImage> Qr(App& app, const AuthUser& user, int64_t id, QrFormat format);

// PATCH /tickets/{id}: the owner only, before check-in (409 already_checked_in), not on a void
// ticket (409 ticket_void). Absent fields keep their value; the email must look like one. A new
// holder address other than the buyer's own is mailed the ticket (ticket_holder, with the link
// of core/checkin/ticket_share.h) in the same unit.
struct HolderPatch {
  std::optional<std::string> holder_name;
  std::optional<std::string> holder_email;
};
Result<nlohmann::json> UpdateHolder(App& app, const AuthUser& user, int64_t id,
                                    const HolderPatch& patch);

}  // namespace tickets
}  // namespace lanyard
