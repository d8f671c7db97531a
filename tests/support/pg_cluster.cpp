#include "tests/support/pg_cluster.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pwd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
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

// Marks every descriptor above stderr close-on-exec, so that the server pg_ctl starts does not
// inherit what the test process holds (the shared build lock of /work/bin/shared-build, sockets):
// a cluster left behind by a killed run would otherwise hold them for ever.
void CloseInheritedOnExec() {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator("/proc/self/fd", ec)) {
    const int fd = std::atoi(entry.path().filename().c_str());
    if (fd <= 2) continue;
    const int flags = ::fcntl(fd, F_GETFD);
    if (flags >= 0) ::fcntl(fd, F_SETFD, flags | FD_CLOEXEC);
  }
}

// PostgreSQL refuses to run as root: as root, the cluster belongs to the `postgres` user.
bool AsRoot() { return ::geteuid() == 0; }

std::mutex mutex;
std::unique_ptr<PgCluster> shared;  // GUARDED_BY(mutex)
bool looked = false;                // GUARDED_BY(mutex)
std::atomic<int> next_database{0};

}  // namespace

PgCluster::PgCluster(std::string bin, std::string dir, int port, bool owned)
    : bin_(std::move(bin)), dir_(std::move(dir)), port_(port), owned_(owned) {}

std::string PgCluster::Run(const std::string& tool, const std::string& args) const {
  const std::string command = (AsRoot() ? "runuser -u postgres -- " : "") + bin_ + "/" + tool +
                              " " + args + " >>" + dir_ + "/tools.log 2>&1";
  if (std::system(command.c_str()) != 0) {
    throw std::runtime_error("PostgreSQL test cluster: failed: " + command);
  }
  return command;
}

std::unique_ptr<PgCluster> PgCluster::Start() {
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
  std::unique_ptr<PgCluster> cluster(new PgCluster(bin, dir, FreePort(), true));
  // --no-sync: a test cluster need not survive a power cut, and the sync is most of initdb.
  cluster->Run("initdb", "--no-sync -D " + dir + "/data -U postgres --auth=trust -E UTF8 --locale=C.UTF-8");
  CloseInheritedOnExec();
  // The port was free when picked; another test may bind it before the server does. Then the
  // server starts again on another one.
  for (int attempt = 1;; ++attempt) {
    try {
      cluster->Run("pg_ctl", "-D " + dir + "/data -l " + dir + "/server.log -w -t 60 -o \"-p " +
                                 std::to_string(cluster->port_) + " -k " + dir +
                                 " -c listen_addresses=127.0.0.1 -c fsync=off"
                                 " -c synchronous_commit=off -c full_page_writes=off"
                                 " -c max_connections=400\" start");
      return cluster;
    } catch (const std::runtime_error&) {
      if (attempt == 5) throw;
      cluster->port_ = FreePort();
    }
  }
}

std::unique_ptr<PgCluster> PgCluster::Attach(const std::string& dir, int port) {
  const std::string bin = FindServerBin();
  if (bin.empty()) throw std::runtime_error("PostgreSQL test cluster: no server binaries");
  return std::unique_ptr<PgCluster>(new PgCluster(bin, dir, port, false));
}

void PgCluster::WriteState(const std::string& file) const {
  std::ofstream out(file, std::ios::trunc);
  out << dir_ << "\n" << port_ << "\n" << migrated_template_ << "\n";
  if (!out.flush()) throw std::runtime_error("PostgreSQL test cluster: cannot write " + file);
}

std::unique_ptr<PgCluster> PgCluster::ReadState(const std::string& file) {
  std::ifstream in(file);
  if (!in) return nullptr;
  std::string dir, port, migrated;
  std::getline(in, dir);
  std::getline(in, port);
  std::getline(in, migrated);
  if (dir.empty() || std::atoi(port.c_str()) <= 0) {
    throw std::runtime_error("PostgreSQL test cluster: bad state file " + file);
  }
  auto cluster = Attach(dir, std::atoi(port.c_str()));
  cluster->migrated_template_ = migrated;
  return cluster;
}

PgCluster* PgCluster::Shared() {
  std::lock_guard<std::mutex> lock(mutex);
  if (looked) return shared.get();
  looked = true;
  if (const char* state = std::getenv("LANYARD_TEST_PG_CLUSTER")) {
    shared = ReadState(state);
    if (!shared) {
      throw std::runtime_error(std::string("LANYARD_TEST_PG_CLUSTER names ") + state +
                               ", which does not exist: the cluster fixture did not start");
    }
    return shared.get();
  }
  shared = Start();
  if (!shared) return nullptr;
  // Stops the server even when a test aborts the process through exit().
  std::atexit([] {
    std::lock_guard<std::mutex> lock(mutex);
    shared.reset();
  });
  return shared.get();
}

void PgCluster::Stop() {
  if (stopped_) return;
  stopped_ = true;
  try {
    Run("pg_ctl", "-D " + dir_ + "/data -m immediate -w stop");
  } catch (...) {
  }
  std::error_code ec;
  fs::remove_all(dir_, ec);
}

PgCluster::~PgCluster() {
  if (owned_) Stop();
}

std::string PgCluster::NewDatabase(const std::string& from_template) {
  const std::string name =
      "lanyard_" + std::to_string(::getpid()) + "_" + std::to_string(++next_database);
  const std::string copy = from_template.empty() ? "" : "-T " + from_template + " ";
  Run("createdb", "-h " + dir_ + " -p " + std::to_string(port_) + " -U postgres " + copy + name);
  return "postgresql://postgres@/" + name + "?host=" + dir_ + "&port=" + std::to_string(port_);
}

void PgCluster::DropDatabase(const std::string& name) {
  Run("dropdb", "--force -h " + dir_ + " -p " + std::to_string(port_) + " -U postgres " + name);
}

std::string PgCluster::DatabaseName(const std::string& url) {
  const size_t start = url.find("@/");
  const size_t end = url.find('?');
  if (start == std::string::npos || end == std::string::npos || end < start) {
    throw std::invalid_argument("not a test cluster URL: " + url);
  }
  return url.substr(start + 2, end - start - 2);
}

}  // namespace lanyard::testing
