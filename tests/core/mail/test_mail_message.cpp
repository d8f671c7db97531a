#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

#include "core/common/crypto.h"
#include "core/mail/mail_message.h"

using namespace lanyard;

namespace {

std::vector<std::string> Lines(const std::string& mime) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos < mime.size()) {
    size_t end = mime.find("\r\n", pos);
    if (end == std::string::npos) end = mime.size();
    out.push_back(mime.substr(pos, end - pos));
    pos = end + 2;
  }
  return out;
}

// Every line break is CRLF, no line is longer than `max`, and every byte is 7-bit.
void CheckLines(const std::string& mime, size_t max) {
  for (size_t i = 0; i < mime.size(); ++i) {
    if (mime[i] == '\n') REQUIRE_MESSAGE((i > 0 && mime[i - 1] == '\r'), "bare LF at " << i);
    if (mime[i] == '\r') REQUIRE_MESSAGE((i + 1 < mime.size() && mime[i + 1] == '\n'), "bare CR");
    REQUIRE_MESSAGE(static_cast<unsigned char>(mime[i]) < 0x80, "8-bit byte at " << i);
  }
  for (const std::string& line : Lines(mime)) CHECK_MESSAGE(line.size() <= max, line);
}

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

std::string DecodeQp(const std::string& qp) {
  std::string out;
  for (size_t i = 0; i < qp.size(); ++i) {
    if (qp[i] == '=' && i + 2 < qp.size() && qp[i + 1] == '\r' && qp[i + 2] == '\n') {
      i += 2;  // soft break
    } else if (qp[i] == '=' && i + 2 < qp.size()) {
      out += static_cast<char>(std::stoi(qp.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += qp[i];
    }
  }
  return out;
}

std::string DecodeBase64(std::string b64) {
  // Base64 (standard) to base64url for the decoder we have.
  for (char& c : b64) c = c == '+' ? '-' : c == '/' ? '_' : c;
  while (!b64.empty() && b64.back() == '=') b64.pop_back();
  std::string bytes;
  REQUIRE(crypto::Base64UrlDecode(b64, &bytes));
  return bytes;
}

// One RFC 2047 word "=?charset?B|Q?text?=" decoded; only UTF-8 and its subset US-ASCII occur.
std::string DecodeWord(const std::string& word) {
  const size_t q1 = word.find('?', 2), q2 = word.find('?', q1 + 1);
  REQUIRE(q2 != std::string::npos);
  const std::string charset = Lower(word.substr(2, q1 - 2));
  CHECK_MESSAGE((charset == "utf-8" || charset == "us-ascii"), word);
  const char encoding = static_cast<char>(std::tolower(word[q1 + 1]));
  const std::string text = word.substr(q2 + 1, word.size() - q2 - 3);
  if (encoding == 'b') return DecodeBase64(text);
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '_') {
      out += ' ';
    } else if (text[i] == '=' && i + 2 < text.size() + 1) {
      out += static_cast<char>(std::stoi(text.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

bool IsEncodedWord(const std::string& token) {
  return token.size() > 8 && token.rfind("=?", 0) == 0 && token.compare(token.size() - 2, 2, "?=") == 0;
}

// The encoded words of an unfolded header value.
std::vector<std::string> EncodedWords(const std::string& value) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos < value.size()) {
    size_t space = value.find(' ', pos);
    if (space == std::string::npos) space = value.size();
    const std::string token = value.substr(pos, space - pos);
    if (IsEncodedWord(token)) out.push_back(token);
    pos = space + 1;
  }
  return out;
}

// An unfolded header value as a reader sees it: encoded words decoded, the white space between
// two adjacent encoded words dropped (RFC 2047 section 6.2).
std::string DecodeHeader(const std::string& value) {
  std::string out, gap;
  bool previous_encoded = false;
  size_t pos = 0;
  while (pos <= value.size()) {
    size_t space = value.find(' ', pos);
    if (space == std::string::npos) space = value.size();
    const std::string token = value.substr(pos, space - pos);
    const bool encoded = IsEncodedWord(token);
    if (!(encoded && previous_encoded)) out += gap;
    out += encoded ? DecodeWord(token) : token;
    previous_encoded = encoded;
    gap = " ";
    pos = space + 1;
  }
  return out;
}

// A display name: unquoted, with \" and \\ unescaped.
std::string Unquote(std::string s) {
  if (s.size() < 2 || s.front() != '"' || s.back() != '"') return s;
  std::string out;
  for (size_t i = 1; i + 1 < s.size(); ++i) {
    if (s[i] == '\\' && i + 2 < s.size()) ++i;
    out += s[i];
  }
  return out;
}

// The value of the first header of that name (case-insensitive), unfolded.
std::string HeaderValue(const std::string& mime, const std::string& name) {
  const std::string head = mime.substr(0, mime.find("\r\n\r\n"));
  const std::string lower = Lower(head);
  const std::string key = Lower(name) + ":";
  size_t pos = lower.rfind(key, 0) == 0 ? 0 : lower.find("\r\n" + key);
  if (pos == std::string::npos) return "";
  if (pos != 0) pos += 2;
  std::string value;
  size_t i = pos + key.size();
  while (i < head.size()) {
    size_t end = head.find("\r\n", i);
    if (end == std::string::npos) end = head.size();
    value += head.substr(i, end - i);
    if (end + 2 < head.size() && (head[end + 2] == ' ' || head[end + 2] == '\t')) {
      i = end + 2;
    } else {
      break;
    }
  }
  std::replace(value.begin(), value.end(), '\t', ' ');
  while (!value.empty() && value.front() == ' ') value.erase(value.begin());
  return value;
}

// The body of the part whose headers contain `content_type`, up to the next boundary line.
std::string PartBody(const std::string& mime, const std::string& content_type) {
  const size_t at = Lower(mime).find("content-type: " + content_type);
  REQUIRE(at != std::string::npos);
  const size_t start = mime.find("\r\n\r\n", at) + 4;
  const size_t end = mime.find("\r\n--", start);
  return mime.substr(start, end == std::string::npos ? std::string::npos : end + 2 - start);
}

// The display name and address of "Name <addr>", "\"Name\" <addr>" or "addr".
std::pair<std::string, std::string> DecodeAddress(const std::string& value) {
  const size_t open = value.rfind('<');
  if (open == std::string::npos) return {"", value};
  std::string name = value.substr(0, open);
  while (!name.empty() && name.back() == ' ') name.pop_back();
  return {DecodeHeader(Unquote(name)), value.substr(open + 1, value.find('>', open) - open - 1)};
}

bool ValidUtf8(const std::string& s) {
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    const size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (len == 0 || i + len > s.size()) return false;
    for (size_t k = 1; k < len; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    i += len;
  }
  return true;
}

MailMessage Sample() {
  MailMessage m;
  m.from = {"Panitia Acara", "noreply@events.example.org"};
  m.to = {"Siti Rahma", "siti@example.org"};
  m.subject = "Your tickets";
  m.text = "Hello Siti,\nhere are your tickets.\n";
  m.message_id = "lanyard.7.abc@events.example.org";
  m.date = 1780304400;  // 2026-06-01T09:00:00Z, a Monday
  return m;
}

}  // namespace

TEST_CASE("mail date header is RFC 5322") {
  MailMessage m = Sample();
  CHECK(HeaderValue(BuildMime(m), "Date") == "Mon, 01 Jun 2026 09:00:00 +0000");
  m.date = 0;
  CHECK(HeaderValue(BuildMime(m), "Date") == "Thu, 01 Jan 1970 00:00:00 +0000");
}

TEST_CASE("subject: ASCII stays, UTF-8 is encoded in short words that decode back") {
  MailMessage m = Sample();
  CHECK(HeaderValue(BuildMime(m), "Subject") == "Your tickets");
  m.subject =
      "Tiket Anda untuk Konferensi Teknologi Nusantara — “Jakarta” 2026 🎟️ ünïcödé ñ 東京 and "
      "more";
  const std::string mime = BuildMime(m);
  CheckLines(mime.substr(0, mime.find("\r\n\r\n")), 78);
  const std::string subject = HeaderValue(mime, "Subject");
  const std::vector<std::string> words = EncodedWords(subject);
  REQUIRE(!words.empty());
  for (const std::string& word : words) {
    CHECK(word.size() <= 75);
    CHECK(Lower(word).rfind("=?utf-8?", 0) == 0);
  }
  CHECK(DecodeHeader(subject) == m.subject);
}

TEST_CASE("subject words never split a UTF-8 sequence") {
  MailMessage m = Sample();
  for (int i = 0; i < 40; ++i) m.subject += "é東🎟";
  const std::string mime = BuildMime(m);
  CheckLines(mime, 998);
  const std::string subject = HeaderValue(mime, "Subject");
  const std::vector<std::string> words = EncodedWords(subject);
  REQUIRE(words.size() > 1);
  // A run of 160 characters without a space: GMime writes encoded words longer than RFC 2047's
  // 75 characters here (each on its own line, well within 998); with spaces they stay short
  // (the test above).
  for (const std::string& word : words) {
    CHECK_MESSAGE(ValidUtf8(DecodeWord(word)), word);  // each word holds whole characters
  }
  CHECK(DecodeHeader(subject) == m.subject);
}

TEST_CASE("addresses: quoted ASCII names, encoded UTF-8 names, parsing") {
  MailMessage m = Sample();
  m.from = {"", "a@example.org"};
  m.to = {"Siti \"Ira\" Rahma", "a@example.org"};
  std::string mime = BuildMime(m);
  CHECK(HeaderValue(mime, "From") == "a@example.org");
  CHECK(DecodeAddress(HeaderValue(mime, "To")) ==
        std::pair<std::string, std::string>{"Siti \"Ira\" Rahma", "a@example.org"});
  m.to = {"Dédé Ñúñez", "d@example.org"};
  mime = BuildMime(m);
  CheckLines(mime, 998);
  const std::string to = HeaderValue(mime, "To");
  REQUIRE(!EncodedWords(to).empty());
  CHECK(Lower(EncodedWords(to)[0]).rfind("=?utf-8?", 0) == 0);
  CHECK(DecodeAddress(to) == std::pair<std::string, std::string>{"Dédé Ñúñez", "d@example.org"});
  // Nothing can break out of the angle brackets.
  m.to = {"x", "a@b.org>\r\nBcc: evil@x.org"};
  mime = BuildMime(m);
  for (const std::string& line : Lines(mime)) CHECK(Lower(line).rfind("bcc:", 0) != 0);

  MailAddress a = ParseMailAddress("  \"Lanyard Desk\" <desk@example.org> ");
  CHECK(a.name == "Lanyard Desk");
  CHECK(a.email == "desk@example.org");
  MailAddress b = ParseMailAddress("plain@example.org");
  CHECK(b.name.empty());
  CHECK(b.email == "plain@example.org");
  CHECK(MailDomain("x@events.example.org") == "events.example.org");
  CHECK(MailDomain("nodomain") == "");
}

TEST_CASE("quoted-printable text: 76-char lines, CRLF, exact round trip") {
  MailMessage m = Sample();
  std::string text = "Short line\nA line with trailing space \nTabs\tinside\n";
  text += std::string(300, 'x') + "\n";
  text += "Bahasa: “kutipan” — é 東京 = equals\r\n.leading dot\rold mac line";
  m.text = text;
  const std::string mime = BuildMime(m);
  CheckLines(mime, 998);
  const std::string qp = mime.substr(mime.find("\r\n\r\n") + 4);
  CheckLines(qp, 76);
  std::string expected;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r') {
      expected += "\r\n";
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
    } else if (text[i] == '\n') {
      expected += "\r\n";
    } else {
      expected += text[i];
    }
  }
  std::string decoded = DecodeQp(qp);
  while (decoded.size() >= 2 && decoded.compare(decoded.size() - 2, 2, "\r\n") == 0) {
    decoded.resize(decoded.size() - 2);
  }
  CHECK(decoded == expected);
  CHECK(qp.find("space=20\r\n") != std::string::npos);  // trailing space is encoded
}

