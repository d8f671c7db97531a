// The public event list's filters and dates (GET /events, core/events): every query parameter
// as sent, over the demo deployment, anonymous and signed in; and DatePeriod on any text in
// the zones a deployment uses. Errors must be ones the API answers with a 4xx, never an exception.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstdlib>
#include <string>

#include "core/events/events.h"
#include "core/accounts/accounts.h"
#include "tests/fuzz/fuzz_app.h"
#include "web/errors.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  lanyard::fuzz::TheDeployment();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace lanyard;
  auto& d = fuzz::TheDeployment();
  FuzzedDataProvider in(data, size);
  static const char* kZones[] = {"UTC", "Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura",
                                 "America/St_Johns", "Pacific/Chatham"};
  const std::string zone = kZones[in.ConsumeIntegralInRange<size_t>(0, 5)];
  const bool signed_in = in.ConsumeBool();
  events::ListQuery q;
  for (std::string* field : {&q.q, &q.title, &q.location, &q.city, &q.category, &q.organizer, &q.date,
                             &q.from, &q.to, &q.min_price, &q.max_price, &q.include_past, &q.sort, &q.mine}) {
    *field = in.ConsumeRandomLengthString(64);
  }
  // The route bounds limit and offset before the service sees them.
  ListPage page{in.ConsumeIntegralInRange<int>(1, 100), in.ConsumeIntegralInRange<int>(0, 1000)};
  (void)events::DatePeriod(q.date, zone);
  std::optional<AuthUser> user;
  if (signed_in) {
    auto who = accounts::Authenticate(*d.app, d.token[static_cast<int>(fuzz::Caller::kOrganizer)]);
    if (who) user = who.value();
  }
  auto listed = events::List(*d.app, user ? &*user : nullptr, q, page);
  if (!listed && web::HttpStatusFor(listed.error().code) >= 500) std::abort();
  return 0;
}
