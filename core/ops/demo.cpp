#include "core/ops/demo.h"

#include <cstdio>

#include "core/accounts/accounts.h"
#include "core/ops/audit.h"
#include "core/ops/demo_teams.h"
#include "core/accounts/auth_user.h"
#include "core/checkin/checkin.h"
#include "core/events/events.h"
#include "core/orders/orders.h"
#include "core/nominations/nominations_demo.h"
#include "core/payments/demo_statement.h"
#include "core/programme/programme_demo.h"
#include "core/common/qr.h"
#include "core/events/ticket_types.h"
#include "core/common/local_time.h"
#include "core/common/time_util.h"
#include "core/common/validation.h"
#include "storage/admin_repo.h"
#include "storage/users_repo.h"

namespace lanyard::demo {

using nlohmann::json;

namespace {

constexpr const char* kTitlePrefix = "Bandung Tech Meetup";
constexpr const char* kOrganizerEmail = "demo-organizer@example.org";

// Index into Logins().
enum Person { kOrganizer, kStaff, kRani, kBudi, kCitra, kDewi, kEko, kFajar };

AuthUser AsUser(int64_t id, const Login& login) {
  AuthUser u;
  u.id = id;
  u.role = ParseRole(login.role);
  u.email = login.email;
  u.name = login.name;
  u.email_confirmed = true;
  return u;
}

// A confirmed account with its role, made the way `lanyard admin create` makes one: demo
// accounts need no confirmation mail, and the role is part of the demo, not an admin decision.
Result<AuthUser> MakeAccount(App& app, const Login& login) {
  auto fields = accounts::CheckNewAccount(login.email, login.password, login.name);
  if (!fields.empty()) return Error::Invalid(fields);
  auto hash = app.kdf().Hash(login.password);
  if (!hash) return hash.error();
  std::optional<int64_t> id;
  app.db().Write([&](storage::Conn& c) {
    storage::UserRow u;
    u.email = login.email;
    u.password_hash = *hash;
    u.name = login.name;
    u.phone = "+62 812 2000 " + std::to_string(1000 + login.email.size());
    u.role = login.role;
    u.email_confirmed_at = u.created_at = NowRfc3339();
    id = storage::InsertUser(c, u, NormalizeEmail(login.email));
    if (!id) return false;
    WriteAudit(c, std::nullopt, "user.demo_created", "user", *id, {{"role", login.role}});
    return true;
  });
  if (!id) return Error::Conflict(codes::kEmailTaken, login.email + " exists already.");
  return AsUser(*id, login);
}

int64_t MetricValue(App& app, const std::string& name) {
  for (const auto& [metric, value] : storage::MetricSamples(app.db().Reader())) {
    if (metric == name) return value;
  }
  return 0;
}

int64_t EventCount(App& app) {
  int64_t n = 0;
  for (const char* status : {"draft", "pending_review", "published", "rejected", "cancelled"}) {
    n += MetricValue(app, std::string("lanyard_events{status=\"") + status + "\"}");
  }
  return n;
}

// The demo event of the organizer, when it exists.
std::optional<json> FindDemoEvent(App& app, const AuthUser& organizer) {
  events::ListQuery q;
  q.mine = "true";
  q.title = kTitlePrefix;
  auto list = events::List(app, &organizer, q, ListPage{1, 0});
  if (!list || (*list)["items"].empty()) return std::nullopt;
  return (*list)["items"][0];
}

Result<Summary> Summarize(App& app, const AuthUser& organizer, const json& event, bool created) {
  Summary s;
  s.created = created;
  s.event_id = event["id"].get<int64_t>();
  s.event_title = event["title"];
  s.event_starts_at = event["starts_at"];
  s.logins = Logins();
  for (const char* status : {"pending", "paid", "expired", "cancelled", "refunded"}) {
    auto list = orders::ListForEvent(app, organizer, s.event_id, {status, "", ""}, ListPage{1, 0});
    if (!list) return list.error();
    s.orders_by_status[status] = (*list)["total"].get<int64_t>();
  }
  auto stats = events::Stats(app, organizer, s.event_id);
  if (!stats) return stats.error();
  s.tickets_sold = (*stats)["tickets_sold"].get<int64_t>();
  s.checked_in = (*stats)["checked_in"].get<int64_t>();
  return s;
}

std::optional<AuthUser> FirstAdmin(App& app) {
  int64_t total = 0;
  auto admins = storage::ListUsers(app.db().Reader(), storage::UserFilter{"", "admin", 1, 0}, &total);
  if (admins.empty()) return std::nullopt;
  AuthUser u;
  u.id = admins[0].id;
  u.role = Role::kAdmin;
  u.email = admins[0].email;
  u.name = admins[0].name;
  u.locale = admins[0].locale;
  u.email_confirmed = true;
  return u;
}

// Builds everything; the caller checked that the data directory holds no events yet.
Result<json> Build(App& app) {
  std::vector<AuthUser> people;
  for (const Login& login : Logins()) {
    auto u = MakeAccount(app, login);
    if (!u) return u.error();
    people.push_back(*u);
  }
  const AuthUser& organizer = people[kOrganizer];
  const AuthUser& staff = people[kStaff];

  // The event: three weeks ahead, 09:00 to 17:00 wall-clock time in Bandung (Asia/Jakarta).
  const std::string date = LocalDateKey(NowSeconds() + 21 * 86400, "Asia/Jakarta");
  const int year = std::stoi(date.substr(0, 4));
  const int month = std::stoi(date.substr(5, 2));
  const int mday = std::stoi(date.substr(8, 2));
  const int64_t opens = LocalWallToUtc(year, month, mday, 9, 0, "Asia/Jakarta").value();
  const std::string starts_at = FormatRfc3339(opens);
  events::EventInput ev;
  ev.title = std::string(kTitlePrefix) + " " + starts_at.substr(0, 4);
  ev.description =
      "A day of talks, lightning demos and hallway chats for developers in West Java: Go and Rust "
      "in production, offline-first web apps for Indonesian connectivity, and a panel on hiring "
      "juniors. Lunch and coffee included; bring your laptop for the afternoon workshop.";
  ev.category = "tech";
  ev.venue = "Aula Barat ITB";
  ev.city = "Bandung";
  ev.address = "Jl. Ganesa No. 10, Lb. Siliwangi, Coblong, Bandung 40132";
  ev.online = false;
  ev.starts_at = starts_at;
  ev.ends_at = FormatRfc3339(LocalWallToUtc(year, month, mday, 17, 0, "Asia/Jakarta").value());
  auto event = events::Create(app, organizer, ev);
  if (!event) return event.error();
  const int64_t event_id = (*event)["id"].get<int64_t>();

  auto add_type = [&](const std::string& name, const std::string& kind, int64_t price,
                      std::optional<int64_t> quota, int64_t max_per_order,
                      const std::string& description) -> Result<int64_t> {
    ticket_types::TicketTypeInput t;
    t.name = name;
    t.description = description;
    t.kind = kind;
    t.price = price;
    t.quota_set = true;
    t.quota = quota;
    t.max_per_order = max_per_order;
    auto made = ticket_types::Create(app, organizer, event_id, t);
    if (!made) return made.error();
    return (*made)["id"].get<int64_t>();
  };
  auto community = add_type("Community", "free", 0, 100, 2, "Free entry for students and community members.");
  if (!community) return community.error();
  auto regular = add_type("Regular", "paid", 150000, 200, 4, "Talks, lunch, coffee and the workshop.");
  if (!regular) return regular.error();
  auto supporter = add_type("Supporter", "pay_what_you_want", 50000, 50, 2,
                            "Pay what you like from Rp 50.000; the surplus funds student tickets.");
  if (!supporter) return supporter.error();
  // An early-bird type whose sales window has closed, to show windows on the pages.
  {
    ticket_types::TicketTypeInput t;
    t.name = "Early Bird";
    t.description = "Regular at a discount, for the first two weeks.";
    t.kind = "paid";
    t.price = 100000;
    t.quota_set = true;
    t.quota = 50;
    t.sales_start_set = t.sales_end_set = true;
    t.sales_start = FormatRfc3339(NowSeconds() - 15 * 86400);
    t.sales_end = FormatRfc3339(NowSeconds() - 86400);
    auto made = ticket_types::Create(app, organizer, event_id, t);
    if (!made) return made.error();
  }

  auto submitted = events::Submit(app, organizer, event_id);
  if (!submitted) return submitted.error();
  if ((*submitted)["status"] != "published") {
    // require_event_approval is on: an existing admin approves, as they would on the page.
    auto admin = FirstAdmin(app);
    if (!admin) {
      return Error::Conflict(codes::kInvalidState,
                             "require_event_approval is on and no admin exists to approve the demo "
                             "event; run `lanyard admin create` first, or turn the setting off.");
    }
    auto reviewed = events::Review(app, *admin, event_id, "approve", "Demo event.");
    if (!reviewed) return reviewed.error();
  }

  // Orders, one story each. The expired one comes first: expiring means running the scheduler's
  // step at its deadline, and no other order may be pending then (the data held no events).
  auto order = [&](const AuthUser& buyer, int64_t type, int64_t quantity,
                   std::optional<int64_t> price = std::nullopt) -> Result<json> {
    orders::OrderInput in;
    in.event_id = event_id;
    in.items.push_back({type, quantity, price});
    auto made = orders::Create(app, buyer, in, "", "");
    if (!made) return made.error();
    return made->body;
  };
  auto proof = [&](const AuthUser& buyer, const json& o, const std::string& note) -> Status {
    // A stand-in for a phone photo of the transfer receipt.
    const std::string receipt = QrPng("Transfer " + o["total_display"].get<std::string>() + " ref " +
                                      o["code"].get<std::string>());
    auto order = orders::CheckProofUpload(app, buyer, o["id"].get<int64_t>());
    if (!order) return order.error();
    auto added = orders::AddProof(app, buyer, *order, "receipt.png", receipt, note);
    if (!added) return added.error();
    return OkStatus();
  };
  auto id_of = [](const json& o) { return o["id"].get<int64_t>(); };

  // Dewi named her price, never paid: expired (its closed_at is the deadline it missed).
  auto dewi = order(people[kDewi], *supporter, 1, 100000);
  if (!dewi) return dewi.error();
  const auto deadline = ParseRfc3339((*dewi)["expires_at"].get<std::string>());
  orders::ExpireOverdue(app, deadline.value_or(NowSeconds()) + 1);

  // Rani bought two, sent a proof, the desk confirmed; one of her tickets is checked in.
  auto rani = order(people[kRani], *regular, 2);
  if (!rani) return rani.error();
  if (Status st = proof(people[kRani], *rani, "Transfer BCA a.n. Rani Putri"); !st.ok()) return st.error();
  auto rani_paid = orders::ConfirmPayment(app, staff, id_of(*rani), (*rani)["total"].get<int64_t>(),
                                          std::string("Checked against the BCA statement."));
  if (!rani_paid) return rani_paid.error();
  checkin::ScanInput scan;
  scan.code = (*rani_paid)["tickets"][0]["code"].get<std::string>();
  scan.event_id = event_id;
  auto scanned = checkin::CheckIn(app, staff, scan);
  if (!scanned) return scanned.error();

  // Budi took a free community ticket (paid at once), and tried the supporter ticket with a
  // proof the desk rejected: still pending.
  auto budi_free = order(people[kBudi], *community, 1);
  if (!budi_free) return budi_free.error();
  auto budi = order(people[kBudi], *supporter, 1, 75000);
  if (!budi) return budi.error();
  if (Status st = proof(people[kBudi], *budi, "Sent from my Mandiri account"); !st.ok()) return st.error();
  auto rejected = orders::RejectPayment(app, staff, id_of(*budi),
                                        "The amount received does not match the order total.");
  if (!rejected) return rejected.error();

  // Citra paid by transfer and sent her proof: waiting for the desk.
  auto citra = order(people[kCitra], *regular, 1);
  if (!citra) return citra.error();
  if (Status st = proof(people[kCitra], *citra, "Transfer BCA a.n. Citra Lestari"); !st.ok()) return st.error();

  // Eko changed his mind before paying.
  auto eko = order(people[kEko], *regular, 1);
  if (!eko) return eko.error();
  auto cancelled = orders::Cancel(app, people[kEko], id_of(*eko));
  if (!cancelled) return cancelled.error();

  // Fajar paid, then could not come: the organizer refunded him.
  auto fajar = order(people[kFajar], *regular, 1);
  if (!fajar) return fajar.error();
  if (Status st = proof(people[kFajar], *fajar, "Transfer BCA a.n. Fajar Nugroho"); !st.ok()) return st.error();
  auto fajar_paid = orders::ConfirmPayment(app, staff, id_of(*fajar), std::nullopt, std::nullopt);
  if (!fajar_paid) return fajar_paid.error();
  auto refunded = orders::Refund(app, organizer, id_of(*fajar), "Cannot attend; refunded by bank transfer.");
  if (!refunded) return refunded.error();

  // The hackathon, with teams in every state.
  std::map<std::string, AuthUser> by_name;
  for (const AuthUser& u : people) by_name[u.name] = u;
  auto competition = BuildDemoCompetition(app, organizer, staff, by_name, event_id);
  if (!competition) return competition.error();
  // The programme: talks in two rooms and a full workshop with a waitlist.
  if (Status st = programme::AddDemoProgramme(app, organizer, event_id, opens, people[kRani],
                                              people[kBudi]);
      !st.ok()) {
    return st.error();
  }

  // The call for speakers, the vote and an announcement (core/nominations/nominations_demo.h).
  if (Status st = nominations::AddDemo(app, organizer,
                                       {people[kRani], people[kBudi], people[kDewi], people[kCitra]},
                                       event_id);
      !st.ok()) {
    return st.error();
  }

  return *event;
}

}  // namespace

const std::vector<Login>& Logins() {
  static const std::vector<Login> kLogins = {
      {"organizer", "Sari Wulandari", kOrganizerEmail, "bandung-organizer"},
      {"staff", "Dimas Pratama", "demo-staff@example.org", "bandung-staff"},
      {"attendee", "Rani Putri", "demo-rani@example.org", "bandung-rani"},
      {"attendee", "Budi Santoso", "demo-budi@example.org", "bandung-budi"},
      {"attendee", "Citra Lestari", "demo-citra@example.org", "bandung-citra"},
      {"attendee", "Dewi Anggraini", "demo-dewi@example.org", "bandung-dewi"},
      {"attendee", "Eko Saputra", "demo-eko@example.org", "bandung-eko"},
      {"attendee", "Fajar Nugroho", "demo-fajar@example.org", "bandung-fajar"},
      // Hackathon team mates (core/ops/demo_teams.cpp).
      {"attendee", "Gita Permata", "demo-gita@example.org", "bandung-gita"},
      {"attendee", "Hendra Wijaya", "demo-hendra@example.org", "bandung-hendra"},
      {"attendee", "Indah Sari", "demo-indah@example.org", "bandung-indah"},
      {"attendee", "Joko Susilo", "demo-joko@example.org", "bandung-joko"},
      {"attendee", "Kartika Dewi", "demo-kartika@example.org", "bandung-kartika"},
  };
  return kLogins;
}

Result<Summary> Create(App& app) {
  const Login& org_login = Logins()[kOrganizer];
  auto find_organizer = [&]() -> std::optional<AuthUser> {
    auto row = storage::FindUserByEmail(app.db().Reader(), NormalizeEmail(org_login.email));
    if (!row) return std::nullopt;
    AuthUser u = AsUser(row->id, org_login);
    u.role = ParseRole(row->role);
    return u;
  };
  if (auto organizer = find_organizer()) {
    auto event = FindDemoEvent(app, *organizer);
    if (!event) {
      return Error::Conflict(codes::kInvalidState, org_login.email +
                                                  " exists but has no demo event; run the demo on a new "
                                                  "data directory (--data DIR).");
    }
    return Summarize(app, *organizer, *event, false);
  }
  if (EventCount(app) > 0) {
    return Error::Conflict(codes::kInvalidState,
                           "This data directory has events already; the demo runs on a new one (--data DIR).");
  }
  auto event = Build(app);
  if (!event) return event.error();
  auto organizer = find_organizer();
  if (!organizer) return Error::Make(codes::kInternal, "The demo organizer went missing.");
  auto statement = payments::WriteDemoStatement(app, (*event)["id"].get<int64_t>());
  if (!statement) return statement.error();
  auto summary = Summarize(app, *organizer, *event, true);
  if (summary) summary->bank_statement_path = *statement;
  return summary;
}

std::string Describe(const Summary& s, const std::string& base_url) {
  std::string out;
  char line[512];
  auto add = [&](const char* fmt, auto... args) {
    std::snprintf(line, sizeof line, fmt, args...);
    out += line;
  };
  if (s.created) {
    add("Demo created: \"%s\" (event %lld), starting %s.\n", s.event_title.c_str(),
        static_cast<long long>(s.event_id), s.event_starts_at.c_str());
  } else {
    out += "The demo exists already in this data directory; nothing was changed.\n";
    add("Demo event: \"%s\" (event %lld), starting %s.\n", s.event_title.c_str(),
        static_cast<long long>(s.event_id), s.event_starts_at.c_str());
  }
  auto count = [&](const char* status) {
    auto it = s.orders_by_status.find(status);
    return static_cast<long long>(it == s.orders_by_status.end() ? 0 : it->second);
  };
  add("Orders: %lld pending, %lld paid, %lld expired, %lld cancelled, %lld refunded; "
      "%lld tickets sold, %lld checked in.\n",
      count("pending"), count("paid"), count("expired"), count("cancelled"), count("refunded"),
      static_cast<long long>(s.tickets_sold), static_cast<long long>(s.checked_in));
  add("\nSign in at %s/account/login with these demo accounts (demo passwords: never use them for "
      "real accounts):\n",
      base_url.c_str());
  for (const Login& l : s.logins) {
    add("  %-10s %-16s %-28s %s\n", l.role.c_str(), l.name.c_str(), l.email.c_str(), l.password.c_str());
  }
  add("\nThe organizer runs the event under %s/admin/, the staff account works the payment desk "
      "(%s/staff/payments) and the door (%s/staff/scan).\n",
      base_url.c_str(), base_url.c_str(), base_url.c_str());
  out += "Things to try: confirm or reject Citra's transfer proof at the desk; scan Rani's second "
         "ticket at the door (her first is in); order as Dewi again, whose order expired.\n";
  if (!s.bank_statement_path.empty()) {
    add("A sample bank statement for the desk's statement upload: %s\n", s.bank_statement_path.c_str());
  }
  add("The programme is at %s/events/%lld/programme: Rani holds the one seat of the soldering "
      "workshop and Budi waits for it; cancel Rani's seat in her agenda (%s/account/agenda) and "
      "Budi gets it, by mail.\n",
      base_url.c_str(), static_cast<long long>(s.event_id), base_url.c_str());
  return out;
}

}  // namespace lanyard::demo
