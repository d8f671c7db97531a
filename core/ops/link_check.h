#pragma once
// Will the links in mails open on the attendees' phones? `serve` on a loopback address with no
// base URL writes links to 127.0.0.1, which no phone can open. This says so, with the LAN
// address to use instead; `serve` prints it at start and the admin settings page shows it.
//
// Thread safety: every function may be called from any thread.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace lanyard {

// True when the URL's host is 127.0.0.0/8, ::1 or localhost (also without a scheme).
bool IsLoopbackUrl(std::string_view url);
// True for a loopback host: an IPv4 literal in 127.0.0.0/8, ::1 or localhost.
bool IsLoopbackHost(std::string_view host);

// The machine's IPv4 addresses other than loopback (getifaddrs), e.g. {"192.168.1.20"}.
std::vector<std::string> LanAddresses();

// Why links in mails will not open on a phone, and what to do: a code and its parameters, so
// each reader composes the sentence in its own language (the settings page), plus the English
// sentence for the console and the log.
struct LinkWarningInfo {
  // loopback_listen: serving on loopback only, with a loopback base URL (suggest listening on
  //   every address too);
  // loopback_base_url: serving beyond loopback already (e.g. 0.0.0.0), but the base URL is
  //   loopback (only the base URL must change);
  // instance_base_url: one of several instances over PostgreSQL: keep the listen address, give
  //   every instance the load balancer's public address as base URL (lan_url, listen empty).
  std::string code;
  std::string base_url;   // the current base URL
  std::string lan_url;    // the suggested base URL, https://<LAN address>:<port>; "" when no LAN
                          // address was found
  std::string listen;     // loopback_listen: the suggested --listen value (0.0.0.0:<port>)
  std::string message;    // English, for the console
  // {code, message, params:{base_url, lan_url, listen}} as GET /settings `link_warning`.
  nlohmann::json ToJson() const;
};

// The warning for effective settings {base_url, mail_transport, listen_host, listen_port,
// several_instances (true on PostgreSQL)}:
// when the base URL is a loopback address and mail is not `file`, or when the server listens
// beyond loopback but the base URL is loopback. nullopt when links are fine. `lan` is the list
// of LAN addresses to suggest (LanAddresses() in production). The port suggested is the one
// listened on beyond loopback, else listen_port, else 8443.
std::optional<LinkWarningInfo> LinkWarning(const nlohmann::json& settings,
                                           const std::vector<std::string>& lan);

}  // namespace lanyard
