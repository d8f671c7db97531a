#include "core/ops/link_check.h"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <netinet/in.h>

namespace lanyard {

namespace {

std::string Text(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end()) return "";
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number_integer()) return std::to_string(it->get<int64_t>());
  return "";
}

// The host part of "scheme://host:port/path" (brackets of an IPv6 literal removed).
std::string HostOf(std::string_view url) {
  const size_t scheme = url.find("://");
  if (scheme != std::string_view::npos) url.remove_prefix(scheme + 3);
  url = url.substr(0, url.find_first_of("/?#"));
  const size_t at = url.rfind('@');
  if (at != std::string_view::npos) url.remove_prefix(at + 1);
  if (!url.empty() && url.front() == '[') {
    const size_t close = url.find(']');
    return std::string(url.substr(1, close == std::string_view::npos ? url.size() : close - 1));
  }
  return std::string(url.substr(0, url.rfind(':')));
}

}  // namespace

bool IsLoopbackHost(std::string_view host) {
  if (host == "localhost" || host == "::1") return true;
  // 127.0.0.0/8 as an IPv4 literal only: "127.example.org" is a name like any other.
  in_addr v4{};
  const std::string text(host);
  return inet_pton(AF_INET, text.c_str(), &v4) == 1 && (ntohl(v4.s_addr) >> 24) == 127;
}

bool IsLoopbackUrl(std::string_view url) { return IsLoopbackHost(HostOf(url)); }

std::vector<std::string> LanAddresses() {
  std::vector<std::string> out;
  ifaddrs* list = nullptr;
  if (getifaddrs(&list) != 0) return out;
  for (ifaddrs* a = list; a; a = a->ifa_next) {
    if (!a->ifa_addr || a->ifa_addr->sa_family != AF_INET) continue;
    char text[INET_ADDRSTRLEN] = {};
    const auto* in = reinterpret_cast<const sockaddr_in*>(a->ifa_addr);
    if (!inet_ntop(AF_INET, &in->sin_addr, text, sizeof text)) continue;
    if (!IsLoopbackHost(text)) out.emplace_back(text);
  }
  freeifaddrs(list);
  return out;
}

nlohmann::json LinkWarningInfo::ToJson() const {
  return {{"code", code},
          {"message", message},
          {"params", {{"base_url", base_url}, {"lan_url", lan_url}, {"listen", listen}}}};
}

std::optional<LinkWarningInfo> LinkWarning(const nlohmann::json& settings,
                                           const std::vector<std::string>& lan) {
  const std::string base_url = Text(settings, "base_url");
  if (!IsLoopbackUrl(base_url)) return std::nullopt;
  const std::string transport = Text(settings, "mail_transport");
  const std::string listen_host = Text(settings, "listen_host");
  const bool mails_leave = transport != "file";
  const bool listens_beyond = !listen_host.empty() && !IsLoopbackHost(listen_host);
  if (!mails_leave && !listens_beyond) return std::nullopt;
  std::string port = Text(settings, "listen_port");
  if (port.empty()) port = "8443";
  LinkWarningInfo w;
  w.base_url = base_url;
  if (settings.value("several_instances", false)) {
    // PostgreSQL: instances stay on their ports behind the load balancer (README "Several
    // instances on PostgreSQL"); an instance's own address or port is never the one to give.
    w.code = "instance_base_url";
    w.message = "Links in mails point at " + base_url +
                ", this instance's own address, which no phone can open. With --db (PostgreSQL) "
                "keep --listen as it is and start every instance with the same --base-url: the "
                "public address people open through the load balancer, e.g. --base-url "
                "https://tickets.example.org (or set base_url once in Settings: the instances "
                "share it). Never give an instance's own address or port. See \"Several "
                "instances on PostgreSQL\" in the README.";
    return w;
  }
  if (!lan.empty()) w.lan_url = "https://" + lan.front() + ":" + port;
  const std::string suggested = w.lan_url.empty() ? "https://<LAN-IP>:" + port : w.lan_url;
  w.message = "Links in mails point at " + base_url + ", which no phone can open. ";
  if (listens_beyond) {
    // Phones reach the server already: only the links are wrong.
    w.code = "loopback_base_url";
    w.message += "The server listens on " + listen_host +
                 " already: set the public URL (--base-url, or base_url in Settings) to this "
                 "machine's address on the venue network, e.g. " +
                 suggested + " (with --tls auto";
  } else {
    w.code = "loopback_listen";
    w.listen = "0.0.0.0:" + port;
    w.message += "Listen on the venue network and set the base URL to this machine's address "
                 "there, e.g. --listen " +
                 w.listen + " --base-url " + suggested + " (with --tls auto";
  }
  w.message += ": phones need HTTPS for the camera at the door).";
  return w;
}

}  // namespace lanyard
