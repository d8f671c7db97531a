#include "core/mail/mail_links.h"

#include "core/ops/link_check.h"

namespace lanyard {

namespace {

using nlohmann::json;

bool EndsWith(std::string_view s, std::string_view tail) {
  return s.size() >= tail.size() && s.substr(s.size() - tail.size()) == tail;
}

// The length of "scheme://host[:port]" at the start of `url`, or 0 when it has no scheme.
size_t OriginLength(std::string_view url) {
  const size_t scheme = url.find("://");
  if (scheme == std::string_view::npos || scheme == 0) return 0;
  const size_t path = url.find_first_of("/?#", scheme + 3);
  return path == std::string_view::npos ? url.size() : path;
}

void Rebase(json& value, std::string_view key, std::string_view base, int depth) {
  if (depth > 8) return;  // mail data is shallow
  if (value.is_string()) {
    if (!EndsWith(key, "_url")) return;
    const std::string& url = value.get_ref<const std::string&>();
    const size_t origin = OriginLength(url);
    if (origin == 0 || !IsLoopbackUrl(std::string_view(url).substr(0, origin))) return;
    value = std::string(base) + url.substr(origin);
    return;
  }
  if (value.is_object()) {
    for (auto& [inner_key, inner] : value.items()) Rebase(inner, inner_key, base, depth + 1);
  } else if (value.is_array()) {
    for (json& inner : value) Rebase(inner, key, base, depth + 1);
  }
}

}  // namespace

void RebaseLoopbackLinks(json& values, std::string_view base_url) {
  const size_t origin = OriginLength(base_url);
  if (origin == 0 || IsLoopbackUrl(base_url.substr(0, origin))) return;
  while (!base_url.empty() && base_url.back() == '/') base_url.remove_suffix(1);
  Rebase(values, "", base_url, 0);
}

}  // namespace lanyard
