// The ticketing story on the real binary: `lanyard serve` and `lanyard admin create` as an
// operator runs them, accounts confirmed from the .eml files the file transport writes, an
// order paid by transfer and confirmed at the desk, the `tickets` mail's inline QR decoded by
// zbarimg back to the ticket's code, the door check-in, and a clean SIGTERM. Also
// `lanyard demo`, in process and on the binary.
#include <doctest/doctest.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "core/ops/demo.h"
#include "core/common/qr.h"
#include "core/common/time_util.h"
#include "storage/query.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_server.h"

extern char** environ;

using namespace lanyard;
using namespace lanyard::testing;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;

// A child process of the lanyard binary with stdout and stderr collected by a thread, so a
// chatty child can never block on a full pipe.
class Child {
 public:
  Child(const std::vector<std::string>& args, const std::map<std::string, std::string>& env) {
    int fds[2];
    REQUIRE(pipe(fds) == 0);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
    posix_spawn_file_actions_adddup2(&actions, fds[1], 2);
    posix_spawn_file_actions_addclose(&actions, fds[0]);
    posix_spawn_file_actions_addclose(&actions, fds[1]);
    std::vector<std::string> argv_s = {LANYARD_BINARY};
    argv_s.insert(argv_s.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : argv_s) argv.push_back(a.data());
    argv.push_back(nullptr);
    // The parent's environment without LANYARD_*, then the test's settings.
    std::vector<std::string> env_s;
    for (char** e = environ; *e; ++e) {
      if (std::string(*e).rfind("LANYARD_", 0) != 0) env_s.push_back(*e);
    }
    for (const auto& [k, v] : env) env_s.push_back(k + "=" + v);
    std::vector<char*> envp;
    for (auto& e : env_s) envp.push_back(e.data());
    envp.push_back(nullptr);
    const int rc = posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    close(fds[1]);
    REQUIRE_MESSAGE(rc == 0, "cannot start ", LANYARD_BINARY);
    fd_ = fds[0];
    reader_ = std::thread([this] {
      char buf[4096];
      for (;;) {
        const ssize_t n = read(fd_, buf, sizeof buf);
        if (n <= 0) break;
        std::lock_guard<std::mutex> lock(mutex_);
        output_.append(buf, static_cast<size_t>(n));
      }
    });
  }
  ~Child() {
    if (!waited_) {
      kill(pid_, SIGKILL);
      Wait(10);
    }
    if (reader_.joinable()) reader_.join();
    close(fd_);
  }
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  std::string Output() {
    std::lock_guard<std::mutex> lock(mutex_);
    return output_;
  }
  // The first match of `re` in the output, waiting up to `seconds`; empty when none came.
  std::smatch WaitFor(const std::regex& re, int seconds) {
    const auto deadline = Clock::now() + std::chrono::seconds(seconds);
    for (;;) {
      matched_text_ = Output();
      std::smatch m;
      if (std::regex_search(matched_text_, m, re)) return m;
      if (Clock::now() > deadline || Exited()) return {};
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
  // Exit code (128 + signal when killed by one), or -1 after `seconds` without exiting.
  int Wait(int seconds) {
    if (waited_) return status_;
    const auto deadline = Clock::now() + std::chrono::seconds(seconds);
    for (;;) {
      int st = 0;
      const pid_t r = waitpid(pid_, &st, WNOHANG);
      if (r == pid_) {
        waited_ = true;
        status_ = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
        if (reader_.joinable()) reader_.join();
        return status_;
      }
      if (Clock::now() > deadline) return -1;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
  void Signal(int sig) { kill(pid_, sig); }

 private:
  bool Exited() {
    if (waited_) return true;
    int st = 0;
    const pid_t r = waitpid(pid_, &st, WNOHANG);
    if (r != pid_) return false;
    waited_ = true;
    status_ = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    return true;
  }

  pid_t pid_ = -1;
  int fd_ = -1;
  std::thread reader_;
  std::mutex mutex_;
  std::string output_;  // GUARDED_BY(mutex_)
  std::string matched_text_;
  bool waited_ = false;
  int status_ = -1;
};

const std::map<std::string, std::string> kEnv = {
    {"LANYARD_KDF", "fast"}, {"LANYARD_RATE_LIMITS", "off"}, {"LANYARD_MAIL", "file"}};

// Runs a command to its end; returns {exit code, output}.
std::pair<int, std::string> Run(const std::vector<std::string>& args) {
  Child c(args, kEnv);
  const int code = c.Wait(120);
  return {code, c.Output()};
}

// --- HTTP ---------------------------------------------------------------------------------

struct Answer {
  int status = 0;
  json body;
  std::string raw;
};

class Api {
 public:
  explicit Api(int port) : port_(port) {}
  Answer Call(const std::string& method, const std::string& path, const json& body = json(),
              const std::string& token = "") {
    httplib::Client c("127.0.0.1", port_);
    c.set_read_timeout(30);
    httplib::Headers h;
    if (!token.empty()) h.emplace("Authorization", "Bearer " + token);
    const std::string payload = body.is_null() ? "" : body.dump();
    httplib::Result r = method == "GET"     ? c.Get(path, h)
                        : method == "PATCH" ? c.Patch(path, h, payload, "application/json")
                                            : c.Post(path, h, payload, "application/json");
    return Wrap(r);
  }
  Answer Upload(const std::string& path, const std::string& bytes, const std::string& token) {
    httplib::Client c("127.0.0.1", port_);
    httplib::MultipartFormDataItems items = {{"file", bytes, "receipt.png", "image/png"},
                                             {"note", "Transfer BCA", "", ""}};
    return Wrap(c.Post(path, {{"Authorization", "Bearer " + token}}, items));
  }
  std::string Login(const std::string& email, const std::string& password) {
    Answer a = Call("POST", "/api/v1/auth/login", {{"email", email}, {"password", password}});
    REQUIRE_MESSAGE(a.status == 200, a.raw);
    return a.body["access_token"];
  }

 private:
  static Answer Wrap(const httplib::Result& r) {
    Answer a;
    if (!r) return a;
    a.status = r->status;
    a.raw = r->body;
    a.body = json::parse(r->body, nullptr, false);
    return a;
  }
  int port_;
};

// --- Mail files -----------------------------------------------------------------------------

std::string Lower(std::string s) {
  for (char& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return s;
}

struct Part {
  std::map<std::string, std::string> headers;  // lower-case names, unfolded values
  std::string body;
};

Part SplitHeaders(const std::string& raw) {
  Part p;
  size_t end = raw.find("\r\n\r\n");
  size_t skip = 4;
  if (end == std::string::npos) {
    end = raw.find("\n\n");
    skip = 2;
  }
  const std::string head = end == std::string::npos ? raw : raw.substr(0, end);
  p.body = end == std::string::npos ? "" : raw.substr(end + skip);
  std::string unfolded = std::regex_replace(head, std::regex("\r?\n[ \t]+"), " ");
  std::istringstream lines(unfolded);
  std::string line;
  while (std::getline(lines, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    size_t v = colon + 1;
    while (v < line.size() && line[v] == ' ') ++v;
    p.headers[Lower(line.substr(0, colon))] = line.substr(v);
  }
  return p;
}

std::string Param(const std::string& header, const std::string& name) {
  std::smatch m;
  const std::regex re(name + "=\"?([^\";]+)\"?", std::regex::icase);
  return std::regex_search(header, m, re) ? m[1].str() : "";
}

std::string DecodeQuotedPrintable(const std::string& in) {
  std::string out;
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] != '=') {
      out += in[i];
      continue;
    }
    if (i + 1 < in.size() && in[i + 1] == '\n') {  // soft line break
      i += 1;
    } else if (i + 2 < in.size() && in[i + 1] == '\r' && in[i + 2] == '\n') {
      i += 2;
    } else if (i + 2 < in.size() && std::isxdigit(static_cast<unsigned char>(in[i + 1])) &&
               std::isxdigit(static_cast<unsigned char>(in[i + 2]))) {
      out += static_cast<char>(std::stoi(in.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += in[i];
    }
  }
  return out;
}

std::string DecodeBase64(const std::string& in) {
  static const std::string kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  uint32_t acc = 0;
  int bits = 0;
  for (char ch : in) {
    const size_t v = kAlphabet.find(ch);
    if (v == std::string::npos) continue;  // line breaks, padding
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xFF);
    }
  }
  return out;
}

std::string DecodeBody(const Part& p) {
  auto it = p.headers.find("content-transfer-encoding");
  const std::string enc = it == p.headers.end() ? "" : Lower(it->second);
  if (enc == "quoted-printable") return DecodeQuotedPrintable(p.body);
  if (enc == "base64") return DecodeBase64(p.body);
  return p.body;
}

// The leaf parts of a MIME entity, depth first.
void Leaves(const Part& p, std::vector<Part>* out) {
  auto it = p.headers.find("content-type");
  const std::string type = it == p.headers.end() ? "text/plain" : it->second;
  if (Lower(type).rfind("multipart/", 0) != 0) {
    out->push_back(p);
    return;
  }
  const std::string boundary = "--" + Param(type, "boundary");
  size_t pos = p.body.find(boundary);
  while (pos != std::string::npos) {
    size_t start = pos + boundary.size();
    if (p.body.compare(start, 2, "--") == 0) break;
    const size_t next = p.body.find(boundary, start);
    std::string piece = p.body.substr(start, next == std::string::npos ? std::string::npos : next - start);
    if (piece.rfind("\r\n", 0) == 0) piece.erase(0, 2);
    else if (piece.rfind("\n", 0) == 0) piece.erase(0, 1);
    Leaves(SplitHeaders(piece), out);
    pos = next;
  }
}

struct Mail {
  std::string file;
  std::map<std::string, std::string> headers;
  std::string text;          // the decoded text/plain part
  std::vector<Part> leaves;  // every leaf part, still encoded
};

std::vector<Mail> ReadMails(const std::string& data_dir) {
  std::vector<Mail> out;
  const fs::path dir = fs::path(data_dir) / "mail";
  std::error_code ec;
  if (!fs::exists(dir, ec)) return out;
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.path().extension() == ".eml") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    Part top = SplitHeaders(ss.str());
    Mail m;
    m.file = f.string();
    m.headers = top.headers;
    Leaves(top, &m.leaves);
    for (const Part& leaf : m.leaves) {
      auto ct = leaf.headers.find("content-type");
      if (ct == leaf.headers.end() || Lower(ct->second).rfind("text/plain", 0) == 0) {
        m.text = DecodeBody(leaf);
        break;
      }
    }
    out.push_back(std::move(m));
  }
  return out;
}

// Waits for a mail to `to` whose text matches `re`; returns the match's first group and the mail.
std::pair<std::string, Mail> WaitForMail(const std::string& data_dir, const std::string& to, const std::regex& re,
                                         int seconds = 30) {
  const auto deadline = Clock::now() + std::chrono::seconds(seconds);
  while (Clock::now() < deadline) {
    for (const Mail& m : ReadMails(data_dir)) {
      auto it = m.headers.find("to");
      if (it == m.headers.end() || Lower(it->second).find(Lower(to)) == std::string::npos) continue;
      std::smatch match;
      if (std::regex_search(m.text, match, re)) return {match.size() > 1 ? match[1].str() : match[0].str(), m};
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return {"", Mail{}};
}

bool HaveZbarimg() { return std::system("command -v zbarimg >/dev/null 2>&1") == 0; }

std::string Zbarimg(const std::string& path) {
  const std::string command = "zbarimg --raw -q '" + path + "' 2>/dev/null";
  std::string out;
  if (FILE* p = popen(command.c_str(), "r")) {
    char buf[512];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
    pclose(p);
  }
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

// Starts `serve` on an ephemeral port; returns the port (0 when it did not come up).
int StartServe(Child& server) {
  auto m = server.WaitFor(std::regex("listening on http://127\\.0\\.0\\.1:(\\d+)"), 60);
  if (m.empty()) return 0;
  return std::stoi(m[1].str());
}

}  // namespace

TEST_CASE("binary: register, order, pay, get the QR by mail, check in, stop on SIGTERM") {
  TempDir tmp;
  const std::string data = tmp.path() + "/data";
  Child server({"serve", "--data", data, "--listen", "127.0.0.1:0"}, kEnv);
  const int port = StartServe(server);
  REQUIRE_MESSAGE(port > 0, server.Output());
  CHECK(server.Output().find("/setup?token=") != std::string::npos);  // no admin yet
  Api api(port);

  // The operator makes the first admin from the command line while the server runs.
  auto [admin_rc, admin_out] =
      Run({"admin", "create", "--data", data, "--email", "chair@example.org", "--password", "chair password 1"});
  const std::string& admin_log = admin_out;
  REQUIRE_MESSAGE(admin_rc == 0, admin_log);
  const std::string admin = api.Login("chair@example.org", "chair password 1");

  // Three people sign up and confirm from the mail's link.
  struct Person {
    std::string email, password, name;
    int64_t id = 0;
    std::string token = {};
  };
  std::vector<Person> people = {{"sari@example.org", "sari password 1", "Sari Wulandari"},
                                {"dimas@example.org", "dimas password 1", "Dimas Pratama"},
                                {"rani@example.org", "rani password 1", "Rani Putri"}};
  for (Person& p : people) {
    Answer reg = api.Call("POST", "/api/v1/auth/register",
                          {{"email", p.email}, {"password", p.password}, {"name", p.name}});
    REQUIRE_MESSAGE(reg.status == 201, reg.raw);
    p.id = reg.body["id"].get<int64_t>();
    // Not confirmed yet: the login is refused.
    CHECK(api.Call("POST", "/api/v1/auth/login", {{"email", p.email}, {"password", p.password}}).status == 403);
    auto [token, mail] = WaitForMail(data, p.email, std::regex("/account/confirm\\?token=([A-Za-z0-9_-]+)"));
    REQUIRE_MESSAGE(!token.empty(), "no confirmation mail for ", p.email, "\n", server.Output());
    Answer confirm = api.Call("POST", "/api/v1/auth/confirm", {{"token", token}});
    REQUIRE_MESSAGE(confirm.status == 200, confirm.raw);
  }
  Person& sari = people[0];
  Person& dimas = people[1];
  Person& rani = people[2];
  // The admin gives the roles.
  REQUIRE(api.Call("PATCH", "/api/v1/users/" + std::to_string(sari.id), {{"role", "organizer"}}, admin).status ==
          200);
  REQUIRE(api.Call("PATCH", "/api/v1/users/" + std::to_string(dimas.id), {{"role", "staff"}}, admin).status == 200);
  for (Person& p : people) p.token = api.Login(p.email, p.password);

  // The organizer publishes an event with a paid ticket type.
  const int64_t start = NowSeconds() + 14 * 86400;
  Answer ev = api.Call("POST", "/api/v1/events",
                       {{"title", "Bandung Tech Meetup"}, {"venue", "Aula Barat"}, {"city", "Bandung"},
                        {"starts_at", FormatRfc3339(start)}, {"ends_at", FormatRfc3339(start + 8 * 3600)}},
                       sari.token);
  REQUIRE_MESSAGE(ev.status == 201, ev.raw);
  const int64_t event_id = ev.body["id"].get<int64_t>();
  const std::string ev_path = "/api/v1/events/" + std::to_string(event_id);
  Answer type = api.Call("POST", ev_path + "/ticket-types",
                         {{"name", "Regular"}, {"kind", "paid"}, {"price", 150000}, {"quota", 100}}, sari.token);
  REQUIRE_MESSAGE(type.status == 201, type.raw);
  REQUIRE(api.Call("POST", ev_path + "/submit", json::object(), sari.token).body["status"] == "published");

  // The attendee orders, is told how to pay, and uploads the transfer receipt.
  Answer order = api.Call("POST", "/api/v1/orders",
                          {{"event_id", event_id},
                           {"items", {{{"ticket_type_id", type.body["id"]}, {"quantity", 1}}}}},
                          rani.token);
  REQUIRE_MESSAGE(order.status == 201, order.raw);
  CHECK(order.body["status"] == "pending");
  const int64_t order_id = order.body["id"].get<int64_t>();
  const std::string order_code = order.body["code"];
  auto [placed_code, placed] = WaitForMail(data, rani.email, std::regex("(" + order_code + ")"));
  CHECK_MESSAGE(placed_code == order_code, "order_placed mail with the order code");
  CHECK(placed.text.find("150.000") != std::string::npos);
  Answer proof = api.Upload("/api/v1/orders/" + std::to_string(order_id) + "/payment-proofs",
                            QrPng("BCA 150000 " + order_code), rani.token);
  REQUIRE_MESSAGE(proof.status == 201, proof.raw);

  // The desk confirms: the order is paid and its ticket issued.
  Answer paid = api.Call("POST", "/api/v1/orders/" + std::to_string(order_id) + "/confirm-payment",
                         {{"amount_received", 150000}}, dimas.token);
  REQUIRE_MESSAGE(paid.status == 200, paid.raw);
  CHECK(paid.body["status"] == "paid");
  REQUIRE(paid.body["tickets"].size() == 1);
  const std::string code = paid.body["tickets"][0]["code"];
  const int64_t ticket_id = paid.body["tickets"][0]["id"].get<int64_t>();

  // The `tickets` mail links the ticket page and carries the QR as an inline PNG.
  auto [link, tickets_mail] =
      WaitForMail(data, rani.email, std::regex("(/account/tickets/" + std::to_string(ticket_id) + ")"));
  REQUIRE_MESSAGE(!link.empty(), "no tickets mail\n", server.Output());
  const std::string tickets_file = tickets_mail.file;
  std::string png;
  for (const Part& leaf : tickets_mail.leaves) {
    auto ct = leaf.headers.find("content-type");
    if (ct != leaf.headers.end() && Lower(ct->second).rfind("image/png", 0) == 0) {
      REQUIRE(leaf.headers.count("content-disposition") == 1);
      CHECK(Lower(leaf.headers.at("content-disposition")).rfind("inline", 0) == 0);
      CHECK(leaf.headers.count("content-id") == 1);
      png = DecodeBase64(leaf.body);
    }
  }
  REQUIRE_MESSAGE(png.rfind("\x89PNG\r\n\x1a\n", 0) == 0, "no inline PNG in ", tickets_file);
  if (HaveZbarimg()) {
    const std::string png_path = tmp.path() + "/ticket.png";
    std::ofstream(png_path, std::ios::binary) << png;
    CHECK(Zbarimg(png_path) == code);
  } else {
    MESSAGE("zbarimg not installed (Debian package zbar-tools): QR decode check skipped");
  }

  // At the door: in once, refused the second time.
  Answer in = api.Call("POST", "/api/v1/checkin", {{"code", code}, {"event_id", event_id}}, dimas.token);
  CHECK_MESSAGE(in.status == 200, in.raw);
  CHECK(in.body["result"] == "ok");
  CHECK(in.body["holder_name"] == "Rani Putri");
  Answer again = api.Call("POST", "/api/v1/checkin", {{"code", code}, {"event_id", event_id}}, dimas.token);
  CHECK(again.status == 409);
  CHECK(again.body["code"] == "already_checked_in");
  CHECK(again.body["first_checked_in_at"] == in.body["checked_in_at"]);

  server.Signal(SIGTERM);
  CHECK(server.Wait(30) == 0);
  CHECK(server.Output().find("stopped cleanly") != std::string::npos);
}

TEST_CASE("demo: builds every order state through the services, once") {
  TestServer s;
  auto first = demo::Create(s.app());
  REQUIRE_MESSAGE(first.ok(), (first.ok() ? "" : first.error().message));
  CHECK(first->created);
  CHECK(first->event_title.rfind("Bandung Tech Meetup 20", 0) == 0);
  CHECK(first->orders_by_status == std::map<std::string, int64_t>{
                                       {"pending", 3}, {"paid", 5}, {"expired", 1}, {"cancelled", 1}, {"refunded", 2}});
  CHECK(first->tickets_sold == 3);
  CHECK(first->checked_in == 1);
  CHECK(first->logins.size() == demo::Logins().size());
  const int64_t starts = *ParseRfc3339(first->event_starts_at);
  CHECK(starts > NowSeconds() + 14 * 86400);
  CHECK(starts < NowSeconds() + 28 * 86400);

  auto count = [&](const char* sql) { return storage::ScalarInt(s.app().db().Reader(), sql).value_or(-1); };
  CHECK(count("SELECT COUNT(*) FROM events WHERE status = 'published'") == 1);
  CHECK(count("SELECT COUNT(DISTINCT kind) FROM ticket_types") == 3);
  CHECK(count("SELECT COUNT(*) FROM ticket_types") == 4);
  CHECK(count("SELECT COUNT(*) FROM tickets WHERE status = 'valid'") == 3);
  CHECK(count("SELECT COUNT(*) FROM tickets WHERE status = 'void'") == 1);
  CHECK(count("SELECT COUNT(*) FROM tickets WHERE checked_in_at IS NOT NULL") == 1);
  CHECK(count("SELECT COUNT(*) FROM payment_proofs WHERE status = 'submitted'") == 1);
  CHECK(count("SELECT COUNT(*) FROM payment_proofs WHERE status = 'rejected'") == 1);
  CHECK(count("SELECT COUNT(*) FROM payment_proofs WHERE status = 'accepted'") == 2);
  CHECK(count("SELECT COUNT(*) FROM users WHERE email_confirmed_at IS NOT NULL") == 13);
  // The hackathon: one team in every state, fee orders among the orders above, submissions.
  CHECK(count("SELECT COUNT(*) FROM competitions") == 1);
  CHECK(count("SELECT COUNT(DISTINCT status) FROM teams") == 6);
  CHECK(count("SELECT COUNT(*) FROM teams WHERE order_id IS NOT NULL") == 5);
  CHECK(count("SELECT COUNT(*) FROM team_submissions") == 5);
  CHECK(count("SELECT COUNT(*) FROM users WHERE role = 'organizer'") == 1);
  CHECK(count("SELECT COUNT(*) FROM users WHERE role = 'staff'") == 1);
  // The programme: six sessions in three rooms; the one-seat workshop is full with a waitlist.
  CHECK(count("SELECT COUNT(*) FROM sessions") == 6);
  CHECK(count("SELECT COUNT(DISTINCT room) FROM sessions") == 3);
  CHECK(count("SELECT COUNT(*) FROM sessions WHERE capacity = 1 AND registered = 1") == 1);
  CHECK(count("SELECT COUNT(*) FROM session_registrations WHERE status = 'waitlisted'") == 1);
  // The quota counters agree with the orders.
  CHECK(count("SELECT COUNT(*) FROM ticket_types t WHERE t.sold + t.pending != (SELECT COALESCE(SUM(i.quantity), 0) "
              "FROM order_items i JOIN orders o ON o.id = i.order_id WHERE i.ticket_type_id = t.id "
              "AND o.status IN ('pending', 'paid'))") == 0);
  // The mails real use would send are queued.
  for (const char* kind : {"order_placed", "payment_received", "tickets", "payment_rejected", "order_expired",
                           "order_cancelled", "order_refunded", "session_registered"}) {
    INFO("mail kind ", kind);
    CHECK(storage::ScalarInt(s.app().db().Reader(), "SELECT COUNT(*) FROM mail_outbox WHERE kind = ?", kind)
              .value_or(0) > 0);
  }
  // Each demo login works over HTTP.
  for (const auto& login : demo::Logins()) {
    INFO("login ", login.email);
    CHECK(s.Post("/api/v1/auth/login", {{"email", login.email}, {"password", login.password}}).status == 200);
  }

  // A second run changes nothing and describes the same demo.
  const int64_t orders_before = count("SELECT COUNT(*) FROM orders");
  auto second = demo::Create(s.app());
  REQUIRE(second.ok());
  CHECK_FALSE(second->created);
  CHECK(second->event_id == first->event_id);
  CHECK(second->orders_by_status == first->orders_by_status);
  CHECK(count("SELECT COUNT(*) FROM orders") == orders_before);
  CHECK(count("SELECT COUNT(*) FROM users") == 13);
  const std::string text = demo::Describe(*second, "http://127.0.0.1:8080");
  CHECK(text.find("exists already") != std::string::npos);
  CHECK(text.find("demo-organizer@example.org") != std::string::npos);
  CHECK(text.find("http://127.0.0.1:8080/account/login") != std::string::npos);
}

TEST_CASE("demo: refuses a data directory that holds real events") {
  TestServer s;
  TestUser org = s.MakeUser("organizer");
  const int64_t start = NowSeconds() + 86400;
  REQUIRE(s.Post("/api/v1/events",
                 {{"title", "Real Event"}, {"starts_at", FormatRfc3339(start)}, {"ends_at", FormatRfc3339(start + 60)}},
                 org.token)
              .status == 201);
  auto r = demo::Create(s.app());
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == "invalid_state");
  CHECK(storage::ScalarInt(s.app().db().Reader(), "SELECT COUNT(*) FROM users").value_or(0) == 1);
}

TEST_CASE("binary: lanyard demo fills a data directory once and its logins work") {
  TempDir tmp;
  const std::string data = tmp.path() + "/demo";
  auto [rc, out] = Run({"demo", "--data", data});
  const std::string& log = out;
  REQUIRE_MESSAGE(rc == 0, log);
  CHECK(out.find("Demo created") != std::string::npos);
  CHECK(out.find("Bandung Tech Meetup") != std::string::npos);
  for (const auto& login : demo::Logins()) {
    CHECK_MESSAGE(out.find(login.email) != std::string::npos, login.email);
    CHECK_MESSAGE(out.find(login.password) != std::string::npos, login.password);
  }
  CHECK(out.find("3 pending, 5 paid, 1 expired, 1 cancelled, 2 refunded") != std::string::npos);
  auto [rc2, out2] = Run({"demo", "--data", data});
  const std::string& log2 = out2;
  CHECK_MESSAGE(rc2 == 0, log2);
  CHECK(out2.find("exists already") != std::string::npos);
  CHECK(out2.find("3 pending, 5 paid, 1 expired, 1 cancelled, 2 refunded") != std::string::npos);

  // Served, the demo is what the pages will show.
  Child server({"serve", "--data", data, "--listen", "127.0.0.1:0"}, kEnv);
  const int port = StartServe(server);
  REQUIRE_MESSAGE(port > 0, server.Output());
  Api api(port);
  const auto& logins = demo::Logins();
  const std::string organizer = api.Login(logins[0].email, logins[0].password);
  Answer events = api.Call("GET", "/api/v1/events");
  REQUIRE(events.body["items"].size() == 1);
  const std::string ev_path = "/api/v1/events/" + std::to_string(events.body["items"][0]["id"].get<int64_t>());
  for (const auto& entry : std::map<std::string, int>{
           {"pending", 3}, {"paid", 5}, {"expired", 1}, {"cancelled", 1}, {"refunded", 2}}) {
    const std::string& status = entry.first;
    const int n = entry.second;
    INFO("status ", status);
    CHECK(api.Call("GET", ev_path + "/orders?status=" + status, json(), organizer).body["total"] == n);
  }
  CHECK(api.Call("GET", ev_path + "/orders?awaiting_review=true", json(), organizer).body["total"] == 1);
  Answer stats = api.Call("GET", ev_path + "/stats", json(), organizer);
  CHECK(stats.body["tickets_sold"] == 3);
  CHECK(stats.body["checked_in"] == 1);
  Answer types = api.Call("GET", ev_path + "/ticket-types");
  CHECK(types.body["total"] == 4);
  const std::string staff = api.Login(logins[1].email, logins[1].password);
  CHECK(api.Call("GET", ev_path + "/orders", json(), staff).body["total"] == 12);
  server.Signal(SIGTERM);
  CHECK(server.Wait(30) == 0);
}
