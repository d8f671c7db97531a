#pragma once
// The repositories' SQL as PostgreSQL reads it: `?` and `?N` parameters become `$N` (storage/
// only). Nothing else is rewritten: the repositories write SQL both engines run.
#include <string>
#include <vector>

namespace lanyard::storage::postgres {

struct TranslatedSql {
  std::string text;             // with $N parameters
  int parameter_count = 0;      // the highest parameter number
  std::vector<bool> named;      // [N-1]: $N appears in the text (SQLite allows gaps)
};

// Rewrites the parameters of `sql` as SQLite numbers them: `?N` is N, a bare `?` is one more
// than the highest number so far. Quoted strings, quoted identifiers and comments are copied
// unchanged. Pure; thread-safe.
TranslatedSql TranslatePlaceholders(const std::string& sql);

}  // namespace lanyard::storage::postgres
