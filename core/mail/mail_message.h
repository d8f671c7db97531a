#pragma once
// A mail as data, and its RFC 5322 / MIME form.
//
// BuildMime() writes CRLF line endings, keeps every line within 78 characters where the
// standards allow folding and always within 998, encodes non-ASCII header text as RFC 2047
// encoded words (UTF-8, base64), text and HTML bodies as quoted-printable UTF-8 and inline images
// as base64. The structure depends on what the message holds:
//
//   text only             text/plain
//   text + html           multipart/alternative { text/plain, text/html }
//   text + html + images  multipart/alternative { text/plain,
//                                                 multipart/related { text/html, image/png... } }
//
// Header values never carry CR or LF from the data: they are replaced by spaces, so user input
// cannot inject headers.
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
  std::string message_id;                // without angle brackets; BuildMime refuses none
  int64_t date = 0;                      // Unix seconds, for the Date header
  // Extra headers (e.g. List-Unsubscribe), ASCII values, written as given after sanitising.
  std::vector<std::pair<std::string, std::string>> headers;
};

// The full message, ready for SMTP DATA or an .eml file.
std::string BuildMime(const MailMessage& message);

// Parses "Name <addr>" or a bare "addr"; trims spaces and quotes around the name.
MailAddress ParseMailAddress(std::string_view text);
// "addr", "Name <addr>" or "=?UTF-8?B?...?= <addr>" as a header value (not folded).
std::string FormatMailAddress(const MailAddress& address);
// The domain part of an address ("example.org" for "a@example.org"), or "" if none.
std::string MailDomain(std::string_view email);

// RFC 2047: returns `text` unchanged when it is printable ASCII, else one or more
// "=?UTF-8?B?...?=" words (each at most 75 characters, never splitting a UTF-8 sequence),
// separated by a single space. CR/LF become spaces first.
std::string EncodeHeaderWords(std::string_view text);

// Quoted-printable (RFC 2045) with CRLF line endings; input line breaks (LF, CRLF, CR) become
// hard CRLF breaks; encoded lines are at most 76 characters.
std::string QuotedPrintable(std::string_view text);
// Base64 in lines of 76 characters, each ended by CRLF.
std::string Base64Lines(std::string_view bytes);
// "Mon, 01 Jun 2026 09:00:00 +0000".
std::string FormatMailDate(int64_t unix_seconds);

}  // namespace lanyard
