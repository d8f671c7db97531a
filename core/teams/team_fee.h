#pragma once
// The team fee through the order and payment flow of SPEC §6: registering a team with a fee
// places an order (no ticket items, total = the fee, the leader as buyer) that the payment desk
// confirms like any order; the order's fate moves the team in the same write unit:
//   paid      → registered (or forming, late) team becomes confirmed; competition_full when a
//               late payment finds every place taken (the payment is refused, nothing changes);
//   expired / cancelled → a registered team goes back to forming (roster unlocked);
//   refunded  → a confirmed or finalist team is withdrawn.
// Both functions run inside the caller's unit of work.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string_view>

#include "core/app.h"
#include "core/common/result.h"
#include "storage/events_repo.h"
#include "storage/statuses.h"
#include "storage/teams_repo.h"
#include "storage/users_repo.h"

namespace lanyard::teams {

// Places the pending fee order of `team` (expires after payment_window_hours) and queues its
// order_placed mail to the leader. Returns the order id.
int64_t PlaceFeeOrder(App& app, storage::Conn& c, const storage::TeamRow& team,
                      const storage::CompetitionRow& comp, const storage::EventRow& event,
                      const storage::UserRow& leader, const nlohmann::json& settings);

// Called by core/orders after an order changed to `status` (paid, expired, cancelled,
// refunded); nothing happens for an order that is no team's fee. An error rolls the unit back.
Status OnOrderStatusChanged(App& app, storage::Conn& c, int64_t order_id, OrderStatus status);

}  // namespace lanyard::teams
