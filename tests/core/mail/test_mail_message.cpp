#include <doctest/doctest.h>

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

// Every line break is CRLF and no line is longer than `max`.
void CheckLines(const std::string& mime, size_t max) {
  for (size_t i = 0; i < mime.size(); ++i) {
    if (mime[i] == '\n') REQUIRE_MESSAGE((i > 0 && mime[i - 1] == '\r'), "bare LF at " << i);
    if (mime[i] == '\r') REQUIRE_MESSAGE((i + 1 < mime.size() && mime[i + 1] == '\n'), "bare CR");
  }
  for (const std::string& line : Lines(mime)) CHECK_MESSAGE(line.size() <= max, line);
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

// Decodes "=?UTF-8?B?...?=" words separated by spaces (the only form we write).
std::string DecodeWords(const std::string& value) {
  std::string out;
  size_t pos = 0;
  while ((pos = value.find("=?UTF-8?B?", pos)) != std::string::npos) {
    const size_t end = value.find("?=", pos + 10);
    std::string b64 = value.substr(pos + 10, end - pos - 10);
    // Base64 (standard) to base64url for the decoder we have.
    for (char& c : b64) c = c == '+' ? '-' : c == '/' ? '_' : c;
    while (!b64.empty() && b64.back() == '=') b64.pop_back();
    std::string bytes;
    REQUIRE(crypto::Base64UrlDecode(b64, &bytes));
    out += bytes;
    pos = end + 2;
  }
  return out;
}

std::string HeaderValue(const std::string& mime, const std::string& name) {
  // Unfolds the first header of that name.
  const std::string head = mime.substr(0, mime.find("\r\n\r\n"));
  size_t pos = head.find("\r\n" + name + ":");
  pos =
      pos == std::string::npos ? (head.rfind(name + ":", 0) == 0 ? 0 : std::string::npos) : pos + 2;
  if (pos == std::string::npos) return "";
  std::string value;
  size_t i = pos + name.size() + 1;
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
  while (!value.empty() && value.front() == ' ') value.erase(value.begin());
  return value;
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
  CHECK(FormatMailDate(1780304400) == "Mon, 01 Jun 2026 09:00:00 +0000");
  CHECK(FormatMailDate(0) == "Thu, 01 Jan 1970 00:00:00 +0000");
}

TEST_CASE("header words: ASCII stays, UTF-8 is encoded in short words that decode back") {
  CHECK(EncodeHeaderWords("Your tickets") == "Your tickets");
  const std::string subject =
      "Tiket Anda untuk Konferensi Teknologi Nusantara — “Jakarta” 2026 🎟️ ünïcödé ñ 東京 and "
      "more";
  const std::string encoded = EncodeHeaderWords(subject);
  CHECK(encoded.find("=?UTF-8?B?") == 0);
  size_t pos = 0;
  while (pos < encoded.size()) {
    size_t space = encoded.find(' ', pos);
    if (space == std::string::npos) space = encoded.size();
    CHECK(space - pos <= 75);
    pos = space + 1;
  }
  CHECK(DecodeWords(encoded) == subject);
  // Text that merely looks like an encoded word is encoded too.
  CHECK(EncodeHeaderWords("=?UTF-8?B?abc?=").find("=?UTF-8?B?PT9") == 0);
}

TEST_CASE("header words never split a UTF-8 sequence") {
  std::string text;
  for (int i = 0; i < 40; ++i) text += "é東🎟";
  const std::string encoded = EncodeHeaderWords(text);
  size_t pos = 0;
  while ((pos = encoded.find("=?UTF-8?B?", pos)) != std::string::npos) {
    const size_t end = encoded.find("?=", pos + 10);
    const std::string one = DecodeWords(encoded.substr(pos, end + 2 - pos));
    // Each word decodes to whole characters: it starts with a lead byte and ends complete.
    REQUIRE(!one.empty());
    CHECK((static_cast<unsigned char>(one[0]) & 0xC0) != 0x80);
    pos = end + 2;
  }
  CHECK(DecodeWords(encoded) == text);
}

TEST_CASE("addresses: quoted ASCII names, encoded UTF-8 names, parsing") {
  CHECK(FormatMailAddress({"", "a@example.org"}) == "a@example.org");
  CHECK(FormatMailAddress({"Siti \"Ira\" Rahma", "a@example.org"}) ==
        "\"Siti \\\"Ira\\\" Rahma\" <a@example.org>");
  const std::string utf8 = FormatMailAddress({"Dédé Ñúñez", "d@example.org"});
  CHECK(utf8.find("=?UTF-8?B?") == 0);
  CHECK(utf8.find(" <d@example.org>") != std::string::npos);
  // Nothing can break out of the angle brackets.
  CHECK(FormatMailAddress({"x", "a@b.org>\r\nBcc: evil@x.org"}).find("\r") == std::string::npos);

  MailAddress a = ParseMailAddress("  \"Lanyard Desk\" <desk@example.org> ");
  CHECK(a.name == "Lanyard Desk");
  CHECK(a.email == "desk@example.org");
  MailAddress b = ParseMailAddress("plain@example.org");
  CHECK(b.name.empty());
  CHECK(b.email == "plain@example.org");
  CHECK(MailDomain("x@events.example.org") == "events.example.org");
  CHECK(MailDomain("nodomain") == "");
}

TEST_CASE("quoted-printable: 76-char lines, CRLF, exact round trip") {
  std::string text = "Short line\nA line with trailing space \nTabs\tinside\n";
  text += std::string(300, 'x') + "\n";
  text += "Bahasa: “kutipan” — é 東京 = equals\r\n.leading dot\rold mac line";
  const std::string qp = QuotedPrintable(text);
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
  CHECK(DecodeQp(qp) == expected + "\r\n");
  CHECK(qp.find("space=20\r\n") != std::string::npos);  // trailing space is encoded
  CHECK(qp.find("\r\n=2Eleading") != std::string::npos);
}

TEST_CASE("base64 lines are 76 characters") {
  const std::string data(1000, '\xAB');
  const std::string b64 = Base64Lines(data);
  CheckLines(b64, 76);
  CHECK(Lines(b64)[0].size() == 76);
}

TEST_CASE("text-only mail: headers, single text part") {
  MailMessage m = Sample();
  const std::string mime = BuildMime(m);
  CheckLines(mime, 998);
  CHECK(mime.rfind("Date: Mon, 01 Jun 2026 09:00:00 +0000\r\n", 0) == 0);
  CHECK(HeaderValue(mime, "From") == "\"Panitia Acara\" <noreply@events.example.org>");
  CHECK(HeaderValue(mime, "To") == "\"Siti Rahma\" <siti@example.org>");
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
  const std::string boundary = ct.substr(b + 10, ct.size() - b - 11);
  const size_t text_at = mime.find("Content-Type: text/plain");
  const size_t html_at = mime.find("Content-Type: text/html");
  CHECK(text_at != std::string::npos);
  CHECK(html_at > text_at);
  CHECK(mime.find("--" + boundary + "--\r\n") != std::string::npos);
  CHECK(mime.find("\r\n--" + boundary + "\r\nContent-Type: text/html") != std::string::npos);
}

TEST_CASE("html with images: related part holds the html and the cid images") {
  MailMessage m = Sample();
  m.html = "<p>Ticket</p><img src=\"cid:ticket-7@lanyard\">";
  m.inline_parts.push_back(
      {"ticket-7@lanyard", "image/png", "ticket-7.png", std::string(3000, '\x89')});
  const std::string mime = BuildMime(m);
  CheckLines(mime, 998);
  const size_t alt = mime.find("multipart/alternative");
  const size_t related = mime.find("Content-Type: multipart/related");
  const size_t plain = mime.find("Content-Type: text/plain");
  const size_t html = mime.find("Content-Type: text/html");
  const size_t png = mime.find("Content-Type: image/png");
  REQUIRE(alt != std::string::npos);
  REQUIRE(related != std::string::npos);
  CHECK(plain < related);
  CHECK(related < html);
  CHECK(html < png);
  CHECK(mime.find("Content-ID: <ticket-7@lanyard>\r\n") != std::string::npos);
  CHECK(mime.find("Content-Disposition: inline; filename=\"ticket-7.png\"") != std::string::npos);
  CHECK(mime.find("Content-Transfer-Encoding: base64") != std::string::npos);
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
    CHECK(line.rfind("Bcc:", 0) != 0);
    CHECK(line.rfind("X-Evil:", 0) != 0);
  }
  const std::string subject = HeaderValue(mime, "Subject");
  CHECK(subject.find("=?UTF-8?B?") == 0);
  CHECK(DecodeWords(subject) == "Tiket Anda — “Konferensi” ✓  Bcc: victim@example.org");
  CHECK(HeaderValue(mime, "List-Unsubscribe")
            .rfind("<https://e.example.org/api/v1/unsubscribe/t>", 0) == 0);
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
  CHECK(DecodeWords(HeaderValue(mime, "Subject")) == m.subject);
}
