// The JSON of a ticket type (SPEC §5).
#include "core/common/time_util.h"
#include "core/events/ticket_types.h"

namespace lanyard::ticket_types {

using nlohmann::json;

json TicketTypeJson(const storage::TicketTypeRow& t) {
  auto opt = [](const auto& v) { return v ? json(*v) : json(); };
  return {{"id", t.id},
          {"event_id", t.event_id},
          {"name", t.name},
          {"description", t.description},
          {"kind", t.kind},
          {"price", t.price},
          {"quota", opt(t.quota)},
          {"max_per_order", t.max_per_order},
          {"sales_start", opt(t.sales_start)},
          {"sales_end", opt(t.sales_end)},
          {"active", t.active},
          {"sold", t.sold},
          {"pending", t.pending},
          {"available", opt(Available(t))},
          {"on_sale", OnSale(t, NowRfc3339())}};
}

}  // namespace lanyard::ticket_types
