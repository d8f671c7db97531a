#pragma once
// `lanyard demo`: a realistic demo event built through the same services the API uses, so
// everything it shows (orders in each state, proofs, tickets, a check-in, the mails they queue)
// is what real use produces. Running it again on the same data changes nothing.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/app.h"
#include "core/common/result.h"

namespace lanyard::demo {

// A demo account and its published demo password.
struct Login {
  std::string role, name, email, password;
};

struct Summary {
  bool created = false;  // false: the demo existed already and nothing was changed
  int64_t event_id = 0;
  std::string event_title, event_starts_at;
  std::vector<Login> logins;
  // Orders of the demo event by status (pending, paid, expired, cancelled, refunded).
  std::map<std::string, int64_t> orders_by_status;
  int64_t tickets_sold = 0;
  int64_t checked_in = 0;
  // A sample bank statement matching some pending orders (written when the demo is created).
  std::string bank_statement_path;
};

// The accounts the demo creates (fixed addresses and passwords, for trying the pages out).
const std::vector<Login>& Logins();

// Creates the demo, or describes the existing one. Errors: conflict (the demo's organizer
// exists without the demo event: a half-made or foreign account), and whatever a service
// refuses (for instance require_event_approval on with no admin to approve).
// Not thread-safe against a concurrent run on the same data (it is a CLI command).
Result<Summary> Create(App& app);

// The lines the CLI prints: what exists, and how to sign in.
std::string Describe(const Summary& summary, const std::string& base_url);

}  // namespace lanyard::demo
