#pragma once
// The one shape of every command in core/: a write unit that loads what it needs, checks the
// rules, writes and queues its mails, and returns a Result. An ok result keeps the unit's
// changes; an error result rolls back only this unit (its SAVEPOINT) and is returned as is.
//
//   return WriteUnit<Order>(app.db(), [&](storage::Conn& c) -> Result<Order> {
//     auto order = LoadOrder(c, id);
//     if (!order) return order.error();
//     ...
//     return *order;
//   });
//
// Runs on the database's writer thread (see storage::Database::Write): keep the unit to the
// decision and the writes; build reply JSON and mail data outside it. An exception thrown by
// the unit rolls it back and is rethrown to the caller.
#include <functional>
#include <optional>
#include <utility>

#include "core/common/result.h"
#include "storage/conn.h"
#include "storage/database.h"

namespace lanyard {

template <typename T>
Result<T> WriteUnit(storage::Database& db, const std::function<Result<T>(storage::Conn&)>& unit) {
  std::optional<Result<T>> outcome;
  db.Write([&](storage::Conn& conn) {
    outcome.emplace(unit(conn));
    return outcome->ok();
  });
  return std::move(*outcome);
}

// The same for a unit that returns no value.
inline Status WriteUnit(storage::Database& db, const std::function<Status(storage::Conn&)>& unit) {
  return WriteUnit<Ok>(db, unit);
}

}  // namespace lanyard
