#pragma once
// What a user or an order already stores (documents and payment proofs): the figures the upload
// quotas of SPEC §3/§12 are checked against. Call inside the writer unit that records the new
// file, so two uploads at once cannot both pass the last free place.
#include <cstdint>

#include "storage/conn.h"

namespace lanyard::storage {

struct UploadUsage {
  int64_t files = 0;
  int64_t bytes = 0;
};

// The user's identity documents plus the payment proofs of the user's orders.
UploadUsage UserUploadUsage(Conn& c, int64_t user_id);
// The payment proofs of one order.
UploadUsage OrderUploadUsage(Conn& c, int64_t order_id);

}  // namespace lanyard::storage
