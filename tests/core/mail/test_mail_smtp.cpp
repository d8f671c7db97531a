// SmtpTransport against a real SMTP server (tests/e2e/smtp_server.py, aiosmtpd under Debian's
// /usr/bin/python3). Skipped with a message when that interpreter or aiosmtpd is missing.
#include <dirent.h>
#include <doctest/doctest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "core/mail/mail_message.h"
#include "core/mail/mail_outbox.h"
#include "core/mail/mail_sender.h"
#include "core/mail/mail_transport.h"
#include "core/common/time_util.h"
#include "storage/database.h"
#include "storage/mail_repo.h"
#include "tests/support/temp_dir.h"

extern char** environ;

using namespace lanyard;

namespace {

std::string ScriptPath() {
  return std::string(LANYARD_SOURCE_DIR) + "/tests/e2e/smtp_server.py";
}

bool HaveAiosmtpd() {
  return access("/usr/bin/python3", X_OK) == 0 &&
         system("/usr/bin/python3 -c 'import aiosmtpd' >/dev/null 2>&1") == 0;
}

// Runs smtp_server.py until destroyed; port() is where it listens.
class SmtpServer {
 public:
  SmtpServer(const std::string& dir, std::vector<std::string> extra = {}, int port = 0) {
    int fds[2];
    REQUIRE(pipe(fds) == 0);
    std::vector<std::string> args = {"/usr/bin/python3", ScriptPath(),        "--dir", dir,
                                     "--port",           std::to_string(port)};
    for (auto& a : extra) args.push_back(a);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
    posix_spawn_file_actions_addclose(&actions, fds[0]);
    REQUIRE(posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ) == 0);
    posix_spawn_file_actions_destroy(&actions);
    close(fds[1]);
    std::string line;
    char c;
    while (read(fds[0], &c, 1) == 1 && c != '\n') line += c;
    close(fds[0]);
    const size_t colon = line.rfind(':');
    REQUIRE_MESSAGE(line.find("SMTP listening on") == 0, line);
    port_ = std::stoi(line.substr(colon + 1));
  }
  ~SmtpServer() { StopNow(); }
  void StopNow() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      int status = 0;
      waitpid(pid_, &status, 0);
      pid_ = -1;
    }
  }
  int port() const { return port_; }

 private:
  pid_t pid_ = -1;
  int port_ = 0;
};

