#include "core/mail/mail_templates.h"

#include <cctype>
#include <map>
#include <mutex>
#include <stdexcept>

#include "core/common/validation.h"
#include "storage/embedded_file.h"

namespace lanyard::embedded_mail_templates {
const EmbeddedFile* Files(size_t* count);
}

namespace lanyard {

namespace {

using nlohmann::json;

// ---- the embedded catalogue ----------------------------------------------------------------

struct LocaleCatalogue {
  std::map<std::string, MailTemplate, std::less<>> templates;
  std::map<std::string, std::string, std::less<>> strings;
};

const std::map<std::string, LocaleCatalogue, std::less<>>& Catalogue() {
  static const auto* catalogue = [] {
    auto* out = new std::map<std::string, LocaleCatalogue, std::less<>>();
    size_t count = 0;
    const EmbeddedFile* files = embedded_mail_templates::Files(&count);
    for (size_t i = 0; i < count; ++i) {
      std::string path = files[i].path;
      if (path.size() < 6 || path.compare(path.size() - 5, 5, ".json") != 0) continue;
      const std::string locale = path.substr(0, path.size() - 5);
      const json doc =
          json::parse(std::string(reinterpret_cast<const char*>(files[i].data), files[i].size));
      LocaleCatalogue& cat = (*out)[locale];
      for (const auto& [key, value] : doc.items()) {
        if (key == "_strings") {
          for (const auto& [name, text] : value.items())
            cat.strings[name] = text.get<std::string>();
          continue;
        }
        if (!key.empty() && key[0] == '_') continue;
        cat.templates[key] =
            MailTemplate{value.at("subject").get<std::string>(),
                         value.at("text").get<std::string>(), value.at("html").get<std::string>()};
      }
    }
    return out;
  }();
  return *catalogue;
}

std::vector<std::string> SplitSpaces(std::string_view s) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos < s.size()) {
    size_t space = s.find(' ', pos);
    if (space == std::string_view::npos) space = s.size();
    if (space > pos) out.emplace_back(s.substr(pos, space - pos));
    pos = space + 1;
  }
  return out;
}

const MailKindSpec* FindKind(std::string_view kind) {
  for (const MailKindSpec& spec : kMailKinds) {
    if (spec.kind == kind) return &spec;
  }
  return nullptr;
}

std::string FlattenLine(std::string_view s) {
  std::string out;
  for (char c : s) out += (c == '\r' || c == '\n' || c == '\t') ? ' ' : c;
  const size_t begin = out.find_first_not_of(' ');
  if (begin == std::string::npos) return "";
  return out.substr(begin, out.find_last_not_of(' ') - begin + 1);
}

}  // namespace

bool IsMailKind(std::string_view kind) { return FindKind(kind) != nullptr; }

bool IsMailLocale(std::string_view locale) {
  for (std::string_view l : kMailLocales) {
    if (l == locale) return true;
  }
  return false;
}

std::vector<std::string> MailPlaceholders(std::string_view kind) {
  const MailKindSpec* spec = FindKind(kind);
  if (!spec) return {};
  std::vector<std::string> out = SplitSpaces(spec->placeholders);
  for (std::string& common : SplitSpaces(kCommonMailPlaceholders)) out.push_back(std::move(common));
  return out;
}

const MailTemplate& DefaultMailTemplate(std::string_view kind, std::string_view locale) {
  if (!IsMailKind(kind)) throw std::logic_error("unknown mail kind " + std::string(kind));
  const auto& catalogue = Catalogue();
  auto cat = catalogue.find(IsMailLocale(locale) ? locale : std::string_view("en"));
  if (cat == catalogue.end()) throw std::logic_error("no embedded mail templates for locale");
  auto found = cat->second.templates.find(kind);
  if (found == cat->second.templates.end()) {
    throw std::logic_error("no embedded mail template for " + std::string(kind));
  }
  return found->second;
}

std::string MailString(std::string_view locale, std::string_view key) {
  const auto& catalogue = Catalogue();
  for (std::string_view l : {locale, std::string_view("en")}) {
    auto cat = catalogue.find(l);
    if (cat == catalogue.end()) continue;
    auto found = cat->second.strings.find(key);
    if (found != cat->second.strings.end()) return found->second;
  }
  return std::string(key);
}

