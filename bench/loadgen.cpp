// loadgen: a small single-threaded HTTP/1.1 keep-alive load generator for the benchmarks.
//
// One epoll loop drives every connection, so on a 2-core machine it takes as little CPU from
// the server as wrk does, but it also counts replies by their error code, keeps every latency,
// and can bind a request (a user) to a connection. Built by the bench scripts with one g++ line;
// not part of the product build.
//
//   loadgen --port P --connections C --file REQUESTS --mode once|loop|sticky
//           [--duration S] [--max-seconds S] [--stop-class CLASS] [--host 127.0.0.1]
//           [--bodies FILE]
//
// REQUESTS has one request per line, fields separated by a tab:
//   METHOD <tab> PATH <tab> TOKEN or - <tab> BODY (may be empty; JSON without tabs/newlines)
// Modes:
//   once    every line is sent exactly once, connections take the next line as they free up;
//   loop    lines are sent round-robin for --duration seconds;
//   sticky  connection i sends line i again and again until a reply of --stop-class arrives
//           (e.g. sold_out), then it stops; the run ends when every connection has stopped.
// A reply's class is its status for 1xx-3xx and the body's "code" for errors (e.g. sold_out).
// Output: key=value lines (sourced by the bench scripts). --bodies FILE also writes the body of
// every 2xx reply, one per line (what the caller was told was done: e.g. acknowledged orders).
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

struct Options {
  std::string host = "127.0.0.1";
  int port = 0;
  int connections = 1;
  std::string file;
  std::string mode = "once";
  double duration = 10;
  double max_seconds = 120;
  std::string stop_class;
  bool wait_healthy = false;
  std::string bodies;  // file for the 2xx bodies, "" = none
};

struct Conn {
  int fd = -1;
  int line = -1;          // the request in flight (index into requests)
  bool busy = false;
  bool stopped = false;   // sticky: got its stop class
  size_t sent = 0;        // bytes of the request written so far
  std::string in;         // bytes read of the current reply
  Clock::time_point started;
};

struct ClassStats {
  long count = 0;
  std::vector<uint32_t> micros;
  double last_s = 0;  // time of the last reply of this class since the run started
};

std::vector<std::string> requests;
std::map<std::string, ClassStats> classes;
std::map<int, long> statuses;
std::vector<uint32_t> all_micros;
long io_errors = 0;
long reconnects = 0;

void Usage() {
  std::fprintf(stderr,
               "usage: loadgen --port P --connections C --file F --mode once|loop|sticky "
               "[--duration S] [--max-seconds S] [--stop-class CLASS]\n");
  std::exit(2);
}

Options Parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) Usage();
      return argv[++i];
    };
    if (a == "--host") o.host = next();
    else if (a == "--port") o.port = std::atoi(next().c_str());
    else if (a == "--connections") o.connections = std::atoi(next().c_str());
    else if (a == "--file") o.file = next();
    else if (a == "--mode") o.mode = next();
    else if (a == "--duration") o.duration = std::atof(next().c_str());
    else if (a == "--max-seconds") o.max_seconds = std::atof(next().c_str());
    else if (a == "--stop-class") o.stop_class = next();
    else if (a == "--bodies") o.bodies = next();
    else if (a == "--wait-healthy") o.wait_healthy = true;
    else Usage();
  }
  if (o.port <= 0 || o.connections <= 0 || (o.file.empty() && !o.wait_healthy)) Usage();
  if (o.mode != "once" && o.mode != "loop" && o.mode != "sticky") Usage();
  return o;
}

