#include "tests/support/child_process.h"

#include <doctest/doctest.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

extern char** environ;

namespace lanyard::testing {

namespace {

using Clock = std::chrono::steady_clock;

std::vector<std::string> ChildEnvironment(const std::map<std::string, std::string>& extra) {
  std::vector<std::string> env;
  for (char** e = environ; *e; ++e) {
    const std::string entry = *e;
    if (entry.rfind("LANYARD_", 0) == 0) continue;  // only what the test sets
    env.push_back(entry);
  }
  for (const auto& [k, v] : extra) env.push_back(k + "=" + v);
  return env;
}

}  // namespace

Child::Child(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
             const std::string& stderr_path) {
  int fds[2];
  REQUIRE(::pipe2(fds, O_CLOEXEC) == 0);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
  posix_spawn_file_actions_addopen(&actions, 2, stderr_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  std::vector<std::string> argv_store = args;
  argv_store.insert(argv_store.begin(), LANYARD_BINARY);
  std::vector<char*> argv;
  for (auto& a : argv_store) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::vector<std::string> env_store = ChildEnvironment(env);
  std::vector<char*> envp;
  for (auto& e : env_store) envp.push_back(e.data());
  envp.push_back(nullptr);
  const int rc = posix_spawn(&pid_, LANYARD_BINARY, &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  ::close(fds[1]);
  out_fd_ = fds[0];
  REQUIRE_MESSAGE(rc == 0, "cannot start " << LANYARD_BINARY);
}

Child::~Child() {
  if (pid_ > 0 && !exited_) {
    ::kill(pid_, SIGKILL);
    int status = 0;
    ::waitpid(pid_, &status, 0);
  }
  if (out_fd_ >= 0) ::close(out_fd_);
}

bool Child::ReadUntil(const std::string& needle, std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  while (out_.find(needle) == std::string::npos) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) return false;
    pollfd p{out_fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
    char buf[4096];
    const ssize_t n = ::read(out_fd_, buf, sizeof buf);
    if (n <= 0) return out_.find(needle) != std::string::npos;
    out_.append(buf, static_cast<size_t>(n));
  }
  return true;
}

int Child::Wait(std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  for (;;) {
    int status = 0;
    const pid_t r = ::waitpid(pid_, &status, WNOHANG);
    if (r == pid_) {
      exited_ = true;
      ReadUntil("\x01never\x01", std::chrono::milliseconds(0));
      return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    if (Clock::now() > deadline) return -1;
    ReadUntil("\x01never\x01", std::chrono::milliseconds(20));
  }
}

void Child::Signal(int sig) { ::kill(pid_, sig); }

Finished RunToEnd(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
                  const std::string& stderr_path, std::chrono::milliseconds timeout) {
  Finished r;
  {
    Child c(args, env, stderr_path);
    r.code = c.Wait(timeout);
    r.out = c.out();
  }
  std::ifstream in(stderr_path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  r.err = text.str();
  return r;
}

}  // namespace lanyard::testing