Status ValidateMailTemplate(std::string_view kind, const MailTemplate& tmpl) {
  if (!IsMailKind(kind)) return Error::NotFound("Unknown mail kind.");
  const std::vector<std::string> allowed_list = MailPlaceholders(kind);
  const std::set<std::string, std::less<>> allowed(allowed_list.begin(), allowed_list.end());
  std::map<std::string, std::string> fields;
  std::string first_message;
  const std::pair<const char*, const std::string*> parts[] = {
      {"subject", &tmpl.subject}, {"text", &tmpl.text}, {"html", &tmpl.html}};
  for (const auto& [field, text] : parts) {
    if (text->size() > 100000) {
      fields[field] = "is too long (at most 100000 characters)";
      if (first_message.empty()) first_message = std::string("The ") + field + " is too long.";
      continue;
    }
    const MailTemplateSyntax parsed = CheckMailTemplateSyntax(*text);
    if (!parsed.error.empty()) {
      fields[field] = parsed.error;
      if (first_message.empty()) first_message = "Template syntax: " + parsed.error + ".";
      continue;
    }
    for (const std::string& name : parsed.names) {
      std::string why;
      if (!allowed.count(name)) {
        why = "unknown placeholder {{" + name + "}}";
      } else if (name.size() >= 5 && name.compare(name.size() - 5, 5, "_html") == 0 && std::string_view(field) != "html") {
        why = "placeholder {{" + name + "}} may only be used in the html part";
      }
      if (!why.empty()) {
        fields[field] = why;
        if (first_message.empty()) {
          first_message = "Unknown placeholder {{" + name + "}} for " + std::string(kind) + ".";
          if (allowed.count(name)) first_message = "Placeholder {{" + name + "}}: html part only.";
        }
        break;
      }
    }
  }
  if (tmpl.subject.find_first_not_of(" \t\r\n") == std::string::npos) {
    fields.emplace("subject", "must not be empty");
  }
  if (tmpl.text.find_first_not_of(" \t\r\n") == std::string::npos) {
    fields.emplace("text", "must not be empty");
  }
  if (fields.empty()) return OkStatus();
  if (first_message.empty()) first_message = "Some parts of the template are not valid.";
  return Error::Invalid(std::move(fields), std::move(first_message));
}


RenderedMail RenderMailTemplate(const MailTemplate& tmpl, const json& values,
                                std::string_view locale) {
  RenderedMail out;
  out.subject = FlattenLine(RenderMailString(tmpl.subject, values, false));
  out.text = RenderMailString(tmpl.text, values, false);
  const std::string body = RenderMailString(tmpl.html, values, true);
  const std::string footer = RenderMailString(MailString(locale, "footer"), values, true);
  const std::string lang = IsMailLocale(locale) ? std::string(locale) : "en";
  out.html =
      "<!DOCTYPE html>\n<html lang=\"" + lang +
      "\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" +
      MailHtmlEscape(out.subject) +
      "</title>\n</head>\n"
      "<body style=\"margin:0;padding:0;background:#f4f4f5;\">\n"
      "<div style=\"max-width:600px;margin:0 auto;padding:24px;background:#ffffff;color:#18181b;"
      "font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;font-size:16px;"
      "line-height:1.5;\">\n" +
      body +
      "\n<hr style=\"border:none;border-top:1px solid #e4e4e7;margin:24px 0;\">\n"
      "<p style=\"font-size:13px;color:#71717a;\">" +
      footer + "</p>\n</div>\n</body>\n</html>\n";
  return out;
}

