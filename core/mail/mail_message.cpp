#include "core/mail/mail_message.h"

#include <algorithm>
#include <gmime/gmime.h>

#include <memory>
#include <mutex>

namespace lanyard {

namespace {

// GObject references owned by unique_ptr: every GMime object is released with g_object_unref.
struct GObjectUnref {
  void operator()(gpointer object) const { g_object_unref(object); }
};
template <typename T>
using GPtr = std::unique_ptr<T, GObjectUnref>;

void InitGMime() {
  static std::once_flag once;
  std::call_once(once, [] { g_mime_init(); });
}

// CR, LF and other control characters in a header value become spaces.
std::string SanitizeHeaderText(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (unsigned char c : s) {
    out.push_back((c < 0x20 || c == 0x7f) ? ' ' : static_cast<char>(c));
  }
  return out;
}

// An address may not carry anything that would break out of "<...>" or the header line.
std::string SanitizeAddrSpec(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if (c <= 0x20 || c == 0x7f || c == '<' || c == '>' || c == ',' || c == '"') continue;
    out.push_back(static_cast<char>(c));
  }
  return out;
}

// Header names keep only letters, digits and '-'.
std::string SanitizeHeaderName(std::string_view s) {
  std::string out;
  for (char c : s) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-') {
      out += c;
    }
  }
  return out;
}

void AddMailbox(GMimeMessage* message, GMimeAddressType type, const MailAddress& address) {
  const std::string name = SanitizeHeaderText(address.name);
  const std::string email = SanitizeAddrSpec(address.email);
  InternetAddress* mailbox = internet_address_mailbox_new(
      name.find_first_not_of(' ') == std::string::npos ? nullptr : name.c_str(), email.c_str());
  internet_address_set_charset(mailbox, "utf-8");  // not GMime's guess of a narrower charset
  internet_address_list_add(g_mime_message_get_addresses(message, type), mailbox);
  g_object_unref(mailbox);
}

// Sets `bytes` as the content of `part`, to be written with `encoding`.
void SetContent(GMimePart* part, std::string_view bytes, GMimeContentEncoding encoding) {
  GPtr<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(bytes.data(), bytes.size()));
  GPtr<GMimeDataWrapper> content(
      g_mime_data_wrapper_new_with_stream(stream.get(), GMIME_CONTENT_ENCODING_DEFAULT));
  g_mime_part_set_content(part, content.get());
  g_mime_part_set_content_encoding(part, encoding);
}

// A UTF-8 text part in quoted-printable. Line breaks (LF, CRLF, CR) become the writer's CRLF.
GMimeObject* TextPart(const char* subtype, std::string_view body) {
  std::string text;
  text.reserve(body.size());
  for (size_t i = 0; i < body.size(); ++i) {
    if (body[i] == '\r') {
      text += '\n';
      if (i + 1 < body.size() && body[i + 1] == '\n') ++i;
    } else {
      text += body[i];
    }
  }
  GMimeTextPart* part = g_mime_text_part_new_with_subtype(subtype);
  // The bytes stay UTF-8: g_mime_text_part_set_text() would convert them to the narrowest
  // charset it finds, which is not what the tests (and some clients) expect.
  g_mime_text_part_set_charset(part, "utf-8");
  SetContent(GMIME_PART(part), text, GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE);
  return GMIME_OBJECT(part);
}

GMimeObject* ImagePart(const InlinePart& image) {
  const std::string type = SanitizeAddrSpec(image.content_type);
  const size_t slash = type.find('/');
  GMimePart* part = slash == std::string::npos
                        ? g_mime_part_new_with_type("application", "octet-stream")
                        : g_mime_part_new_with_type(type.substr(0, slash).c_str(),
                                                    type.substr(slash + 1).c_str());
  SetContent(part, image.data, GMIME_CONTENT_ENCODING_BASE64);
  // Disposition first: setting a filename on a part without one makes it an attachment.
  g_mime_object_set_disposition(GMIME_OBJECT(part), GMIME_DISPOSITION_INLINE);
  const std::string filename = SanitizeAddrSpec(image.filename);
  if (!filename.empty()) g_mime_part_set_filename(part, filename.c_str());
  g_mime_part_set_content_id(part, SanitizeAddrSpec(image.content_id).c_str());
  return GMIME_OBJECT(part);
}

