// SmtpTransport's hand-over hook against an SMTP server in the test process: it runs when every
// byte of the message has reached the server, so a process killed between the hand-over mark
// and the end of DATA (the mail is then recorded as handed over, never sent again) has only the
// terminator left to send, whatever the message's size or its dot-stuffing.
#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <thread>

#include "core/mail/mail_transport.h"
#include "tests/support/smtp_sink.h"

using namespace lanyard;

namespace {

// A message of about `body_bytes` in CRLF lines; with `dotted`, every tenth line starts with "."
// (the client doubles that dot on the wire, RFC 5321 4.5.2).
std::string Message(size_t body_bytes, bool dotted) {
  std::string mime =
      "From: Lanyard <tickets@example.org>\r\nTo: ana@example.org\r\n"
      "Subject: Your tickets\r\nMessage-ID: <lanyard.1.test@example.org>\r\n\r\n";
  for (int i = 0; mime.size() < body_bytes; ++i) {
    mime += (dotted && i % 10 == 0 ? "." : "x") + std::string(73, 'x') + "\r\n";
  }
  return mime;
}

// The bytes `mime` takes on the wire: each line starting with "." gets a second one.
size_t WireSize(const std::string& mime) {
  size_t size = mime.size();
  size_t at = 0;
  while (at < mime.size()) {
    if (mime[at] == '.') ++size;
    const size_t end = mime.find("\r\n", at);
    if (end == std::string::npos) break;
    at = end + 2;
  }
  return size;
}

// What the server had received when the hook ran (it waits up to 2 s for the bytes in flight).
size_t ReceivedAtHandOver(testing::SmtpSink& sink, const std::string& mime, SendResult& result) {
  const size_t wire_size = WireSize(mime);
  SmtpOptions options;
  options.url = "smtp://127.0.0.1:" + std::to_string(sink.port());
  SmtpTransport transport(options);
  OutgoingMail mail;
  mail.outbox_id = 1;
  mail.envelope_from = "tickets@example.org";
  mail.recipients = {"ana@example.org"};
  mail.mime = mime;
  size_t at_hand_over = 0;
  int calls = 0;
  mail.before_commit = [&] {
    ++calls;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    while (sink.DataBytesReceived() < wire_size &&
           std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    at_hand_over = sink.DataBytesReceived();
    return true;
  };
  result = transport.Send(mail);
  CHECK(calls == 1);
  return at_hand_over;
}

}  // namespace

TEST_CASE("SMTP hand-over: the hook runs with only the end of DATA unsent") {
  for (const bool dotted : {false, true}) {
    for (const size_t size : {size_t{600}, size_t{40000}, size_t{300000}}) {
      CAPTURE(dotted);
      CAPTURE(size);
      testing::SmtpSink sink;
      const std::string mime = Message(size, dotted);
      SendResult result;
      const size_t received = ReceivedAtHandOver(sink, mime, result);
      CHECK(received == WireSize(mime));
      REQUIRE(result.ok);
      const auto messages = sink.Messages();
      REQUIRE(messages.size() == 1);
      CHECK(messages[0].data == mime);
    }
  }
}

TEST_CASE("SMTP hand-over: a hook that refuses aborts the transfer before the end of DATA") {
  testing::SmtpSink sink;
  SmtpOptions options;
  options.url = "smtp://127.0.0.1:" + std::to_string(sink.port());
  SmtpTransport transport(options);
  OutgoingMail mail;
  mail.envelope_from = "tickets@example.org";
  mail.recipients = {"ana@example.org"};
  mail.mime = Message(2000, false);
  mail.before_commit = [] { return false; };
  const SendResult result = transport.Send(mail);
  CHECK_FALSE(result.ok);
  CHECK(sink.Messages().empty());
}