void AddDerivedMailValues(std::string_view kind, json& values) {
  if (!values.is_object()) values = json::object();
  auto text = [&](const char* key) {
    auto it = values.find(key);
    return (it != values.end() && it->is_string()) ? it->get<std::string>() : std::string();
  };
  auto set_default = [&](const char* key, json value) {
    if (!values.contains(key)) values[key] = std::move(value);
  };
  // Flags given as text ("yes"/"no", "true"/"false", "1"/"0") become booleans, so that
  // {{#approved}} does not take a "no" for a yes.
  for (const char* flag :
       {"approved", "accepted", "waitlisted", "is_confirmed", "is_finalist", "is_disqualified",
        "is_withdrawn"}) {
    auto it = values.find(flag);
    if (it == values.end() || !it->is_string()) continue;
    std::string v = it->get<std::string>();
    for (char& ch : v) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    *it = !(v.empty() || v == "no" || v == "false" || v == "0" || v == "off");
  }
  // Blank bank instructions count as none: the mail then says the committee will tell how to
  // pay instead of an empty "How to pay:".
  if (values.contains("bank_instructions") && Trim(text("bank_instructions")).empty()) {
    values["bank_instructions"] = "";
  }
  if (kind == "event_review_result") {
    const std::string d = text("decision");
    set_default("approved", d == "published" || d == "approve" || d == "approved");
  } else if (kind == "organizer_application_result") {
    const std::string d = text("decision");
    set_default("approved", d == "approve" || d == "approved");
  } else if (kind == "nomination_decided") {
    const std::string d = text("decision");
    set_default("accepted", d == "accept" || d == "accepted");
  } else if (kind == "team_status_changed") {
    const std::string s = text("status");
    set_default("is_confirmed", s == "confirmed");
    set_default("is_finalist", s == "finalist");
    set_default("is_disqualified", s == "disqualified");
    set_default("is_withdrawn", s == "withdrawn");
  } else if (kind == "session_registered") {
    set_default("waitlisted", text("status") == "waitlisted");
  } else if (kind == "campaign") {
    const std::string token = text("unsubscribe_token");
    if (!token.empty()) set_default("unsubscribe_url", text("base_url") + "/unsubscribe/" + token);
  } else if (kind == "tickets") {
    set_default("tickets_url", text("base_url") + "/account/tickets");
  }
}

