#include "core/mail/mail_compose.h"

#include <exception>

#include "core/common/crypto.h"
#include "core/common/links.h"
#include "core/common/qr.h"
#include "core/mail/mail_links.h"
#include "core/mail/mail_time.h"

namespace lanyard {

namespace {

using nlohmann::json;

constexpr int kQrScale = 6;
constexpr int kQrBorder = 4;
constexpr size_t kMaxTicketsPerMail = 200;  // beyond that the mail links to the ticket page

std::string StripTrailingSlashes(std::string s) {
  while (!s.empty() && s.back() == '/') s.pop_back();
  return s;
}

std::string JsonText(const json& obj, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end()) return "";
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number()) return it->dump();
  return "";
}

// The <img> of a ticket's QR code (`code`, the signed ticket): an inline part with content id
// ticket-<id>@lanyard (or a data: URI when `options` asks), "" when the code makes no QR.
std::string InlineQr(const std::string& code, const std::string& id, size_t count,
                     const std::string& alt_label, const ComposeOptions& options,
                     std::vector<InlinePart>* parts) {
  if (code.empty()) return "";
  std::string png;
  try {
    png = QrPng(code, kQrScale, kQrBorder);
  } catch (const std::exception&) {
    return "";  // a code too long for a QR: the link still works
  }
  if (png.empty()) return "";
  const std::string name = "ticket-" + (id.empty() ? std::to_string(count) : id);
  std::string src;
  if (options.images_as_data_uri) {
    src = "data:image/png;base64," + crypto::Base64Encode(png);
  } else {
    src = "cid:" + name + "@lanyard";
    parts->push_back({name + "@lanyard", "image/png", name + ".png", std::move(png)});
  }
  return "<img src=\"" + MailHtmlEscape(src) + "\" alt=\"" + MailHtmlEscape(alt_label) +
         "\" width=\"240\" height=\"240\" style=\"display:block;width:240px;height:240px;\">";
}

// The ticket list as text and as HTML with one inline QR image per ticket.
void AddTickets(const json& tickets, const std::string& locale, const std::string& base_url,
                const ComposeOptions& options, json& values, std::vector<InlinePart>* parts) {
  std::string text;
  std::string html =
      "<table role=\"presentation\" style=\"border-collapse:collapse;width:100%;\">\n";
  const std::string open_label = MailString(locale, "open_ticket");
  const std::string code_label = MailString(locale, "ticket_code");
  const std::string alt_label = MailString(locale, "ticket_qr_alt");
  const std::string ref_label = MailString(locale, "ticket_ref");
  size_t count = 0;
  for (const json& ticket : tickets) {
    if (!ticket.is_object()) continue;
    if (count == kMaxTicketsPerMail) break;
    ++count;
    const std::string id = JsonText(ticket, "id");
    const std::string code = JsonText(ticket, "code");
    const std::string holder = JsonText(ticket, "holder_name");
    const std::string type = JsonText(ticket, "ticket_type");
    const std::string ref = JsonText(ticket, "ref");  // typed at the door without a camera
    const std::string url = base_url + "/account/tickets/" + id;
    std::string title = type;
    if (!holder.empty()) title += (title.empty() ? "" : " - ") + holder;

    text += "* " + title + "\n";
    if (!ref.empty()) text += "  " + ref_label + ": " + ref + "\n";
    text += "  " + code_label + ": " + code + "\n  " + open_label + ": " + url + "\n\n";

    const std::string img = InlineQr(code, id, count, alt_label, options, parts);
    html +=
        "<tr><td style=\"padding:16px 0;border-top:1px solid #e4e4e7;\">\n<p style=\"margin:0 0 "
        "8px;"
        "font-weight:600;\">" +
        MailHtmlEscape(title) + "</p>\n" +
        (ref.empty() ? std::string()
                     : "<p style=\"margin:0 0 8px;font-size:20px;font-family:monospace;"
                       "letter-spacing:1px;\">" +
                           MailHtmlEscape(ref_label) + ": <strong>" + MailHtmlEscape(ref) +
                           "</strong></p>\n") +
        img +
        "\n<p style=\"margin:8px 0 0;font-size:13px;color:#52525b;word-break:break-all;\">" +
        MailHtmlEscape(code_label) + ": " + MailHtmlEscape(code) +
        "</p>\n<p style=\"margin:8px 0 0;\"><a href=\"" + MailHtmlEscape(url) + "\">" +
        MailHtmlEscape(open_label) + "</a></p>\n</td></tr>\n";
  }
  html += "</table>";
  values["tickets_text"] = text;
  values["tickets_html"] = html;
  values["ticket_count"] = static_cast<int64_t>(count);
}

}  // namespace

