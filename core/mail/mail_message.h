#pragma once
// A mail as data, and its RFC 5322 / MIME form, composed by GMime.
//
// BuildMime() writes CRLF line endings and keeps every line within 998 characters (headers are
// folded at 78 where a space allows it; longer words become RFC 2047 encoded words). Non-ASCII
// header text becomes RFC 2047 encoded words in UTF-8; text and HTML bodies are UTF-8 in
// quoted-printable, inline images base64, so the message is 7-bit clean. The structure depends
// on what the message holds:
//
//   text only             text/plain
//   text + html           multipart/alternative { text/plain, text/html }
//   text + html + images  multipart/alternative { text/plain,
//                                                 multipart/related { text/html, image/png... } }
//
// Header values never carry CR or LF from the data: they are replaced by spaces, so user input
// cannot inject headers. Thread-safe: GMime is initialised once, each call builds its own objects.
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lanyard {

struct MailAddress {
  std::string name;   // display name, UTF-8, may be empty
  std::string email;  // addr-spec
};

// An image the HTML part refers to as "cid:<content_id>".
struct InlinePart {
  std::string content_id;    // without angle brackets, e.g. "ticket-7@lanyard"
  std::string content_type;  // e.g. "image/png"
  std::string filename;      // e.g. "ticket-7.png"
  std::string data;          // raw bytes
};

struct MailMessage {
  MailAddress from;
  MailAddress to;
  std::string subject;                   // UTF-8
  std::string text;                      // UTF-8; required
  std::string html;                      // UTF-8; empty for a text-only mail
  std::vector<InlinePart> inline_parts;  // only used with html
  std::string message_id;                // without angle brackets
  int64_t date = 0;                      // Unix seconds, for the Date header (+0000)
  // Extra headers (e.g. List-Unsubscribe), ASCII values, written as given after sanitising.
  std::vector<std::pair<std::string, std::string>> headers;
};

// The full message, ready for SMTP DATA or an .eml file.
std::string BuildMime(const MailMessage& message);

// Parses "Name <addr>" or a bare "addr"; trims spaces and quotes around the name.
MailAddress ParseMailAddress(std::string_view text);
// The domain part of an address ("example.org" for "a@example.org"), or "" if none.
std::string MailDomain(std::string_view email);

}  // namespace lanyard