// A multipart of `subtype` holding `parts` (it takes their references).
GMimeObject* Multipart(const char* subtype, std::initializer_list<GMimeObject*> parts) {
  GMimeMultipart* multipart = g_mime_multipart_new_with_subtype(subtype);
  for (GMimeObject* part : parts) {
    g_mime_multipart_add(multipart, part);
    g_object_unref(part);
  }
  return GMIME_OBJECT(multipart);
}

// The body: text/plain, or multipart/alternative with the HTML (and its related images).
GMimeObject* Body(const MailMessage& m) {
  if (m.html.empty()) return TextPart("plain", m.text);
  GMimeObject* html = TextPart("html", m.html);
  if (!m.inline_parts.empty()) {
    GMimeMultipart* related = g_mime_multipart_new_with_subtype("related");
    // RFC 2387: the related part names the type of its root (first) part.
    g_mime_object_set_content_type_parameter(GMIME_OBJECT(related), "type", "text/html");
    g_mime_multipart_add(related, html);
    g_object_unref(html);
    for (const InlinePart& image : m.inline_parts) {
      GMimeObject* part = ImagePart(image);
      g_mime_multipart_add(related, part);
      g_object_unref(part);
    }
    html = GMIME_OBJECT(related);
  }
  return Multipart("alternative", {TextPart("plain", m.text), html});
}

}  // namespace

MailAddress ParseMailAddress(std::string_view text) {
  auto trim = [](std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
  };
  text = trim(text);
  MailAddress out;
  const size_t open = text.rfind('<');
  const size_t close = text.rfind('>');
  if (open != std::string_view::npos && close != std::string_view::npos && close > open) {
    std::string_view name = trim(text.substr(0, open));
    if (name.size() >= 2 && name.front() == '"' && name.back() == '"') {
      name = name.substr(1, name.size() - 2);
    }
    out.name = std::string(name);
    out.email = std::string(trim(text.substr(open + 1, close - open - 1)));
  } else {
    out.email = std::string(text);
  }
  return out;
}

std::string MailDomain(std::string_view email) {
  const size_t at = email.rfind('@');
  if (at == std::string_view::npos) return "";
  return SanitizeAddrSpec(email.substr(at + 1));
}

std::string BuildMime(const MailMessage& m) {
  InitGMime();
  GPtr<GMimeMessage> message(g_mime_message_new(TRUE));
  GDateTime* date = g_date_time_new_from_unix_utc(m.date);
  g_mime_message_set_date(message.get(), date);
  g_date_time_unref(date);
  AddMailbox(message.get(), GMIME_ADDRESS_TYPE_FROM, m.from);
  AddMailbox(message.get(), GMIME_ADDRESS_TYPE_TO, m.to);
  g_mime_message_set_subject(message.get(), SanitizeHeaderText(m.subject).c_str(), "utf-8");
  g_mime_message_set_message_id(message.get(), SanitizeAddrSpec(m.message_id).c_str());
  for (const auto& [name, value] : m.headers) {
    const std::string clean_name = SanitizeHeaderName(name);
    if (clean_name.empty()) continue;
    const std::string clean_value = SanitizeHeaderText(value);
    g_mime_object_append_header(GMIME_OBJECT(message.get()), clean_name.c_str(), clean_value.c_str(),
                                nullptr);
    // GMime writes a value holding a long word (a URL: List-Unsubscribe) as RFC 2047 encoded
    // words, which mail clients do not decode there (RFC 2369 wants the <URL> as is). An ASCII
    // value that fits on one line goes out raw instead.
    const bool ascii = std::all_of(clean_value.begin(), clean_value.end(),
                                   [](char c) { return static_cast<unsigned char>(c) < 0x80; });
    if (ascii && clean_name.size() + clean_value.size() < 900) {
      GMimeHeaderList* list = g_mime_object_get_header_list(GMIME_OBJECT(message.get()));
      GMimeHeader* header = g_mime_header_list_get_header_at(list, g_mime_header_list_get_count(list) - 1);
      g_mime_header_set_raw_value(header, (" " + clean_value + "\n").c_str());
    }
  }
  GPtr<GMimeObject> body(Body(m));
  g_mime_message_set_mime_part(message.get(), body.get());

  GMimeFormatOptions* options = g_mime_format_options_new();
  g_mime_format_options_set_newline_format(options, GMIME_NEWLINE_FORMAT_DOS);
  char* text = g_mime_object_to_string(GMIME_OBJECT(message.get()), options);
  g_mime_format_options_free(options);
  std::string out(text);
  g_free(text);
  return out;
}

}  // namespace lanyard