void LoadRequests(const Options& o) {
  std::ifstream in(o.file);
  if (!in) {
    std::fprintf(stderr, "loadgen: cannot read %s\n", o.file.c_str());
    std::exit(2);
  }
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    std::vector<std::string> f;
    size_t start = 0;
    for (int k = 0; k < 3; ++k) {
      size_t tab = line.find('\t', start);
      if (tab == std::string::npos) tab = line.size();
      f.push_back(line.substr(start, tab - start));
      start = std::min(line.size(), tab + 1);
    }
    f.push_back(line.substr(start));
    std::string r = f[0] + " " + f[1] + " HTTP/1.1\r\nHost: " + o.host + "\r\n";
    if (f[2] != "-" && !f[2].empty()) r += "Authorization: Bearer " + f[2] + "\r\n";
    if (!f[3].empty() || f[0] == "POST" || f[0] == "PATCH" || f[0] == "PUT") {
      r += "Content-Type: application/json\r\nContent-Length: " + std::to_string(f[3].size()) +
           "\r\n";
    }
    r += "\r\n" + f[3];
    requests.push_back(std::move(r));
  }
  if (requests.empty()) {
    std::fprintf(stderr, "loadgen: %s has no requests\n", o.file.c_str());
    std::exit(2);
  }
}

int Connect(const Options& o) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(o.port));
  inet_pton(AF_INET, o.host.c_str(), &addr.sin_addr);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd);
    return -1;
  }
  int yes = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
  fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
  return fd;
}

// Parses a complete reply at the front of `in`. Returns its total length, 0 while incomplete,
// -1 when malformed. Sets status, class and whether the server closes the connection.
long ParseReply(const std::string& in, int* status, std::string* cls, bool* closes) {
  size_t head_end = in.find("\r\n\r\n");
  if (head_end == std::string::npos) return 0;
  if (in.compare(0, 9, "HTTP/1.1 ") != 0 && in.compare(0, 9, "HTTP/1.0 ") != 0) return -1;
  *status = std::atoi(in.c_str() + 9);
  long length = 0;
  *closes = false;
  size_t pos = in.find("\r\n") + 2;
  while (pos < head_end) {
    size_t eol = in.find("\r\n", pos);
    std::string h = in.substr(pos, eol - pos);
    for (size_t i = 0; i < h.size() && h[i] != ':'; ++i) h[i] = static_cast<char>(std::tolower(h[i]));
    if (h.rfind("content-length:", 0) == 0) length = std::atol(h.c_str() + 15);
    if (h.rfind("connection:", 0) == 0 && h.find("close") != std::string::npos) *closes = true;
    if (h.rfind("transfer-encoding:", 0) == 0) return -1;  // the API never streams
    pos = eol + 2;
  }
  const size_t total = head_end + 4 + static_cast<size_t>(length);
  if (in.size() < total) return 0;
  if (*status >= 400) {
    size_t c = in.find("\"code\":\"", head_end);
    if (c != std::string::npos && c < total) {
      c += 8;
      size_t e = in.find('"', c);
      *cls = in.substr(c, e - c);
    } else {
      *cls = std::to_string(*status);
    }
  } else {
    *cls = std::to_string(*status);
  }
  return static_cast<long>(total);
}

// Polls GET /api/v1/health every millisecond until it answers 200; prints the wall-clock time
// of that answer in nanoseconds since the epoch (the caller knows when it spawned the server).
int WaitHealthy(const Options& o) {
  const auto t0 = Clock::now();
  const std::string request = "GET /api/v1/health HTTP/1.1\r\nHost: " + o.host + "\r\nConnection: close\r\n\r\n";
  while (std::chrono::duration<double>(Clock::now() - t0).count() < o.max_seconds) {
    int fd = Connect(o);
    if (fd >= 0) {
      fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
      std::string in;
      if (send(fd, request.data(), request.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(request.size())) {
        char buf[4096];
        ssize_t r;
        while ((r = recv(fd, buf, sizeof buf, 0)) > 0) in.append(buf, static_cast<size_t>(r));
      }
      close(fd);
      if (in.compare(0, 12, "HTTP/1.1 200") == 0) {
        const auto now = std::chrono::system_clock::now().time_since_epoch();
        std::printf("%lld\n", static_cast<long long>(std::chrono::duration_cast<std::chrono::nanoseconds>(now).count()));
        return 0;
      }
    }
    usleep(1000);
  }
  return 1;
}

double Percentile(std::vector<uint32_t>& v, double p) {
  if (v.empty()) return 0;
  size_t k = static_cast<size_t>(p / 100.0 * (v.size() - 1) + 0.5);
  std::nth_element(v.begin(), v.begin() + k, v.end());
  return v[k] / 1000.0;
}

}  // namespace