TEST_CASE("base64 image lines are 76 characters") {
  MailMessage m = Sample();
  m.html = "<img src=\"cid:qr@lanyard\">";
  m.inline_parts.push_back({"qr@lanyard", "image/png", "qr.png", std::string(1000, '\xAB')});
  const std::string mime = BuildMime(m);
  const std::string b64 = PartBody(mime, "image/png");
  CheckLines(b64, 76);
  CHECK(Lines(b64)[0].size() == 76);
  std::string joined;
  for (const std::string& line : Lines(b64)) joined += line;
  CHECK(DecodeBase64(joined) == m.inline_parts[0].data);
}

TEST_CASE("text-only mail: headers, single text part") {
  MailMessage m = Sample();
  const std::string mime = BuildMime(m);
  CheckLines(mime, 998);
  CHECK(HeaderValue(mime, "Date") == "Mon, 01 Jun 2026 09:00:00 +0000");
  CHECK(DecodeAddress(HeaderValue(mime, "From")) ==
        std::pair<std::string, std::string>{"Panitia Acara", "noreply@events.example.org"});
  CHECK(DecodeAddress(HeaderValue(mime, "To")) ==
        std::pair<std::string, std::string>{"Siti Rahma", "siti@example.org"});
  CHECK(HeaderValue(mime, "Subject") == "Your tickets");
  CHECK(HeaderValue(mime, "Message-ID") == "<lanyard.7.abc@events.example.org>");
  CHECK(HeaderValue(mime, "MIME-Version") == "1.0");
  CHECK(HeaderValue(mime, "Content-Type") == "text/plain; charset=utf-8");
  CHECK(HeaderValue(mime, "Content-Transfer-Encoding") == "quoted-printable");
  CHECK(mime.find("multipart") == std::string::npos);
}