std::vector<std::string> Messages(const std::string& dir) {
  std::vector<std::string> out;
  if (DIR* d = opendir(dir.c_str())) {
    while (dirent* e = readdir(d)) {
      std::string name = e->d_name;
      if (name.size() > 4 && name.substr(name.size() - 4) == ".eml")
        out.push_back(dir + "/" + name);
    }
    closedir(d);
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

OutgoingMail Sample(const std::string& to = "rcpt@example.org") {
  MailMessage m;
  m.from = {"Desk", "desk@example.org"};
  m.to = {"Rani", to};
  m.subject = "Héllo over SMTP";
  m.text = "line one\n.dot line\nline three";
  m.html = "<p>hi</p>";
  m.message_id = "smtp-test@example.org";
  m.date = 1780304400;
  OutgoingMail mail;
  mail.outbox_id = 1;
  mail.envelope_from = "desk@example.org";
  mail.recipients = {to};
  mail.message_id = m.message_id;
  mail.mime = BuildMime(m);
  return mail;
}

}  // namespace

TEST_CASE("smtp transport: delivers with credentials from the URL") {
  if (!HaveAiosmtpd()) {
    MESSAGE("skipped: /usr/bin/python3 with aiosmtpd is not available");
    return;
  }
  testing::TempDir dir;
  SmtpServer server(dir.File("in"), {"--auth", "mailer@example.org:s3cr:et"});
  SmtpOptions options;
  options.url = "smtp://mailer%40example.org:s3cr%3Aet@127.0.0.1:" + std::to_string(server.port());
  SmtpTransport transport(options);
  const OutgoingMail mail = Sample();
  SendResult r = transport.Send(mail);
  CHECK_MESSAGE(r.ok, r.error);
  const auto files = Messages(dir.File("in"));
  REQUIRE(files.size() == 1);
  const std::string received = Slurp(files[0]);
  // The server got the message intact (dot-stuffing undone, CRLF kept).
  CHECK(received.find(mail.mime.substr(0, mail.mime.size() - 2)) == 0);
  const std::string meta = Slurp(files[0].substr(0, files[0].size() - 4) + ".json");
  CHECK(meta.find("\"mail_from\": \"desk@example.org\"") != std::string::npos);
  CHECK(meta.find("\"rcpt_tos\": [\"rcpt@example.org\"]") != std::string::npos);
  CHECK(meta.find("\"auth_user\": \"mailer@example.org\"") != std::string::npos);
}

TEST_CASE("smtp transport: the settings password replaces the URL's, a wrong one is transient") {
  if (!HaveAiosmtpd()) {
    MESSAGE("skipped: /usr/bin/python3 with aiosmtpd is not available");
    return;
  }
  testing::TempDir dir;
  SmtpServer server(dir.File("in"), {"--auth", "u:right"});
  SmtpOptions options;
  options.url = "smtp://u:wrong@127.0.0.1:" + std::to_string(server.port());
  SendResult bad = SmtpTransport(options).Send(Sample());
  CHECK_FALSE(bad.ok);
  CHECK_FALSE(bad.permanent);
  CHECK(bad.error.find("wrong") == std::string::npos);  // no credentials in errors
  options.password = "right";
  SendResult good = SmtpTransport(options).Send(Sample());
  CHECK_MESSAGE(good.ok, good.error);
  CHECK(Messages(dir.File("in")).size() == 1);
}

TEST_CASE("smtp transport: a refused recipient is permanent, a dead server is not") {
  if (!HaveAiosmtpd()) {
    MESSAGE("skipped: /usr/bin/python3 with aiosmtpd is not available");
    return;
  }
  testing::TempDir dir;
  int port = 0;
  {
    SmtpServer server(dir.File("in"), {"--reject-rcpt", "nobody"});
    port = server.port();
    SmtpOptions options;
    options.url = "smtp://127.0.0.1:" + std::to_string(port);
    SendResult refused = SmtpTransport(options).Send(Sample("nobody@example.org"));
    CHECK_FALSE(refused.ok);
    CHECK(refused.permanent);
    CHECK(refused.error.find("550") != std::string::npos);
  }
  SmtpOptions options;
  options.url = "smtp://127.0.0.1:" + std::to_string(port);
  options.connect_timeout_seconds = 3;
  SendResult down = SmtpTransport(options).Send(Sample());
  CHECK_FALSE(down.ok);
  CHECK_FALSE(down.permanent);
  CHECK_FALSE(down.error.empty());

  options.url = "http://127.0.0.1:1";
  CHECK_FALSE(SmtpTransport(options).Send(Sample()).ok);
  CHECK(RedactSmtpUrl("smtp://u:secret@h:25") == "smtp://u:***@h:25");
  CHECK(RedactSmtpUrl("smtps://h:465") == "smtps://h:465");
}

TEST_CASE("smtp transport: the sender retries while the server is down and delivers after") {
  if (!HaveAiosmtpd()) {
    MESSAGE("skipped: /usr/bin/python3 with aiosmtpd is not available");
    return;
  }
  testing::TempDir dir;
  storage::Database db(storage::DatabaseOptions{dir.File("db.sqlite")});
  int port = 0;
  {
    SmtpServer probe(dir.File("probe"));
    port = probe.port();
  }  // a port that is now closed
  int64_t now = 1780304400;
  int64_t id = 0;
  db.Write([&](storage::Conn& c) {
    id = QueueMailAt(
        c, "password_reset", "ana@example.org", "Ana", "en",
        {{"reset_url", "https://x.org/account/reset?token=R"}, {"token", "R"}, {"code", "123456"}},
        FormatRfc3339(now));
    return true;
  });
  MailSenderOptions options;
  options.clock = [&] { return now; };
  MailSettings settings;
  settings.transport = "smtp";
  settings.smtp_url = "smtp://127.0.0.1:" + std::to_string(port);
  MailSender sender(
      db, [&] { return settings; }, options);
  CHECK(sender.RunOnce() == 1);
  auto row = storage::FindMail(db.Reader(), id);
  CHECK(row->status == "queued");
  CHECK(row->attempts == 1);
  CHECK_FALSE(row->last_error.value_or("").empty());

  SmtpServer server(dir.File("in"), {}, port);
  now += 60;
  CHECK(sender.RunOnce() == 1);
  row = storage::FindMail(db.Reader(), id);
  CHECK(row->status == "sent");
  const auto files = Messages(dir.File("in"));
  REQUIRE(files.size() == 1);
  // Header names are case-insensitive (GMime writes Message-Id).
  std::string received = Slurp(files[0]);
  std::transform(received.begin(), received.end(), received.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  std::string want = "message-id: <" + row->message_id.value_or("?") + ">";
  std::transform(want.begin(), want.end(), want.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  CHECK(received.find(want) != std::string::npos);
}
