#pragma once
// The route table: every API route is declared once, with its OpenAPI path, who may call it and
// what it answers; the table registers the httplib regex routes and generates /openapi.json, so
// an undocumented route cannot exist.
#include <functional>
#include <string>
#include <vector>

#include "web/context.h"

namespace lanyard::web {

enum class Access {
  kPublic,       // anyone
  kOptional,     // anyone; the caller is identified when a valid token is sent
  kAuth,         // any signed-in user
  kStaff,        // staff, organizer, admin
  kOrganizer,    // organizer, admin
  kAdmin,
};

using Handler = std::function<void(Ctx&)>;

struct Route {
  std::string method;   // GET, POST, PUT, PATCH, DELETE
  std::string path;     // OpenAPI form under /api/v1, e.g. "/orders/{id}"; {*id} params are digits
  Access access = Access::kPublic;
  std::string tag;      // groups routes in the docs
  std::string summary;  // one line, required
  std::vector<int> responses;  // the statuses it can answer besides 429/500
  Handler handler;
  bool upload = false;  // multipart body up to 10 MiB instead of JSON up to 1 MiB
  std::string description = {};  // optional longer text for the docs (may be left out)
};

class RouteTable {
 public:
  void Add(Route route);
  const std::vector<Route>& routes() const { return routes_; }
  // Registers one handler per method for /api/v1/... that dispatches through this table,
  // wrapping each route with authentication and access checks. Matching splits the path into
  // segments instead of trying a std::regex per route: cheaper on every request.
  void Install(httplib::Server& server, App& app, RateLimiter& limits) const;
  // The route for `method` and `path` (under /api/v1), with its parameters; nullptr when none.
  // `*path_known` tells whether another method would match (405 rather than 404).
  const Route* Match(const std::string& method, const std::string& path,
                     std::vector<std::string>* params, bool* path_known) const;

 private:
  // A path segment of a route: a literal, or a parameter (id parameters take digits only).
  struct Segment {
    std::string literal;
    bool param = false;
    bool id_param = false;
  };
  std::vector<Route> routes_;
  std::vector<std::vector<Segment>> segments_;  // split once, parallel to routes_
};
nlohmann::json BuildOpenApi(const RouteTable& table, const std::string& version);

// Each resource binds its routes (web/routes_*.cpp).
void AddHealthRoutes(RouteTable& t);
void AddAuthRoutes(RouteTable& t);
void AddProfileRoutes(RouteTable& t);
void AddUserAdminRoutes(RouteTable& t);
void AddInvitationRoutes(RouteTable& t);
void AddSettingsRoutes(RouteTable& t);
void AddOperationsRoutes(RouteTable& t);
void AddMailRoutes(RouteTable& t);
void AddEventRoutes(RouteTable& t);
void AddOrderRoutes(RouteTable& t);
void AddTicketRoutes(RouteTable& t);
void AddCheckinRoutes(RouteTable& t);
void AddOfflineCheckinRoutes(RouteTable& t);  // routes_checkin_offline.cpp
void AddAttendeeRoutes(RouteTable& t);
void AddDrawRoutes(RouteTable& t);
void AddBankStatementRoutes(RouteTable& t);
void AddNominationRoutes(RouteTable& t);
void AddCampaignRoutes(RouteTable& t);
void AddSessionRoutes(RouteTable& t);

}  // namespace lanyard::web
