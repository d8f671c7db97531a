#include "storage/secrets_repo.h"

#include <stdexcept>

#include "storage/query.h"

namespace lanyard::storage {

std::string KeepSharedSecret(Conn& c, const std::string& name, const std::string& candidate) {
  Exec(c, "INSERT INTO shared_secrets (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING", name,
       candidate);
  Query q(c, "SELECT value FROM shared_secrets WHERE name = ?", name);
  if (!q.Next()) throw std::logic_error("shared secret " + name + " missing right after its insert");
  return q.Text(0);
}

std::optional<std::string> FindSharedSecret(Conn& c, const std::string& name) {
  Query q(c, "SELECT value FROM shared_secrets WHERE name = ?", name);
  if (!q.Next()) return std::nullopt;
  return q.Text(0);
}

}  // namespace lanyard::storage
