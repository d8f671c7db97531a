#include "storage/migrations.h"

#include <algorithm>

#include "storage/embedded_file.h"

namespace lanyard::embedded_migrations {
const EmbeddedFile* Files(size_t* count);
}
namespace lanyard::embedded_migrations_postgres {
const EmbeddedFile* Files(size_t* count);
}

namespace lanyard::storage {

std::vector<Migration> EmbeddedMigrations(Dialect dialect) {
  size_t count = 0;
  const EmbeddedFile* files = dialect == Dialect::kPostgres
                                  ? embedded_migrations_postgres::Files(&count)
                                  : embedded_migrations::Files(&count);
  std::vector<Migration> out;
  for (size_t i = 0; i < count; ++i) {
    std::string name = files[i].path;
    out.push_back({std::stoi(name.substr(0, 4)), name,
                   std::string(reinterpret_cast<const char*>(files[i].data), files[i].size)});
  }
  std::sort(out.begin(), out.end(), [](const Migration& a, const Migration& b) {
    return a.version < b.version;
  });
  return out;
}

}  // namespace lanyard::storage
