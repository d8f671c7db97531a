#include "core/mail/mail_message.h"

#include <ctime>

#include "core/common/crypto.h"

namespace lanyard {

namespace {

constexpr char kCrlf[] = "\r\n";
constexpr size_t kFoldWidth = 78;
// An encoded word is at most 75 characters: "=?UTF-8?B?" + base64 + "?=" leaves 63 for the
// base64 text, i.e. 45 bytes (15 groups of 3) of UTF-8.
constexpr size_t kEncodedWordBytes = 45;

bool IsPrintableAscii(std::string_view s) {
  for (unsigned char c : s) {
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

// ASCII text is still encoded when it looks like an encoded word or has a run too long to
// fold (lines must stay within 998 characters).
bool NeedsEncodingAnyway(std::string_view s) {
  if (s.find("=?") != std::string_view::npos) return true;
  size_t run = 0;
  for (char c : s) {
    run = (c == ' ') ? 0 : run + 1;
    if (run > 76) return true;
  }
  return false;
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

// Length of the UTF-8 sequence that starts with `lead` (1 for stray bytes).
size_t Utf8SequenceLength(unsigned char lead) {
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  if (lead >= 0xe0) return lead <= 0xef ? 3 : 1;
  if (lead >= 0xc2) return 2;
  return 1;
}

// Folds a header at spaces so that lines stay within kFoldWidth where a space allows it.
// `name` is "Subject" etc.; the value must already be free of CR/LF.
std::string FoldHeader(std::string_view name, std::string_view value) {
  std::string out(name);
  out += ":";
  size_t line_len = out.size();
  size_t pos = 0;
  bool first = true;
  while (pos <= value.size()) {
    size_t space = value.find(' ', pos);
    std::string_view word =
        value.substr(pos, space == std::string_view::npos ? std::string_view::npos : space - pos);
    // Each word is preceded by one space (the original one, or the folding whitespace).
    if (!first && line_len + 1 + word.size() > kFoldWidth) {
      out += kCrlf;
      line_len = 0;
    }
    out += ' ';
    out += word;
    line_len += 1 + word.size();
    first = false;
    if (space == std::string_view::npos) break;
    pos = space + 1;
  }
  out += kCrlf;
  return out;
}

std::string NormalizeNewlines(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r') {
      out += '\n';
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
    } else {
      out += text[i];
    }
  }
  return out;
}

std::string Boundary(std::string_view tag) {
  // "=_" never occurs in quoted-printable or base64 output, so no body can contain it.
  return "=_lanyard_" + std::string(tag) + "_" + crypto::HexEncode(crypto::RandomBytes(12));
}

std::string TextPart(std::string_view subtype, std::string_view body) {
  std::string out = "Content-Type: text/";
  out += subtype;
  out += "; charset=utf-8";
  out += kCrlf;
  out += "Content-Transfer-Encoding: quoted-printable";
  out += kCrlf;
  out += kCrlf;
  out += QuotedPrintable(body);
  return out;
}

std::string ImagePart(const InlinePart& part) {
  std::string out = "Content-Type: " + SanitizeAddrSpec(part.content_type);
  const std::string filename = SanitizeAddrSpec(part.filename);
  if (!filename.empty()) out += "; name=\"" + filename + "\"";
  out += kCrlf;
  out += "Content-Transfer-Encoding: base64";
  out += kCrlf;
  out += "Content-ID: <" + SanitizeAddrSpec(part.content_id) + ">";
  out += kCrlf;
  out += "Content-Disposition: inline";
  if (!filename.empty()) out += "; filename=\"" + filename + "\"";
  out += kCrlf;
  out += kCrlf;
  out += Base64Lines(part.data);
  return out;
}

// A multipart body: each part is a complete entity (its headers, a blank line, its body).
std::string Multipart(std::string_view boundary, const std::vector<std::string>& parts) {
  std::string out;
  for (const std::string& part : parts) {
    out += "--";
    out += boundary;
    out += kCrlf;
    out += part;
    if (part.size() < 2 || part.compare(part.size() - 2, 2, kCrlf) != 0) out += kCrlf;
  }
  out += "--";
  out += boundary;
  out += "--";
  out += kCrlf;
  return out;
}

std::string MultipartEntity(std::string_view subtype, const std::vector<std::string>& parts,
                            std::string_view tag, std::string_view extra_param = {}) {
  const std::string boundary = Boundary(tag);
  std::string out = "Content-Type: multipart/";
  out += subtype;
  out += ";";
  if (!extra_param.empty()) {
    out += " ";
    out += extra_param;
    out += ";";
  }
  out += kCrlf;
  out += " boundary=\"" + boundary + "\"";
  out += kCrlf;
  out += kCrlf;
  out += Multipart(boundary, parts);
  return out;
}

}  // namespace

std::string EncodeHeaderWords(std::string_view raw) {
  const std::string text = SanitizeHeaderText(raw);
  if (IsPrintableAscii(text) && !NeedsEncodingAnyway(text)) return text;
  std::string out;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = pos;
    while (end < text.size()) {
      size_t len = Utf8SequenceLength(static_cast<unsigned char>(text[end]));
      if (end + len > text.size()) len = text.size() - end;
      if (end + len - pos > kEncodedWordBytes) break;
      end += len;
    }
    if (end == pos) end = pos + 1;  // cannot happen with kEncodedWordBytes >= 4; stay safe
    if (!out.empty()) out += ' ';
    out += "=?UTF-8?B?";
    out += crypto::Base64Encode(text.substr(pos, end - pos));
    out += "?=";
    pos = end;
  }
  return out;
}

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

std::string FormatMailAddress(const MailAddress& address) {
  const std::string email = SanitizeAddrSpec(address.email);
  const std::string name = SanitizeHeaderText(address.name);
  if (name.find_first_not_of(' ') == std::string::npos) return email;
  std::string display;
  if (IsPrintableAscii(name)) {
    // A quoted-string: only '"' and '\' need escaping.
    display = "\"";
    for (char c : name) {
      if (c == '"' || c == '\\') display += '\\';
      display += c;
    }
    display += "\"";
  } else {
    display = EncodeHeaderWords(name);
  }
  return display + " <" + email + ">";
}

std::string MailDomain(std::string_view email) {
  const size_t at = email.rfind('@');
  if (at == std::string_view::npos) return "";
  return SanitizeAddrSpec(email.substr(at + 1));
}

std::string QuotedPrintable(std::string_view text) {
  static const char kHex[] = "0123456789ABCDEF";
  const std::string normalized = NormalizeNewlines(text);
  std::string out;
  out.reserve(normalized.size() + normalized.size() / 8 + 16);
  size_t start = 0;
  while (start <= normalized.size()) {
    size_t nl = normalized.find('\n', start);
    const bool last = nl == std::string::npos;
    std::string_view line(normalized.data() + start, (last ? normalized.size() : nl) - start);
    size_t line_len = 0;
    for (size_t i = 0; i < line.size(); ++i) {
      const unsigned char c = static_cast<unsigned char>(line[i]);
      const bool at_end = i + 1 == line.size();
      std::string token;
      if ((c == ' ' || c == '\t') && !at_end) {
        token = static_cast<char>(c);
      } else if (c >= 33 && c <= 126 && c != '=' && !(c == '.' && i == 0)) {
        // A leading '.' is encoded so that transports without dot-stuffing stay safe.
        token = static_cast<char>(c);
      } else {
        token = {'=', kHex[c >> 4], kHex[c & 15]};
      }
      // Soft break: an encoded line holds at most 75 characters plus the trailing '='.
      const size_t room = at_end ? 76 : 75;
      if (line_len + token.size() > room) {
        out += "=\r\n";
        line_len = 0;
      }
      out += token;
      line_len += token.size();
    }
    if (last) break;
    out += kCrlf;
    start = nl + 1;
  }
  if (out.size() < 2 || out.compare(out.size() - 2, 2, kCrlf) != 0) out += kCrlf;
  return out;
}

std::string Base64Lines(std::string_view bytes) {
  const std::string encoded = crypto::Base64Encode(bytes);
  std::string out;
  out.reserve(encoded.size() + encoded.size() / 38 + 2);
  for (size_t i = 0; i < encoded.size(); i += 76) {
    out.append(encoded, i, 76);
    out += kCrlf;
  }
  return out;
}

std::string FormatMailDate(int64_t unix_seconds) {
  static const char* const kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static const char* const kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const time_t t = static_cast<time_t>(unix_seconds);
  struct tm tm {};
  gmtime_r(&t, &tm);
  char buf[64];
  snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d +0000", kDays[tm.tm_wday], tm.tm_mday,
           kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buf;
}

std::string BuildMime(const MailMessage& m) {
  std::string out;
  out += "Date: " + FormatMailDate(m.date) + kCrlf;
  out += FoldHeader("From", FormatMailAddress(m.from));
  out += FoldHeader("To", FormatMailAddress(m.to));
  out += FoldHeader("Subject", EncodeHeaderWords(m.subject));
  out += "Message-ID: <" + SanitizeAddrSpec(m.message_id) + ">" + kCrlf;
  for (const auto& [name, value] : m.headers) {
    std::string clean_name;
    for (char c : name) {
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-') {
        clean_name += c;
      }
    }
    if (clean_name.empty()) continue;
    // Structured values (URLs in angle brackets) must not become encoded words.
    out += FoldHeader(clean_name, SanitizeHeaderText(value));
  }
  out += "MIME-Version: 1.0";
  out += kCrlf;

  if (m.html.empty()) {
    out += TextPart("plain", m.text);
    return out;
  }
  std::string html_entity;
  if (m.inline_parts.empty()) {
    html_entity = TextPart("html", m.html);
  } else {
    std::vector<std::string> related{TextPart("html", m.html)};
    for (const InlinePart& part : m.inline_parts) related.push_back(ImagePart(part));
    // RFC 2387: the related part names the type of its root (first) part.
    html_entity = MultipartEntity("related", related, "rel", "type=\"text/html\"");
  }
  out += MultipartEntity("alternative", {TextPart("plain", m.text), html_entity}, "alt");
  return out;
}

}  // namespace lanyard