TEST_CASE("text + html: multipart/alternative with text first") {
  MailMessage m = Sample();
  m.html = "<p>Hello Siti,</p><p>" + std::string(500, 'y') + "</p>";
  const std::string mime = BuildMime(m);
  CheckLines(mime, 998);
  const std::string ct = HeaderValue(mime, "Content-Type");
  CHECK(ct.rfind("multipart/alternative;", 0) == 0);
  const size_t b = ct.find("boundary=\"");
  REQUIRE(b != std::string::npos);
  const std::string boundary = ct.substr(b + 10, ct.find('"', b + 10) - b - 10);
  const size_t text_at = mime.find("Content-Type: text/plain");
  const size_t html_at = mime.find("Content-Type: text/html");
  CHECK(text_at != std::string::npos);
  CHECK(html_at > text_at);
  CHECK(mime.find("--" + boundary + "--\r\n") != std::string::npos);
  CHECK(mime.find("\r\n--" + boundary + "\r\nContent-Type: text/html") != std::string::npos);
  CHECK(DecodeQp(PartBody(mime, "text/html")).find(m.html) == 0);
}

TEST_CASE("html with images: related part holds the html and the cid images") {
  MailMessage m = Sample();
  m.html = "<p>Ticket</p><img src=\"cid:ticket-7@lanyard\">";
  m.inline_parts.push_back(
      {"ticket-7@lanyard", "image/png", "ticket-7.png", std::string(3000, '\x89')});
  const std::string mime = BuildMime(m);
  CheckLines(mime, 998);
  const std::string lower = Lower(mime);
  const size_t alt = lower.find("multipart/alternative");
  const size_t related = lower.find("content-type: multipart/related");
  const size_t plain = lower.find("content-type: text/plain");
  const size_t html = lower.find("content-type: text/html");
  const size_t png = lower.find("content-type: image/png");
  REQUIRE(alt != std::string::npos);
  REQUIRE(related != std::string::npos);
  CHECK(plain < related);
  CHECK(related < html);
  CHECK(html < png);
  // RFC 2387: the related part names its root's type.
  CHECK(lower.find("type=\"text/html\"", related) < html);
  CHECK(lower.find("content-id: <ticket-7@lanyard>\r\n") != std::string::npos);
  const size_t disposition = lower.find("content-disposition: inline; filename=");
  REQUIRE(disposition != std::string::npos);
  CHECK(lower.find("ticket-7.png", disposition) < lower.find("\r\n", disposition));
  CHECK(lower.find("content-transfer-encoding: base64") > png);
}

