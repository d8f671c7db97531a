#pragma once
// A PostgreSQL cluster that the test process starts itself: initdb and pg_ctl (Debian's
// postgresql package) in a temporary directory, a free TCP port on 127.0.0.1 and the unix
// socket in that directory; trust authentication for the user `postgres`; fsync off (the tests
// check rules, not durability). Stopped and removed when the process exits.
#include <string>

namespace lanyard::testing {

class PgCluster {
 public:
  // The process's cluster, started on the first call; nullptr when no PostgreSQL server
  // binaries are installed. Throws std::runtime_error when they are but the cluster fails to
  // start. Thread-safe.
  static PgCluster* Shared();

  // Creates an empty database and returns its connection URL
  // (postgresql://postgres@/<name>?host=<dir>&port=<port>). Thread-safe.
  std::string NewDatabase();

  int port() const { return port_; }
  const std::string& dir() const { return dir_; }

  ~PgCluster();
  PgCluster(const PgCluster&) = delete;
  PgCluster& operator=(const PgCluster&) = delete;

 private:
  PgCluster(std::string bin, std::string dir, int port);
  std::string Run(const std::string& tool, const std::string& args) const;

  const std::string bin_;  // the server's bin directory
  const std::string dir_;  // data in dir_/data, the socket in dir_
  const int port_;
};

}  // namespace lanyard::testing
