// What a door scanner types or scans (core/checkin): signed ticket codes (VerifyTicketCode,
// ReadTicketCodeClaims), ticket references ("K7QX2M9A-2") and order codes. Properties: a code
// that verifies names the same ids as its unverified reading; a code issued for the ids the
// input names verifies to those ids; a parsed reference formats back to a reference that
// parses to the same order and number.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstdlib>
#include <string>

#include "core/checkin/ticket_code.h"
#include "core/checkin/ticket_ref.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace lanyard;
  static const TicketSigner signer = TicketSigner::Generate();
  FuzzedDataProvider in(data, size);
  const int64_t ticket_id = in.ConsumeIntegralInRange<int64_t>(1, kTicketCodeMaxId);
  const int64_t event_id = in.ConsumeIntegralInRange<int64_t>(1, kTicketCodeMaxId);
  const std::string text = in.ConsumeRemainingBytesAsString();

  const auto verified = signer.Verify(text);
  const auto claims = ReadTicketCodeClaims(text);
  if (verified && (!claims || claims->ticket_id != verified->ticket_id ||
                   claims->event_id != verified->event_id || claims->nonce != verified->nonce)) {
    std::abort();
  }
  const std::string issued = signer.Issue(ticket_id, event_id);
  const auto back = signer.Verify(issued);
  if (!back || back->ticket_id != ticket_id || back->event_id != event_id) std::abort();

  if (auto ref = ParseTicketRef(text)) {
    const auto again = ParseTicketRef(FormatTicketRef(ref->order_code, ref->number));
    if (!again || again->order_code != ref->order_code || again->number != ref->number) std::abort();
  }
  (void)ParseOrderCode(text);
  return 0;
}
