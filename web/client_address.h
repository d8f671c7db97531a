#pragma once
// Who is on the other end (SPEC §12 trusted_proxies): the peer address, unless the peer is a
// proxy the admin named; only then is X-Forwarded-For believed, read from the right, so a
// client cannot name itself by sending the header through the proxy.
#include <httplib.h>

#include <string>

namespace lanyard::web {

// `trusted_proxies` is the setting: addresses or CIDR ranges separated by commas or spaces
// ("" = none).
// Returns the client's address for rate limits and logs. Pure; thread-safe.
std::string ClientAddress(const httplib::Request& req, const std::string& trusted_proxies);

// True for 127.0.0.0/8 and ::1, also in IPv4-mapped form.
bool IsLoopback(const std::string& address);

}  // namespace lanyard::web
