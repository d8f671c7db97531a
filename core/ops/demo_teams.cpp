#include "core/ops/demo_teams.h"

#include <vector>

#include "core/common/time_util.h"
#include "core/orders/orders.h"
#include "core/teams/competitions.h"
#include "core/teams/invites.h"
#include "core/teams/submissions.h"
#include "core/teams/teams.h"

namespace lanyard::demo {

using nlohmann::json;

namespace {

struct DemoTeam {
  std::string name;
  std::vector<std::string> members;  // the leader first
  std::string story;                 // forming | pending | confirmed | finalist | disqualified | withdrawn
};

const std::vector<DemoTeam>& DemoTeams() {
  static const std::vector<DemoTeam> kTeams = {
      {"Kopi Koding", {"Rani Putri", "Budi Santoso"}, "finalist"},
      {"Nasi Goreng Stack", {"Citra Lestari", "Gita Permata"}, "pending"},
      {"Angklung Devs", {"Dewi Anggraini", "Hendra Wijaya"}, "confirmed"},
      {"Batik Bytes", {"Eko Saputra"}, "forming"},
      {"Sate Script", {"Fajar Nugroho", "Indah Sari"}, "disqualified"},
      {"Ronde Rust", {"Joko Susilo", "Kartika Dewi"}, "withdrawn"},
  };
  return kTeams;
}

}  // namespace

Result<int64_t> BuildDemoCompetition(App& app, const AuthUser& organizer, const AuthUser& staff,
                                     const std::map<std::string, AuthUser>& people, int64_t event_id) {
  const int64_t now = NowSeconds();
  teams::CompetitionInput in;
  in.name.Set("Hackathon: apps for West Java's markets");
  in.description.Set(
      "48 hours to build something that helps a traditional market trader: payments, stock, "
      "delivery. Teams of 2 to 4; a proposal first, then the repository; finalists pitch on stage.");
  in.team_min.Set(2);
  in.team_max.Set(4);
  in.fee.Set(100000);
  in.max_teams.Set(12);
  in.registration_opens.Set(FormatRfc3339(now - 86400));
  in.registration_closes.Set(FormatRfc3339(now + 14 * 86400));
  in.stages = std::vector<teams::StageInput>{
      {std::nullopt, "Proposal", FormatRfc3339(now + 10 * 86400), "file"},
      {std::nullopt, "Repository", FormatRfc3339(now + 18 * 86400), "link"},
      {std::nullopt, "Pitch on stage", FormatRfc3339(now + 21 * 86400), "none"}};
  auto comp = teams::CreateCompetition(app, organizer, event_id, in);
  if (!comp) return comp.error();
  const int64_t comp_id = (*comp)["id"].get<int64_t>();
  const int64_t proposal = (*comp)["stages"][0]["id"].get<int64_t>();
  const int64_t repository = (*comp)["stages"][1]["id"].get<int64_t>();

  for (const DemoTeam& d : DemoTeams()) {
    std::vector<AuthUser> members;
    for (const auto& name : d.members) {
      auto it = people.find(name);
      if (it == people.end()) return Error::Make(codes::kInternal, "demo account missing: " + name);
      members.push_back(it->second);
    }
    const AuthUser& leader = members.front();
    auto team = teams::CreateTeam(app, leader, comp_id, d.name);
    if (!team) return team.error();
    const int64_t team_id = (*team)["id"].get<int64_t>();
    const std::string token = (*team)["invite"]["token"].get<std::string>();
    for (size_t i = 1; i < members.size(); ++i) {
      auto joined = teams::AcceptInvite(app, members[i], token);
      if (!joined) return joined.error();
    }
    if (d.story == "forming") continue;
    auto registered = teams::RegisterTeam(app, leader, team_id);
    if (!registered) return registered.error();
    const int64_t order_id = (*registered)["order"]["id"].get<int64_t>();
    if (d.story == "pending") continue;
    auto paid = orders::ConfirmPayment(app, staff, order_id, std::nullopt, std::string("Team fee, BCA transfer."));
    if (!paid) return paid.error();
    if (d.story == "withdrawn") {
      auto refunded = orders::Refund(app, organizer, order_id, "The team withdrew; fee returned by transfer.");
      if (!refunded) return refunded.error();
      continue;
    }
    teams::SubmissionInput sub;
    sub.stage_id = proposal;
    sub.filename = "proposal.pdf";
    sub.bytes = "%PDF-1.4\n% " + d.name + ": proposal\n%%EOF\n";
    auto handed = teams::Submit(app, leader, team_id, sub);
    if (!handed) return handed.error();
    if (d.story == "finalist" || d.story == "disqualified") {
      teams::SubmissionInput link;
      link.stage_id = repository;
      link.url = "https://git.example.org/demo/" + std::to_string(team_id);
      auto linked = teams::Submit(app, leader, team_id, link);
      if (!linked) return linked.error();
      const std::string message = d.story == "finalist"
                                      ? "Congratulations! Pitch slot 14:00, five minutes and a demo."
                                      : "The repository was made before the hackathon started.";
      auto decided = teams::ChangeStatus(app, staff, team_id, d.story, message);
      if (!decided) return decided.error();
    }
  }
  return comp_id;
}

}  // namespace lanyard::demo