TEST_CASE("UTF-8 subject and names are encoded, header injection is impossible") {
  MailMessage m = Sample();
  m.subject = "Tiket Anda — “Konferensi” ✓\r\nBcc: victim@example.org";
  m.to.name = "Dédé\r\nX-Evil: 1";
  m.headers.emplace_back("List-Unsubscribe",
                         "<https://e.example.org/api/v1/unsubscribe/t>\r\nX-Evil: 2");
  const std::string mime = BuildMime(m);
  CheckLines(mime, 998);
  for (const std::string& line : Lines(mime)) {
    CHECK(Lower(line).rfind("bcc:", 0) != 0);
    CHECK(Lower(line).rfind("x-evil:", 0) != 0);
  }
  const std::string subject = HeaderValue(mime, "Subject");
  CHECK(!EncodedWords(subject).empty());
  CHECK(DecodeHeader(subject) == "Tiket Anda — “Konferensi” ✓  Bcc: victim@example.org");
  CHECK(HeaderValue(mime, "List-Unsubscribe")
            .rfind("<https://e.example.org/api/v1/unsubscribe/t>", 0) == 0);
}

TEST_CASE("List-Unsubscribe with a real token stays one <URL>, not encoded words (RFC 2369)") {
  MailMessage m = Sample();
  const std::string url = "https://tickets.example.org/api/v1/unsubscribe/"
                          "q7Xk2mV9pR4sT8wY1zA3bC5dE6fG0hJ-KLmNoPqRsTuVwXyZ_0123456789abcdef";
  m.headers.emplace_back("List-Unsubscribe", "<" + url + ">");
  m.headers.emplace_back("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
  const std::string mime = BuildMime(m);
  CheckLines(mime, 998);
  CHECK(mime.find("\r\nList-Unsubscribe: <" + url + ">\r\n") != std::string::npos);
  CHECK(mime.find("\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n") != std::string::npos);
}

TEST_CASE("long ASCII subjects fold within 78 columns") {
  MailMessage m = Sample();
  m.subject.clear();
  for (int i = 0; i < 40; ++i) m.subject += "word" + std::to_string(i) + " ";
  m.subject += "end";
  const std::string mime = BuildMime(m);
  const std::string head = mime.substr(0, mime.find("\r\n\r\n"));
  CheckLines(head, 78);
  CHECK(HeaderValue(mime, "Subject") == m.subject);
}

TEST_CASE("a subject without spaces longer than a line is still within limits") {
  MailMessage m = Sample();
  m.subject = std::string(2000, 'a');
  const std::string mime = BuildMime(m);
  CheckLines(mime, 998);
  CHECK(DecodeHeader(HeaderValue(mime, "Subject")) == m.subject);
}
