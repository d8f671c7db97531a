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

// The warning for effective settings {base_url, mail_transport, listen_host, listen_port}:
// when the base URL is a loopback address and mail is not `file`, or when the server listens
// beyond loopback but the base URL is loopback. nullopt when links are fine. `lan` is the list
// of LAN addresses to suggest (LanAddresses() in production).
std::optional<std::string> LinkWarning(const nlohmann::json& settings,
                                       const std::vector<std::string>& lan);

}  // namespace lanyard
