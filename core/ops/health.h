#pragma once
// What /health and /metrics report, read through core so web/ never reaches storage/.
//
// Thread safety: free functions over App; they only read (a per-thread reader connection and
// the database's atomic integrity state).
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace lanyard {
class App;
}  // namespace lanyard

namespace lanyard::ops {

enum class IntegrityCheck { kRunning, kOk, kFailed };

struct Health {
  bool database_readable = false;  // a query on a reader connection succeeded
  IntegrityCheck integrity = IntegrityCheck::kRunning;  // the start-up integrity check
};

// Reads one row through a reader connection and the start-up integrity check's state. Never
// throws: an unreadable database is database_readable = false.
Health CheckHealth(App& app);

// "running" | "ok" | "failed", as /health shows it.
const char* ToString(IntegrityCheck check);

// Prometheus samples counted from the tables: (metric name with labels, value), grouped by
// metric name (users, events, orders, tickets, check-ins, outbox); on PostgreSQL also
// lanyard_db_write_retries (units this process ran again after a serialization failure).
std::vector<std::pair<std::string, int64_t>> MetricSamples(App& app);

}  // namespace lanyard::ops
