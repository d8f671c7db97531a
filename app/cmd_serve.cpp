// `lanyard serve`: open the data directory, start the mail sender and the HTTP(S) server, print
// the address (and the first-run setup link), stop cleanly on SIGINT/SIGTERM.
#include <signal.h>

#include <cstdio>
#include <thread>

#include "app/commands.h"
#include "app/systemd_notify.h"
#include "core/ops/backups.h"
#include "core/mail/mail_sender.h"
#include "core/campaigns/campaigns.h"
#include "core/common/instance.h"
#include "core/mail/mail_settings.h"
#include "core/orders/order_scheduler.h"
#include "core/programme/programme_scheduler.h"
#include "core/ops/tls_cert.h"
#include "core/accounts/user_admin.h"
#include "web/server.h"

namespace lanyard::cli {

namespace {

struct ServeOptions {
  std::string listen = "127.0.0.1:8080";
  std::string base_url;
  std::string tls = "off";
  size_t threads = 256;
  int64_t lease_seconds = 60;  // PostgreSQL: the jobs' and mails' leases (core/common/instance.h)
};

// Blocks SIGINT/SIGTERM in every thread and waits for them on one thread that stops the server.
// Tells systemd (when it started us) that the stop has begun.
std::thread StartSignalWatcher(web::HttpServer& server, sigset_t signals, ReadyNotifier& notifier) {
  return std::thread([&server, signals, &notifier] {
    int received = 0;
    sigwait(&signals, &received);
    std::fprintf(stderr, "lanyard: signal %d, finishing in-flight requests\n", received);
    notifier.Stop();
    server.Stop();
  });
}

int Serve(GlobalOptions g, const ServeOptions& o) {
  std::string host;
  int port = 0;
  if (!ParseListen(o.listen, &host, &port)) {
    std::fprintf(stderr, "lanyard: --listen must be HOST:PORT, got '%s'\n", o.listen.c_str());
    return 2;
  }
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);  // before any thread starts
  signal(SIGPIPE, SIG_IGN);

  g.base_url = o.base_url;
  const int lock_fd = LockDataDir(g.data_dir);
  if (lock_fd < 0) {
    std::fprintf(stderr, "lanyard: another lanyard serves %s already\n", g.data_dir.c_str());
    return 1;
  }
  App app(MakeAppOptions(g));
  if (KdfIsFast()) {
    std::fprintf(stderr,
                 "\n*** WARNING: LANYARD_KDF=fast: passwords are hashed with a weak, fast KDF. ***\n"
                 "*** Only for test suites and benchmarks; never for real users.            ***\n\n");
  }

  web::ServerOptions so;
  so.host = host;
  so.port = port;
  so.threads = o.threads;
  so.rate_limits = (*app.settings().Snapshot())["rate_limits"].get<bool>();
  std::string fingerprint;
  if (o.tls == "auto") {
    TlsFiles files = EnsureSelfSignedCertificate(app.data_dir());
    so.tls_cert = files.cert_path;
    so.tls_key = files.key_path;
    fingerprint = files.sha256_fingerprint;
  } else if (o.tls != "off" && !o.tls.empty()) {
    const size_t comma = o.tls.find(',');
    if (comma == std::string::npos) {
      std::fprintf(stderr, "lanyard: --tls must be off, auto or CERT,KEY\n");
      return 2;
    }
    so.tls_cert = o.tls.substr(0, comma);
    so.tls_key = o.tls.substr(comma + 1);
    fingerprint = CertificateFingerprint(so.tls_cert);
  }

  web::HttpServer server(app, so);
  const int bound = server.Bind();
  if (bound < 0) {
    std::fprintf(stderr, "lanyard: cannot listen on %s (in use or not allowed)\n", o.listen.c_str());
    if (port > 0 && port < 1024) {
      std::fprintf(stderr,
                   "lanyard: a port below 1024 needs CAP_NET_BIND_SERVICE; for the packaged service see "
                   "/usr/share/doc/lanyard/examples/low-port.conf\n");
    }
    return 1;
  }
  const std::string scheme = server.tls() ? "https" : "http";
  const std::string shown_host = host == "0.0.0.0" || host == "::" ? "127.0.0.1" : host;
  const std::string url = scheme + "://" + shown_host + ":" + std::to_string(bound);
  app.settings().SetDerivedDefault("base_url", url);
  app.settings().SetListenAddress(host, bound);

