#pragma once
// How a "contains this text" search (q=, title=, location=) becomes SQL: through the FTS5
// trigram indexes of migration 0025 when the text has at least 3 characters (a trigram index
// cannot answer less), else through LIKE over the rows. Repositories use it; nothing else does.
// A second database engine (issue 21) would put its own text index behind the same repository
// functions. Pure functions: thread-safe.
#include <optional>
#include <string>
#include <vector>

#include "storage/conn.h"

namespace lanyard::storage {

// The FTS5 MATCH expression for rows containing `text` in any of `columns` (all of the index's
// columns when empty): {c1 c2} : "text" with quotes doubled; nullopt when `text` has fewer
// than 3 characters (UTF-8 code points) — then search with LikePattern instead.
std::optional<std::string> TrigramMatch(const std::string& text,
                                        const std::vector<std::string>& columns = {});

// The trigram MATCH expression where the connection's engine has FTS5 tables (SQLite), else
// nullopt: PostgreSQL answers the LIKE form through its pg_trgm indexes (its migration 0025).
std::optional<std::string> TextIndexMatch(Dialect dialect, const std::string& text,
                                          const std::vector<std::string>& columns = {});

// "%text%" for a LIKE scan, with `\`, `%` and `_` in `text` escaped by a backslash so that
// they match literally. Compare as `lower(column) LIKE lower(?) ESCAPE '\'`: SQLite's LIKE
// ignores ASCII case and PostgreSQL's does not, and they share no default escape character.
std::string LikePattern(const std::string& text);

}  // namespace lanyard::storage
