#include "core/common/links.h"

#include <atomic>
#include <stdexcept>

namespace lanyard {

namespace {
std::atomic<const LinkBuilder*> installed{nullptr};
}  // namespace

void InstallLinks(const LinkBuilder* links) { installed.store(links, std::memory_order_release); }

const LinkBuilder& Links() {
  const LinkBuilder* links = installed.load(std::memory_order_acquire);
  if (links == nullptr) throw std::logic_error("No link builder installed (web::InstallApiLinks).");
  return *links;
}

}  // namespace lanyard