int main(int argc, char** argv) {
  const Options o = Parse(argc, argv);
  if (o.wait_healthy) return WaitHealthy(o);
  LoadRequests(o);
  if (o.mode == "sticky" && static_cast<int>(requests.size()) < o.connections) {
    std::fprintf(stderr, "loadgen: sticky mode needs a line per connection\n");
    return 2;
  }
  all_micros.reserve(1 << 20);
  FILE* bodies = o.bodies.empty() ? nullptr : std::fopen(o.bodies.c_str(), "w");
  if (!o.bodies.empty() && !bodies) {
    std::fprintf(stderr, "loadgen: cannot write %s\n", o.bodies.c_str());
    return 2;
  }

  int ep = epoll_create1(0);
  std::vector<Conn> conns(o.connections);
  for (int i = 0; i < o.connections; ++i) {
    conns[i].fd = Connect(o);
    if (conns[i].fd < 0) {
      std::fprintf(stderr, "loadgen: cannot connect to %s:%d\n", o.host.c_str(), o.port);
      return 1;
    }
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLOUT;
    ev.data.u32 = static_cast<uint32_t>(i);
    epoll_ctl(ep, EPOLL_CTL_ADD, conns[i].fd, &ev);
  }

  size_t next_line = 0;
  long done = 0;
  long in_flight = 0;
  const auto t0 = Clock::now();
  auto elapsed = [&] { return std::chrono::duration<double>(Clock::now() - t0).count(); };
  bool issuing = true;

  auto start_request = [&](int i) -> bool {
    Conn& c = conns[i];
    if (o.mode == "sticky") {
      if (c.stopped) return false;
      c.line = i;
    } else if (o.mode == "once") {
      if (next_line >= requests.size()) return false;
      c.line = static_cast<int>(next_line++);
    } else {
      c.line = static_cast<int>(next_line++ % requests.size());
    }
    c.busy = true;
    c.sent = 0;
    c.in.clear();
    c.started = Clock::now();
    ++in_flight;
    return true;
  };
  auto write_some = [&](Conn& c) -> bool {
    const std::string& r = requests[c.line];
    while (c.sent < r.size()) {
      ssize_t n = send(c.fd, r.data() + c.sent, r.size() - c.sent, MSG_NOSIGNAL);
      if (n < 0) return errno == EAGAIN;
      c.sent += static_cast<size_t>(n);
    }
    return true;
  };
  auto reconnect = [&](int i) {
    Conn& c = conns[i];
    epoll_ctl(ep, EPOLL_CTL_DEL, c.fd, nullptr);
    close(c.fd);
    c.fd = Connect(o);
    ++reconnects;
    if (c.fd < 0) {
      c.stopped = true;
      return false;
    }
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLOUT;
    ev.data.u32 = static_cast<uint32_t>(i);
    epoll_ctl(ep, EPOLL_CTL_ADD, c.fd, &ev);
    return true;
  };

  for (int i = 0; i < o.connections; ++i) {
    if (start_request(i)) write_some(conns[i]);
  }

  std::vector<epoll_event> events(o.connections);
  char buf[65536];
  while (in_flight > 0) {
    const double now_s = elapsed();
    if (now_s > o.max_seconds) break;
    if (o.mode == "loop" && now_s >= o.duration) issuing = false;
    int n = epoll_wait(ep, events.data(), static_cast<int>(events.size()), 100);
    for (int k = 0; k < n; ++k) {
      const int i = static_cast<int>(events[k].data.u32);
      Conn& c = conns[i];
      if (!c.busy) continue;
      if (events[k].events & EPOLLOUT) {
        if (!write_some(c)) {
          ++io_errors;
          --in_flight;
          c.busy = false;
          if (reconnect(i) && issuing && start_request(i)) write_some(c);
          continue;
        }
      }
      if (!(events[k].events & (EPOLLIN | EPOLLHUP | EPOLLERR))) continue;
      bool failed = false;
      for (;;) {
        ssize_t r = recv(c.fd, buf, sizeof buf, 0);
        if (r > 0) {
          c.in.append(buf, static_cast<size_t>(r));
          continue;
        }
        if (r < 0 && errno == EAGAIN) break;
        failed = true;  // closed or error
        break;
      }
      int status = 0;
      std::string cls;
      bool closes = false;
      long len = ParseReply(c.in, &status, &cls, &closes);
      if (len == 0 && !failed) continue;
      --in_flight;
      c.busy = false;
      if (len <= 0) {
        ++io_errors;
        if (!reconnect(i)) continue;
      } else {
        const auto us = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - c.started).count();
        const uint32_t micros = static_cast<uint32_t>(us);
        all_micros.push_back(micros);
        ++statuses[status];
        if (bodies && status >= 200 && status < 300) {
          const size_t head = c.in.find("\r\n\r\n");
          if (head != std::string::npos && head + 4 <= static_cast<size_t>(len)) {
            std::fwrite(c.in.data() + head + 4, 1, static_cast<size_t>(len) - head - 4, bodies);
            std::fputc('\n', bodies);
          }
        }
        ClassStats& s = classes[cls];
        ++s.count;
        s.micros.push_back(micros);
        s.last_s = elapsed();
        ++done;
        if (o.mode == "sticky" && cls == o.stop_class) c.stopped = true;
        if (closes || failed) {
          if (!reconnect(i)) continue;
        }
      }
      if (issuing && start_request(i)) write_some(c);
    }
  }
  const double seconds = elapsed();
  if (bodies) std::fclose(bodies);

  std::printf("requests=%ld\n", done);
  std::printf("unfinished=%ld\n", in_flight);
  std::printf("io_errors=%ld\n", io_errors);
  std::printf("reconnects=%ld\n", reconnects);
  std::printf("seconds=%.3f\n", seconds);
  std::printf("rps=%.0f\n", done / seconds);
  std::printf("p50_ms=%.2f\n", Percentile(all_micros, 50));
  std::printf("p90_ms=%.2f\n", Percentile(all_micros, 90));
  std::printf("p99_ms=%.2f\n", Percentile(all_micros, 99));
  std::printf("max_ms=%.2f\n", all_micros.empty() ? 0.0 : *std::max_element(all_micros.begin(), all_micros.end()) / 1000.0);
  for (auto& [name, s] : classes) {
    std::string key = name;
    for (char& ch : key) {
      if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
    }
    std::printf("class_%s=%ld\n", key.c_str(), s.count);
    std::printf("class_%s_p50_ms=%.2f\n", key.c_str(), Percentile(s.micros, 50));
    std::printf("class_%s_p99_ms=%.2f\n", key.c_str(), Percentile(s.micros, 99));
    std::printf("class_%s_last_s=%.3f\n", key.c_str(), s.last_s);
  }
  long family[6] = {0, 0, 0, 0, 0, 0};
  for (const auto& [st, count] : statuses) {
    std::printf("status_%d=%ld\n", st, count);
    if (st >= 100 && st < 600) family[st / 100] += count;
  }
  std::printf("count_2xx=%ld\ncount_4xx=%ld\ncount_5xx=%ld\n", family[2], family[4], family[5]);
  return 0;
}
