#pragma once
// A PostgreSQL cluster that the tests start themselves: initdb and pg_ctl (Debian's postgresql
// package) in a temporary directory, a free TCP port on 127.0.0.1 and the unix socket in that
// directory; trust authentication for the user `postgres`; fsync off (the tests check rules,
// not durability).
//
// Either the test process starts its own (stopped and removed when the process exits), or it
// attaches to the cluster that the ctest fixture `web-pg/cluster-start` started for every
// web-pg entry (tests/support/pg_test_cluster_main.cpp): the environment variable
// LANYARD_TEST_PG_CLUSTER then names that fixture's state file (directory, port, migrated
// template database), and the process never stops that cluster.
#include <memory>
#include <string>

namespace lanyard::testing {

class PgCluster {
 public:
  // The process's cluster: the fixture's when LANYARD_TEST_PG_CLUSTER is set (std::runtime_error
  // when its state file is missing: the fixture failed), else one started on the first call;
  // nullptr when no PostgreSQL server binaries are installed. Throws std::runtime_error when
  // they are but the cluster fails to start. Thread-safe.
  static PgCluster* Shared();

  // Starts a new cluster in a new temporary directory, owned by the returned object (stopped
  // and removed by its destructor unless Detach()ed); nullptr without server binaries.
  static std::unique_ptr<PgCluster> Start();
  // A running cluster in `dir` on `port`, not owned (the destructor leaves it running).
  static std::unique_ptr<PgCluster> Attach(const std::string& dir, int port);
  // The fixture's state file: writes dir, port and template; reads them back (nullptr when the
  // file does not exist). Not thread-safe (one writer: the fixture tool).
  void WriteState(const std::string& file) const;
  static std::unique_ptr<PgCluster> ReadState(const std::string& file);

  // Creates an empty database (or a copy of the database named `from_template`, which must
  // have no open connections) and returns its connection URL
  // (postgresql://postgres@/<name>?host=<dir>&port=<port>). Thread-safe.
  std::string NewDatabase(const std::string& from_template = "");
  // Drops a database NewDatabase() created, ending its sessions. Thread-safe.
  void DropDatabase(const std::string& name);
  // The database name of a URL NewDatabase() returned.
  static std::string DatabaseName(const std::string& url);

  // A database holding the current schema that NewDatabase() may copy ("" when none was made);
  // set by whoever migrated it (the fixture tool, or the first TestServer of a process).
  const std::string& migrated_template() const { return migrated_template_; }
  void set_migrated_template(const std::string& name) { migrated_template_ = name; }

  // Stops the server now and removes its directory (also for an attached cluster).
  void Stop();
  // Leaves the server running when this object is destroyed.
  void Detach() { owned_ = false; }

  int port() const { return port_; }
  const std::string& dir() const { return dir_; }

  ~PgCluster();
  PgCluster(const PgCluster&) = delete;
  PgCluster& operator=(const PgCluster&) = delete;

 private:
  PgCluster(std::string bin, std::string dir, int port, bool owned);
  std::string Run(const std::string& tool, const std::string& args) const;

  const std::string bin_;  // the server's bin directory
  const std::string dir_;  // data in dir_/data, the socket in dir_
  int port_;  // set once the server listens (Start may move it to another free port)
  bool owned_;
  bool stopped_ = false;
  std::string migrated_template_;
};

}  // namespace lanyard::testing
