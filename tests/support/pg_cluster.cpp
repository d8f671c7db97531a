#include "tests/support/pg_cluster.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pwd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <mutex>
#include <stdexcept>

namespace lanyard::testing {

namespace {

namespace fs = std::filesystem;

// The newest /usr/lib/postgresql/<major>/bin holding initdb, or "".
std::string FindServerBin() {
  std::string best;
  int best_major = 0;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator("/usr/lib/postgresql", ec)) {
    const std::string bin = entry.path().string() + "/bin";
    const int major = std::atoi(entry.path().filename().c_str());
    if (major > best_major && fs::exists(bin + "/initdb") && fs::exists(bin + "/pg_ctl")) {
      best = bin;
      best_major = major;
    }
  }
  return best;
}

int FreePort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    if (fd >= 0) ::close(fd);
    throw std::runtime_error("no free port for PostgreSQL");
  }
  ::close(fd);
  return ntohs(addr.sin_port);
}

// PostgreSQL refuses to run as root: as root, the cluster belongs to the `postgres` user.
bool AsRoot() { return ::geteuid() == 0; }

std::mutex mutex;
std::unique_ptr<PgCluster> shared;  // GUARDED_BY(mutex)
bool looked = false;                // GUARDED_BY(mutex)
std::atomic<int> next_database{0};

}  // namespace

PgCluster::PgCluster(std::string bin, std::string dir, int port)
    : bin_(std::move(bin)), dir_(std::move(dir)), port_(port) {}

std::string PgCluster::Run(const std::string& tool, const std::string& args) const {
  const std::string command = (AsRoot() ? "runuser -u postgres -- " : "") + bin_ + "/" + tool +
                              " " + args + " >>" + dir_ + "/tools.log 2>&1";
  if (std::system(command.c_str()) != 0) {
    throw std::runtime_error("PostgreSQL test cluster: failed: " + command);
  }
  return command;
}

PgCluster* PgCluster::Shared() {
  std::lock_guard<std::mutex> lock(mutex);
  if (looked) return shared.get();
  looked = true;
  const std::string bin = FindServerBin();
  if (bin.empty()) return nullptr;
  char pattern[] = "/tmp/lanyard-pg-XXXXXX";
  if (!::mkdtemp(pattern)) throw std::runtime_error("PostgreSQL test cluster: no temp dir");
  const std::string dir = pattern;
  if (AsRoot()) {
    const passwd* pw = ::getpwnam("postgres");
    if (!pw || ::chown(dir.c_str(), pw->pw_uid, pw->pw_gid) != 0) {
      throw std::runtime_error("PostgreSQL test cluster: cannot hand " + dir + " to postgres");
    }
  }
  shared.reset(new PgCluster(bin, dir, FreePort()));
  shared->Run("initdb", "-D " + dir + "/data -U postgres --auth=trust -E UTF8 --locale=C.UTF-8");
  shared->Run("pg_ctl", "-D " + dir + "/data -l " + dir + "/server.log -w -t 60 -o \"-p " +
                            std::to_string(shared->port_) + " -k " + dir +
                            " -c listen_addresses=127.0.0.1 -c fsync=off"
                            " -c synchronous_commit=off -c full_page_writes=off"
                            " -c max_connections=300\" start");
  // Stops the server even when a test aborts the process through exit().
  std::atexit([] {
    std::lock_guard<std::mutex> lock(mutex);
    shared.reset();
  });
  return shared.get();
}

PgCluster::~PgCluster() {
  try {
    Run("pg_ctl", "-D " + dir_ + "/data -m immediate -w stop");
  } catch (...) {
  }
  std::error_code ec;
  fs::remove_all(dir_, ec);
}

std::string PgCluster::NewDatabase() {
  const std::string name =
      "lanyard_" + std::to_string(::getpid()) + "_" + std::to_string(++next_database);
  Run("createdb", "-h " + dir_ + " -p " + std::to_string(port_) + " -U postgres " + name);
  return "postgresql://postgres@/" + name + "?host=" + dir_ + "&port=" + std::to_string(port_);
}

}  // namespace lanyard::testing
