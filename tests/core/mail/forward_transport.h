#pragma once
// A transport that forwards to one the test keeps: the sender owns what its transport factory
// returns, the test keeps the transport it inspects. Not thread-safe beyond the target's own.
#include "core/mail/mail_transport.h"

namespace lanyard::testing {

class ForwardTransport : public MailTransport {
 public:
  explicit ForwardTransport(MailTransport* target) : target_(target) {}
  SendResult Send(const OutgoingMail& mail) override { return target_->Send(mail); }

 private:
  MailTransport* target_;
};

}  // namespace lanyard::testing