json SampleMailValues(std::string_view kind, std::string_view locale) {
  const bool id = locale == "id";
  json v = json::object();
  v["confirm_url"] = "https://tickets.example.org/account/confirm?token=SAMPLE-TOKEN";
  v["reset_url"] = "https://tickets.example.org/account/reset?token=SAMPLE-TOKEN";
  v["token"] = "SAMPLE-TOKEN";
  v["code"] = "482913";
  v["expires_minutes"] = 60;
  v["order_code"] = "LNY-7KQ2M";
  v["order_url"] = "https://tickets.example.org/account/orders/42";
  v["event_title"] = id ? "Konferensi Teknologi Nusantara 2026" : "Nusantara Tech Conference 2026";
  v["amount"] = "Rp 150.000";
  v["amount_paid"] = "Rp 50.000";
  v["amount_due"] = "Rp 100.000";
  v["amount_received"] = "Rp 50.000";
  v["amount_overpaid"] = "";
  v["bank_instructions"] =
      id ? "Transfer ke BCA 123-456-7890 a.n. Panitia Acara.\nCantumkan kode pesanan."
         : "Transfer to BCA 123-456-7890 (Event Committee).\nPut the order code in the transfer "
           "note.";
  v["expires_at"] = "2026-06-01T02:00:00Z";
  v["reason"] = id ? "Bukti transfer tidak terbaca." : "The transfer receipt could not be read.";
  v["event_starts_at"] = "2026-06-20T02:00:00Z";
  v["event_venue"] = "Balai Kartini, Jakarta";
  v["tickets"] = json::array({
      {{"id", 101},
       {"code", "LNY1.SAMPLE.TICKET.101"},
       {"holder_name", "Siti Rahma"},
       {"ticket_type", id ? "Reguler" : "Regular"}},
      {{"id", 102},
       {"code", "LNY1.SAMPLE.TICKET.102"},
       {"holder_name", "Budi Santoso"},
       {"ticket_type", id ? "Pelajar" : "Student"}},
  });
  v["event_url"] = "https://tickets.example.org/events/7";
  v["message"] = id ? "Terima kasih atas partisipasi Anda." : "Thank you for taking part.";
  v["decision"] = kind == "event_review_result"  ? "published"
                  : kind == "nomination_decided" ? "accept"
                                                 : "approve";
  v["organization"] = "Komunitas Developer Bandung";
  v["team_name"] = "Kopi Koding";
  v["competition_name"] = "Hackathon";
  v["member_name"] = "Budi Santoso";
  v["team_url"] = "https://tickets.example.org/account/teams/5";
  v["invite_url"] = "https://tickets.example.org/join/SAMPLE-INVITE";
  v["stage_name"] = id ? "Proposal" : "Proposal";
  v["deadline"] = "2026-06-10 23:59 WIB";
  v["status"] = kind == "team_status_changed" ? "finalist" : "registered";
  v["session_title"] = id ? "Membangun Aplikasi Offline-First" : "Building Offline-First Apps";
  v["session_starts_at"] = "2026-06-20T06:00:00Z";
  v["room"] = id ? "Ruang A" : "Room A";
  v["session_url"] = "https://tickets.example.org/events/7/sessions/3";
  v["session_ends_at"] = "2026-06-20 15:00 WIB";
  v["old_starts_at"] = "2026-06-20 10:00 WIB";
  v["old_room"] = id ? "Ruang B" : "Room B";
  v["time_changed"] = true;
  v["room_changed"] = true;
  v["waitlisted"] = false;
  v["time_zone"] = "Asia/Makassar";
  v["old_time_zone"] = "Asia/Jakarta";
  v["event_ends_at"] = "2026-06-20T09:00:00Z";
  v["old_starts_at"] = "2026-06-20T02:00:00Z";
  v["wall_times_kept"] = true;
  v["talk_title"] = v["session_title"];
  v["nominator_name"] = "Siti Rahma";
  v["nomination_url"] = "https://tickets.example.org/events/7/nominations";
  v["subject"] = id ? "Info penting untuk hari acara" : "Important information for the event day";
  v["body"] = id ? "Halo!\nPintu dibuka pukul 08.00. Bawa tiket Anda."
                 : "Hello!\nDoors open at 08:00. Bring your ticket.";
  v["unsubscribe_token"] = "SAMPLE-UNSUBSCRIBE";
  v["body_text"] = v["body"];
  v["body_html"] = id ? "<p>Halo!<br>\nPintu dibuka pukul 08.00. Bawa tiket Anda.</p>"
                      : "<p>Hello!<br>\nDoors open at 08:00. Bring your ticket.</p>";
  v["on_behalf_of"] = "";
  v["respond_url"] = "https://tickets.example.org/nominations/respond/SAMPLE-TOKEN";
  v["draw_title"] = id ? "Undian Doorprize" : "Door prize draw";
  v["prize_name"] = id ? "Kaos Acara" : "Event T-shirt";
  v["claim_until"] = "2026-06-20T10:30:00Z";
  v["draw_url"] = "https://tickets.example.org/draws/3/live";
  v["invite_url"] = "https://tickets.example.org/invite/SAMPLE-TOKEN";
  v["login_url"] = "https://tickets.example.org/account/login";
  v["inviter_name"] = "Siti Rahma";
  v["role"] = "staff";
  v["is_staff"] = true;
  v["is_organizer"] = false;
  v["is_admin"] = false;
  v["existing"] = false;
  v["buyer_name"] = "Siti Rahma";
  v["holder_name"] = "Budi Santoso";
  v["ticket_type"] = id ? "Reguler" : "Regular";
  v["ticket_ref"] = "K7QX2M9A-2";
  v["ticket_url"] = "https://tickets.example.org/account/tickets/102?key=SAMPLE";
  v["ticket_id"] = 102;
  v["ticket_code"] = "LNY1.SAMPLE.TICKET.102";
  // Keep only what the kind takes (and the tickets list the sender renders).
  const std::vector<std::string> allowed = MailPlaceholders(kind);
  json out = json::object();
  for (const std::string& key : allowed) {
    if (v.contains(key)) out[key] = v[key];
  }
  if (kind == "tickets") out["tickets"] = v["tickets"];
  if (kind == "campaign") out["unsubscribe_token"] = v["unsubscribe_token"];
  return out;
}


}  // namespace lanyard
