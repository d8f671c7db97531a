#pragma once
// Times in mails. Feature code puts instants into a mail's placeholder data; the composer turns
// them into text when the mail is built (core/mail/mail_compose.h), in the recipient's language,
// with core/common/local_time.h's FormatLocalTime. So nobody formats a time for a mail by hand,
// and an admin who changes the time zone changes every mail still queued.
//
// Which zone: a mail about an event leads with the EVENT's zone (SetMailZone(data, e.time_zone),
// or MailTime(t, style, zone) for one value) — the zone people at the venue live by — and adds
// the deployment's (setting `timezone`) in brackets only when its offset differs:
// "Sabtu, 16 Januari 2027 09.00 WITA (08.00 WIB)". Other mails use the deployment's zone.
//
//   QueueMail(c, "session_registered", u.email, u.name, u.locale,
//             {{"session_title", s.title},
//              {"session_starts_at", MailTime(s.starts_at_unix)},            // date and time
//              {"deadline", MailTime(d, TimeStyle::kDate)},                  // date only
//              {"opens_at", MailTime("2027-01-16T02:00:00Z", TimeStyle::kDateTime,
//                                    "Asia/Makassar")}});                    // in this zone
//
// A plain string in the exact RFC 3339 UTC form "YYYY-MM-DDTHH:MM:SSZ" is formatted too (as
// kDateTime): data queued before MailTime existed, or a value taken straight from a row.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string_view>

#include "core/common/local_time.h"

namespace lanyard {

// A placeholder value {"$time": "<RFC 3339 UTC>", "style": "datetime|date|time|short_date",
// "tz": "<IANA, optional>"}: `zone`, when set, is the zone the time is shown in first (an
// event's own zone); empty = the mail's zone (SetMailZone), else the deployment's.
nlohmann::json MailTime(int64_t utc_seconds, TimeStyle style = TimeStyle::kDateTime,
                        std::string_view zone = {});
// The same from RFC 3339 text; text that does not parse is kept as a plain string.
nlohmann::json MailTime(std::string_view rfc3339, TimeStyle style = TimeStyle::kDateTime,
                        std::string_view zone = {});

// Marks `data` (a mail's placeholder object) as a mail about an event in `zone` (IANA; "" = the
// deployment's, which removes the mark): every time in it without a zone of its own leads with
// that zone. Stored in the outbox row's data under "$zone"; never rendered.
void SetMailZone(nlohmann::json& data, std::string_view zone);

// Replaces every time value in `values` (MailTime objects and RFC 3339 UTC strings, also inside
// lists and nested objects) with its display text in `locale`: in the value's own zone, else the
// mail's zone ("$zone", removed from `values`), else `tz` (the deployment's), with `tz` added in
// brackets when its offset differs. Other values untouched.
void FormatMailTimes(nlohmann::json& values, std::string_view tz, std::string_view locale);

}  // namespace lanyard
