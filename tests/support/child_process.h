#pragma once
// A child `lanyard` process for the binary tests (tests/web/*_binary.cpp): the real binary
// (LANYARD_BINARY) with the given arguments, stdout on a pipe the test reads, stderr appended to
// a file; only the LANYARD_* variables the test passes reach it. Killed (SIGKILL) and reaped by
// the destructor if still running. Not thread-safe: one owning thread.
#include <sys/types.h>

#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace lanyard::testing {

class Child {
 public:
  // Starts LANYARD_BINARY `args`; REQUIREs that it started.
  Child(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
        const std::string& stderr_path);
  ~Child();
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  // Reads stdout until `needle` shows up; false on timeout or end of output.
  bool ReadUntil(const std::string& needle, std::chrono::milliseconds timeout);
  // Waits for the exit; the exit code, or -1 on timeout (the child is left running), or
  // 128+signal when a signal ended it.
  int Wait(std::chrono::milliseconds timeout);
  void Signal(int sig);
  pid_t pid() const { return pid_; }
  const std::string& out() const { return out_; }

 private:
  pid_t pid_ = -1;
  int out_fd_ = -1;
  bool exited_ = false;
  std::string out_;
};

// A command run to its end: exit code (as Child::Wait), stdout and stderr.
struct Finished {
  int code = -1;
  std::string out;
  std::string err;
};

// Runs LANYARD_BINARY `args` until it exits (or `timeout`: code -1), stderr through
// `stderr_path`.
Finished RunToEnd(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
                  const std::string& stderr_path, std::chrono::milliseconds timeout);

}  // namespace lanyard::testing
