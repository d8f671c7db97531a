// pg_test_cluster start|stop <state-file>: the ctest fixture of the web-pg entries. `start`
// stops a cluster a killed run left behind (same state file), starts a new one
// (tests/support/pg_cluster.h), migrates a template database that every TestServer copies, and
// writes the state file the entries read through LANYARD_TEST_PG_CLUSTER; `stop` stops that
// cluster and removes its directory and the state file. Exit status 1 with a message on
// failure (no PostgreSQL server binaries included: install the test profile of
// packaging/install-deps).
#include <cstdio>
#include <exception>
#include <string>

#include "storage/database.h"
#include "tests/support/pg_cluster.h"

namespace {

using lanyard::testing::PgCluster;

void StopLeftover(const std::string& state) {
  if (auto old = PgCluster::ReadState(state)) old->Stop();
  std::remove(state.c_str());
}

int StartCluster(const std::string& state) {
  StopLeftover(state);
  auto cluster = PgCluster::Start();
  if (!cluster) {
    std::fprintf(stderr,
                 "pg_test_cluster: no PostgreSQL server binaries (/usr/lib/postgresql/*/bin): "
                 "run packaging/install-deps test\n");
    return 1;
  }
  const std::string url = cluster->NewDatabase();
  {
    lanyard::storage::DatabaseOptions options;
    options.url = url;
    lanyard::storage::Database migrated(options);  // closes every session when it goes
  }
  cluster->set_migrated_template(PgCluster::DatabaseName(url));
  cluster->WriteState(state);
  cluster->Detach();
  std::printf("PostgreSQL test cluster in %s on port %d\n", cluster->dir().c_str(), cluster->port());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: pg_test_cluster start|stop <state-file>\n");
    return 2;
  }
  const std::string command = argv[1];
  const std::string state = argv[2];
  try {
    if (command == "start") return StartCluster(state);
    if (command == "stop") {
      StopLeftover(state);
      return 0;
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "pg_test_cluster %s: %s\n", command.c_str(), e.what());
    return 1;
  }
  std::fprintf(stderr, "usage: pg_test_cluster start|stop <state-file>\n");
  return 2;
}
