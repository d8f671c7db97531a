#include "core/programme/agenda.h"

#include <libical/ical.h>

#include <memory>

#include "core/common/crypto.h"
#include "core/common/links.h"
#include "core/common/time_util.h"
#include "core/common/write_unit.h"
#include "core/programme/session_mail.h"
#include "core/programme/session_views.h"
#include "storage/sessions_repo.h"

namespace lanyard::programme {

using nlohmann::json;

namespace {

struct ComponentFree {
  void operator()(icalcomponent* c) const { icalcomponent_free(c); }
};
using Component = std::unique_ptr<icalcomponent, ComponentFree>;

icaltimetype UtcTime(const std::string& rfc3339) {
  const auto t = ParseRfc3339(rfc3339).value_or(0);
  return icaltime_from_timet_with_zone(static_cast<time_t>(t), 0, icaltimezone_get_utc_timezone());
}

// The host part of the base URL, for UIDs: "https://x.example:8443/" → "x.example".
std::string Host(const std::string& base_url) {
  std::string h = base_url;
  if (auto p = h.find("://"); p != std::string::npos) h = h.substr(p + 3);
  if (auto p = h.find_first_of(":/"); p != std::string::npos) h = h.substr(0, p);
  return h.empty() ? "lanyard" : h;
}

}  // namespace

json Agenda(App& app, const AuthUser& user) {
  storage::Conn& c = app.db().Reader();
  json items = json::array();
  for (const auto& a : storage::UserAgenda(c, user.id)) {
    MyPlace my{a.registration.status, std::nullopt, a.registration.checked_in_at};
    if (a.registration.status == "waitlisted") {
      my.position = storage::WaitlistPosition(c, a.session.id, a.registration.id);
    }
    json item = SessionJson(a.session, storage::SessionTicketTypes(c, a.session.id), true, my);
    item["event_title"] = a.event_title;
    item["event_time_zone"] = a.event_time_zone.empty() ? json() : json(a.event_time_zone);
    items.push_back(std::move(item));
  }
  const auto total = items.size();
  return json{{"items", std::move(items)}, {"total", total}};
}

json NewAgendaFeed(App& app, const AuthUser& user) {
  const std::string token = crypto::RandomToken(32);
  const std::string hash = crypto::Sha256Hex(token);
  static_cast<void>(WriteUnit(app.db(), [&](storage::Conn& c) -> Status {
    storage::SetAgendaFeed(c, user.id, hash, NowRfc3339());
    return OkStatus();
  }));
  return json{{"token", token}, {"url", app.BaseUrl() + Links().AgendaFeed(token)}};
}

std::string AgendaIcs(App& app, int64_t user_id) {
  const auto rows = storage::UserAgenda(app.db().Reader(), user_id);
  const std::string host = Host(app.BaseUrl());
  const auto settings = app.settings().Snapshot();
  const std::string site = settings->value("site_name", std::string("Lanyard"));
  Component cal(icalcomponent_vanew(
      ICAL_VCALENDAR_COMPONENT, icalproperty_new_version("2.0"),
      icalproperty_new_prodid(("-//" + site + "//Lanyard agenda//EN").c_str()),
      icalproperty_new_calscale("GREGORIAN"), static_cast<void*>(nullptr)));
  icalproperty* name = icalproperty_new_x(site.c_str());
  icalproperty_set_x_name(name, "X-WR-CALNAME");
  icalcomponent_add_property(cal.get(), name);
  const icaltimetype stamp = UtcTime(NowRfc3339());
  for (const auto& a : rows) {
    const auto& s = a.session;
    const bool waiting = a.registration.status == "waitlisted";
    icalcomponent* ev = icalcomponent_new(ICAL_VEVENT_COMPONENT);
    icalcomponent_add_property(ev, icalproperty_new_uid(("session-" + std::to_string(s.id) + "@" + host).c_str()));
    icalcomponent_add_property(ev, icalproperty_new_dtstamp(stamp));
    icalcomponent_add_property(ev, icalproperty_new_dtstart(UtcTime(s.starts_at)));
    icalcomponent_add_property(ev, icalproperty_new_dtend(UtcTime(s.ends_at)));
    icalcomponent_add_property(ev, icalproperty_new_summary((waiting ? "(Waitlist) " + s.title : s.title).c_str()));
    std::string description = a.event_title;
    if (!s.speaker_name.empty()) description += "\n" + s.speaker_name;
    if (!s.abstract.empty()) description += "\n\n" + s.abstract;
    description += "\n\n" + SessionUrl(app, s);
    icalcomponent_add_property(ev, icalproperty_new_description(description.c_str()));
    if (!s.room.empty()) icalcomponent_add_property(ev, icalproperty_new_location(s.room.c_str()));
    icalcomponent_add_property(ev, icalproperty_new_url(SessionUrl(app, s).c_str()));
    icalcomponent_add_property(ev, icalproperty_new_status(waiting ? ICAL_STATUS_TENTATIVE : ICAL_STATUS_CONFIRMED));
    icalcomponent_add_property(ev, icalproperty_new_lastmodified(UtcTime(s.updated_at)));
    icalcomponent_add_component(cal.get(), ev);
  }
  char* text = icalcomponent_as_ical_string_r(cal.get());
  std::string out = text ? text : "";
  icalmemory_free_buffer(text);
  return out;
}

Result<std::string> AgendaIcsByToken(App& app, const std::string& token) {
  if (token.empty() || token.size() > 200) return Error::NotFound("No such calendar feed.");
  auto user_id = storage::AgendaFeedUser(app.db().Reader(), crypto::Sha256Hex(token));
  if (!user_id) return Error::NotFound("No such calendar feed.");
  return AgendaIcs(app, *user_id);
}

}  // namespace lanyard::programme
