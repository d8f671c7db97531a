#include "core/programme/programme_demo.h"

#include <string>

#include "core/common/time_util.h"
#include "core/programme/registrations.h"
#include "core/programme/sessions.h"

namespace lanyard::programme {

namespace {

struct DemoSession {
  const char* kind;
  const char* title;
  const char* speaker;
  const char* room;
  int start_minutes;  // after the event starts
  int minutes;
  int64_t capacity;   // < 0: unlimited
  const char* abstract;
};

constexpr DemoSession kSessions[] = {
    {"keynote", "Building for Indonesian connectivity", "Sari Wulandari", "Main Hall", 0, 45, -1,
     "Why offline-first matters from Sabang to Merauke, and what it takes."},
    {"talk", "Go and Rust in production at a Bandung startup", "Andi Wijaya", "Main Hall", 60, 40, -1,
     "Two languages, one on-call rotation: what we kept and what we rewrote."},
    {"talk", "Service workers without tears", "Maya Sari", "Room B", 60, 40, 60,
     "Caching strategies that survive a flaky 3G connection."},
    {"talk", "Panel: hiring and growing juniors", "Komunitas Developer Bandung", "Main Hall", 120, 60, -1,
     "Bootcamps, internships and the first year on the job."},
    {"workshop", "Soldering 101: build a badge", "Dimas Pratama", "Lab 1", 300, 120, 1,
     "Hands-on: solder an LED name badge. Irons and kits provided; one seat per kit."},
    {"workshop", "Your first PWA", "Maya Sari", "Room B", 300, 120, 20,
     "Bring a laptop: from a static page to an installable offline app."},
};

}  // namespace

Status AddDemoProgramme(App& app, const AuthUser& organizer, int64_t event_id, int64_t day_start,
                        const AuthUser& first, const AuthUser& second) {
  int64_t soldering = 0;
  for (const DemoSession& d : kSessions) {
    SessionInput in;
    in.kind = d.kind;
    in.title = d.title;
    in.speaker_name = d.speaker;
    in.room = d.room;
    in.abstract = d.abstract;
    in.starts_at = FormatRfc3339(day_start + d.start_minutes * 60);
    in.ends_at = FormatRfc3339(day_start + (d.start_minutes + d.minutes) * 60);
    in.capacity = d.capacity < 0 ? std::optional<int64_t>() : std::optional<int64_t>(d.capacity);
    auto made = Create(app, organizer, event_id, in);
    if (!made) return made.error();
    if (d.capacity == 1) soldering = (*made)["id"].get<int64_t>();
  }
  // The one-seat workshop: Rani has the seat, Budi waits for it.
  for (const AuthUser* who : {&first, &second}) {
    auto r = Register(app, *who, soldering);
    if (!r) return r.error();
  }
  return OkStatus();
}

}  // namespace lanyard::programme
