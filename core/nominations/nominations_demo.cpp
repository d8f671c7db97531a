#include "core/nominations/nominations_demo.h"

#include "core/campaigns/campaigns.h"
#include "core/common/time_util.h"
#include "core/nominations/nominations.h"

namespace lanyard::nominations {

Status AddDemo(App& app, const AuthUser& organizer, const std::vector<AuthUser>& people,
               int64_t event_id) {
  if (people.size() < 3) return Error::Invalid("people", "the demo needs three people");
  const int64_t now = NowSeconds();
  SettingsInput windows;
  windows.nominations_open = FormatRfc3339(now - 3 * 86400);
  windows.nominations_close = FormatRfc3339(now + 7 * 86400);
  windows.voting_open = FormatRfc3339(now - 86400);
  windows.voting_close = FormatRfc3339(now + 14 * 86400);
  if (auto s = PutSettings(app, organizer, event_id, windows); !s) return s.error();

  auto nominate = [&](const AuthUser& by, const AuthUser& who, const std::string& title,
                      const std::string& abstract) -> Result<int64_t> {
    NominationInput in;
    in.nominee_user_id = who.id;
    in.talk_title = title;
    in.abstract = abstract;
    auto made = Nominate(app, by, event_id, in);
    if (!made) return made.error();
    return (*made)["id"].get<int64_t>();
  };
  auto offline = nominate(people[0], people[2], "Offline-first web apps for Indonesian connectivity",
                          "Service workers, background sync and what to cache when the signal "
                          "drops between Bandung and Garut.");
  if (!offline) return offline.error();
  auto rust = nominate(people[1], people[1], "Rust in production at a payments start-up",
                       "Two years, three rewrites avoided, one memory leak we still talk about.");
  if (!rust) return rust.error();
  auto hiring = nominate(people[0], people[1], "Hiring juniors without burning them out",
                         "A panel proposal: mentoring budgets, review culture and pairing.");
  if (!hiring) return hiring.error();
  // The nominee of the first talk agreed; the people with tickets voted.
  if (auto r = Respond(app, people[2], *offline, "accept"); !r) return r.error();
  for (const AuthUser& voter : people) {
    auto v = Vote(app, voter, voter.id == people[1].id ? *rust : *offline);
    if (!v && v.error().code != "not_eligible") return v.error();
  }
  DecisionInput accept;
  accept.decision = "accept";
  accept.message = "Welcome aboard: we will send the schedule next week.";
  if (auto d = Decide(app, organizer, *rust, accept); !d) return d.error();

  campaigns::NewCampaign welcome;
  welcome.subject = "See you in Bandung, {{name}}!";
  welcome.body =
      "Hello **{{name}}**,\n\nThe call for speakers is open and the public vote has started:\n\n"
      "- nominate someone (or yourself) on the event page,\n- vote for the talk you want to "
      "hear.\n\nDoors open at 08:00. Bring your ticket on your phone.";
  welcome.audience.kind = "ticket_holders";
  if (auto c = campaigns::Create(app, organizer, event_id, welcome); !c) return c.error();
  return OkStatus();
}

}  // namespace lanyard::nominations
