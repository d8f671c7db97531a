#pragma once
// Times in mails. Feature code puts instants into a mail's placeholder data; the composer turns
// them into text when the mail is built (core/mail/mail_compose.h), in the recipient's language
// and the deployment's time zone (setting `timezone`), with core/common/local_time.h's
// FormatLocalTime. So nobody formats a time for a mail by hand, and an admin who changes the
// time zone changes every mail still queued.
//
//   QueueMail(c, "session_registered", u.email, u.name, u.locale,
//             {{"session_title", s.title},
//              {"session_starts_at", MailTime(s.starts_at_unix)},            // date and time
//              {"deadline", MailTime(d, TimeStyle::kDate)},                  // date only
//              {"opens_at", MailTime("2027-01-16T02:00:00Z", TimeStyle::kDateTime,
//                                    "Asia/Makassar")}});                    // + event's zone
//
// A plain string in the exact RFC 3339 UTC form "YYYY-MM-DDTHH:MM:SSZ" is formatted too (as
// kDateTime): data queued before MailTime existed, or a value taken straight from a row.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string_view>

#include "core/common/local_time.h"

namespace lanyard {

// A placeholder value {"$time": "<RFC 3339 UTC>", "style": "datetime|date|time|short_date",
// "tz": "<IANA, optional>"}: `tz`, when set and different from the deployment's, is added in
// brackets (the event's own zone).
nlohmann::json MailTime(int64_t utc_seconds, TimeStyle style = TimeStyle::kDateTime,
                        std::string_view also_tz = {});
// The same from RFC 3339 text; text that does not parse is kept as a plain string.
nlohmann::json MailTime(std::string_view rfc3339, TimeStyle style = TimeStyle::kDateTime,
                        std::string_view also_tz = {});

// Replaces every time value in `values` (MailTime objects and RFC 3339 UTC strings, also inside
// lists and nested objects) with its display text in `tz` and `locale`. Other values untouched.
void FormatMailTimes(nlohmann::json& values, std::string_view tz, std::string_view locale);

}  // namespace lanyard