std::string ResolveMailLocale(std::string_view locale, const MailSettings& settings) {
  if (IsMailLocale(locale)) return std::string(locale);
  if (IsMailLocale(settings.default_locale)) return settings.default_locale;
  return "en";
}

std::string OutboxMessageId(int64_t outbox_id, const std::string& created_at,
                            const std::string& to_email, const std::string& mail_from) {
  std::string domain = MailDomain(ParseMailAddress(mail_from).email);
  if (domain.empty()) domain = "lanyard.invalid";
  const std::string digest = crypto::HexEncode(crypto::Sha256(std::to_string(outbox_id) + "\n" +
                                                              created_at + "\n" + to_email))
                                 .substr(0, 20);
  return "lanyard." + std::to_string(outbox_id) + "." + digest + "@" + domain;
}

Result<ComposedMail> ComposeMail(const MailRequest& request, const MailTemplate& tmpl,
                                 const MailSettings& settings, int64_t now_unix,
                                 const ComposeOptions& options) {
  if (!IsMailKind(request.kind)) return Error::NotFound("Unknown mail kind " + request.kind + ".");
  if (!request.data.is_object()) return Error::Invalid("data", "must be a JSON object");
  const std::string locale = ResolveMailLocale(request.locale, settings);
  const std::string base_url = StripTrailingSlashes(settings.base_url);

  ComposedMail out;
  json& values = out.values;
  values = request.data;
  FormatMailTimes(values, settings.timezone, locale);
  RebaseLoopbackLinks(values, base_url);  // queued on loopback (lanyard demo): today's address
  values["site_name"] = settings.site_name;
  values["base_url"] = base_url;
  if (JsonText(values, "recipient_name").empty()) {
    std::string name = request.to_name;
    if (name.empty()) name = request.to_email.substr(0, request.to_email.find('@'));
    values["recipient_name"] = name;
  }
  AddDerivedMailValues(request.kind, values);

  std::vector<InlinePart> parts;
  if (request.kind == "tickets") {
    const json tickets = values.contains("tickets") && values["tickets"].is_array()
                             ? values["tickets"]
                             : json::array();
    AddTickets(tickets, locale, base_url, options, values, &parts);
  } else if (request.kind == "ticket_holder") {
    // A companion's ticket mail carries the same inline QR as the buyer's.
    values["ticket_qr_html"] = InlineQr(JsonText(values, "ticket_code"), JsonText(values, "ticket_id"),
                                        1, MailString(locale, "ticket_qr_alt"), options, &parts);
  }

  out.rendered = RenderMailTemplate(tmpl, values, locale);

  MailMessage& m = out.message;
  m.from = ParseMailAddress(settings.mail_from);
  if (m.from.name.empty()) m.from.name = settings.site_name;
  m.to = MailAddress{request.to_name, request.to_email};
  m.subject = out.rendered.subject;
  m.text = out.rendered.text;
  m.html = out.rendered.html;
  m.inline_parts = std::move(parts);
  m.message_id =
      OutboxMessageId(request.id, request.created_at, request.to_email, settings.mail_from);
  m.date = now_unix;
  if (request.kind == "campaign") {
    m.headers.emplace_back("Precedence", "bulk");
    const std::string token = JsonText(values, "unsubscribe_token");
    if (!token.empty()) {
      // RFC 8058 one-click unsubscribe.
      m.headers.emplace_back("List-Unsubscribe",
                             "<" + base_url + Links().OneClickUnsubscribe(token) + ">");
      m.headers.emplace_back("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
    }
  } else {
    // RFC 3834: tells auto-responders not to answer transactional mails.
    m.headers.emplace_back("Auto-Submitted", "auto-generated");
  }
  return out;
}

}  // namespace lanyard
