#pragma once
// Ticket types (SPEC §5): free, paid and pay-what-you-want, with quotas and sales windows.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/app.h"
#include "core/accounts/auth_user.h"
#include "core/common/result.h"
#include "storage/ticket_types_repo.h"

namespace lanyard::ticket_types {

// Units still for sale (quota - sold - pending), or nullopt when unlimited.
std::optional<int64_t> Available(const storage::TicketTypeRow& t);
nlohmann::json TicketTypeJson(const storage::TicketTypeRow& t);

// Whether the type sells at `now` (active and inside its window).
bool OnSale(const storage::TicketTypeRow& t, const std::string& now);

// Whether the type may take money: paid above 0, or pay what you want (the rule of
// storage::CountPaidTicketTypes). A free type, or a paid one at price 0, takes none.
bool TakesMoney(const storage::TicketTypeRow& t);

// As sent; absent fields keep their value on PATCH. `quota_set` tells an explicit null
// (unlimited) apart from an absent field.
struct TicketTypeInput {
  std::optional<std::string> name, description, kind;
  std::optional<int64_t> price;
  bool quota_set = false;
  std::optional<int64_t> quota;
  std::optional<int64_t> max_per_order;
  bool sales_start_set = false, sales_end_set = false;
  std::optional<std::string> sales_start, sales_end;
  std::optional<bool> active;
};
// Checks the rules of §5 and applies `in` onto `t`.
Status Apply(const TicketTypeInput& in, bool creating, storage::TicketTypeRow& t);

Result<nlohmann::json> List(App& app, const AuthUser* user, int64_t event_id);
Result<nlohmann::json> Create(App& app, const AuthUser& user, int64_t event_id,
                              const TicketTypeInput& in);
Result<nlohmann::json> Update(App& app, const AuthUser& user, int64_t id, const TicketTypeInput& in);
Status Delete(App& app, const AuthUser& user, int64_t id);

}  // namespace lanyard::ticket_types