  MailSenderOptions mail_options;
  if (app.db().dialect() == storage::Dialect::kPostgres) {
    // Several instances may send from this outbox: leases instead of the local journal.
    SetLeaseSeconds(o.lease_seconds);
    mail_options.instance_id = InstanceId();
    mail_options.lease_seconds = LeaseSeconds();
  } else {
    mail_options.handover_journal = app.data_dir() + "/mail_handover";
  }
  MailSender mail(app.db(), [&app] { return MailSettingsOf(app); }, std::move(mail_options));
  mail.Start();
  OrderScheduler scheduler(app);
  scheduler.Start();
  backups::Scheduler backup_scheduler(app);
  backup_scheduler.Start();
  campaigns::CampaignScheduler campaign_scheduler(app);
  campaign_scheduler.Start();
  programme::ProgrammeScheduler programme_scheduler(app);
  programme_scheduler.Start();

  std::printf("Lanyard %s listening on %s (data: %s)\n", LANYARD_VERSION, url.c_str(),
              app.data_dir().c_str());
  if (!fingerprint.empty()) std::printf("TLS certificate SHA-256 fingerprint: %s\n", fingerprint.c_str());
  if (auto token = user_admin::IssueSetupToken(app)) {
    std::printf(
        "\nNo admin exists yet. Open this one-time link within 30 minutes to create one:\n"
        "  %s/setup?token=%s\n"
        "or run: lanyard admin create --data %s%s --email you@example.org\n\n",
        app.BaseUrl().c_str(), token->c_str(), app.data_dir().c_str(),
        // Without it the command would make an admin in a new SQLite file in --data. The URL
        // may hold a password: name it, do not print it.
        g.db.empty() ? "" : " --db <the same URL as this server>");
  }
  std::fflush(stdout);
  const nlohmann::json admin_view = app.settings().ForAdmin();
  if (admin_view["link_warning"].is_object()) {
    std::fprintf(stderr, "\n*** WARNING: %s ***\n\n",
                 admin_view["link_warning"]["message"].get<std::string>().c_str());
  }

  ReadyNotifier notifier;  // READY=1 to systemd once /api/v1/health answers
  notifier.Start(shown_host, bound, server.tls(), url);
  std::thread watcher = StartSignalWatcher(server, signals, notifier);
  server.Run();
  // Run() returned: either a signal stopped it (the watcher is done) or listening failed.
  pthread_kill(watcher.native_handle(), SIGTERM);
  watcher.join();
  notifier.Stop();
  campaign_scheduler.Stop();
  programme_scheduler.Stop();
  backup_scheduler.Stop();
  scheduler.Stop();
  mail.Stop();
  std::fprintf(stderr, "lanyard: stopped cleanly\n");
  return 0;
}

}  // namespace

void AddServeCommand(CLI::App& root, GlobalOptions& g) {
  auto* cmd = root.add_subcommand("serve", "Start the server");
  static ServeOptions o;
  cmd->add_option("--listen", o.listen, "HOST:PORT to listen on (port 0 picks one)")
      ->envname("LANYARD_LISTEN")
      ->capture_default_str();
  cmd->add_option("--base-url", o.base_url, "Public URL used in mails and links (default: from --listen)")
      ->envname("LANYARD_BASE_URL");
  cmd->add_option("--tls", o.tls, "off, auto (self-signed for the LAN) or CERT,KEY")
      ->envname("LANYARD_TLS")
      ->capture_default_str();
  cmd->add_option("--threads", o.threads, "HTTP worker threads (one per open connection)")
      ->envname("LANYARD_THREADS")
      ->capture_default_str();
  cmd->add_option("--lease-seconds", o.lease_seconds,
                  "PostgreSQL: how long an instance holds the mails and jobs it took; a stopped "
                  "instance's are taken over after this")
      ->envname("LANYARD_LEASE_SECONDS")
      ->check(CLI::Range(int64_t{1}, int64_t{3600}))
      ->capture_default_str();
  cmd->callback([&g] {
    const int code = Serve(g, o);
    if (code != 0) throw CLI::RuntimeError(code);
  });
}

}  // namespace lanyard::cli
