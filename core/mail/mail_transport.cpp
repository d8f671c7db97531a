#include "core/mail/mail_transport.h"

#include <curl/curl.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <iostream>
#include <mutex>

namespace lanyard {

namespace {

std::string ErrnoText(const std::string& what) { return what + ": " + std::strerror(errno); }

bool WriteAll(int fd, const std::string& data) {
  size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    done += static_cast<size_t>(n);
  }
  return true;
}

// 20260601T090000.123Z: sorts in time order as text.
std::string FileTimestamp() {
  const auto now = std::chrono::system_clock::now();
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  const time_t secs = static_cast<time_t>(ms / 1000);
  struct tm tm {};
  gmtime_r(&secs, &tm);
  char buf[40];
  snprintf(buf, sizeof buf, "%04d%02d%02dT%02d%02d%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
           tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms % 1000));
  return buf;
}

void GlobalCurlInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct CurlDeleter {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct CurlUrlDeleter {
  void operator()(CURLU* u) const { curl_url_cleanup(u); }
};
struct SlistDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

struct ReadState {
  const std::string* data;
  size_t pos;
  const std::function<bool()>* before_commit;  // may be null or empty
  bool committed;
};

size_t ReadBody(char* buffer, size_t size, size_t nitems, void* userdata) {
  auto* state = static_cast<ReadState*>(userdata);
  const size_t room = size * nitems;
  const size_t left = state->data->size() - state->pos;
  const size_t n = left < room ? left : room;
  if (n == 0 && !state->committed) {
    // libcurl asks for more only once everything given before is written to the socket: the
    // whole message is out, the end of DATA is all that is left to send, and the server can
    // only accept the mail after it. (A process killed between the hand-over mark and the end
    // of DATA loses the mail: the mark says it was handed over. This keeps that window to the
    // five bytes of the terminator.)
    state->committed = true;
    if (state->before_commit && *state->before_commit && !(*state->before_commit)()) {
      return CURL_READFUNC_ABORT;
    }
  }
  std::memcpy(buffer, state->data->data() + state->pos, n);
  state->pos += n;
  return n;
}

int Progress(void* clientp, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  const auto* cancel = static_cast<const std::atomic<bool>*>(clientp);
  return (cancel && cancel->load()) ? 1 : 0;
}

std::string UrlPart(CURLU* url, CURLUPart part, unsigned flags = 0) {
  char* value = nullptr;
  if (curl_url_get(url, part, &value, flags) != CURLUE_OK || !value) return "";
  std::string out(value);
  curl_free(value);
  return out;
}

// Recipient-specific refusals; anything else (greylisting, outages, bad login) may heal.
bool IsPermanentSmtpCode(long code) {
  return code == 501 || code == 550 || code == 551 || code == 553;
}

}  // namespace

FileTransport::FileTransport(std::string dir) : dir_(std::move(dir)) {}

SendResult FileTransport::Send(const OutgoingMail& mail) {
  SendResult result;
  if (::mkdir(dir_.c_str(), 0700) != 0 && errno != EEXIST) {
    result.error = ErrnoText("cannot create " + dir_);
    return result;
  }
  const std::string name = FileTimestamp() + "-" + std::to_string(mail.outbox_id) + ".eml";
  const std::string final_path = dir_ + "/" + name;
  const std::string tmp_path = dir_ + "/." + name + ".tmp";
  const int fd = ::open(tmp_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) {
    result.error = ErrnoText("cannot create " + tmp_path);
    return result;
  }
  ::fchmod(fd, 0600);  // whatever the umask
  const bool written = WriteAll(fd, mail.mime) && ::fsync(fd) == 0;
  const std::string write_error = written ? "" : ErrnoText("cannot write " + tmp_path);
  ::close(fd);
  if (!written) {
    ::unlink(tmp_path.c_str());
    result.error = write_error;
    return result;
  }
  if (mail.before_commit && !mail.before_commit()) {
    ::unlink(tmp_path.c_str());
    result.error = "the delivery could not be recorded";
    return result;
  }
  if (::rename(tmp_path.c_str(), final_path.c_str()) != 0) {
    result.error = ErrnoText("cannot rename to " + final_path);
    ::unlink(tmp_path.c_str());
    return result;
  }
  // The rename itself is durable only once the directory is synced.
  const int dir_fd = ::open(dir_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd >= 0) {
    ::fsync(dir_fd);
    ::close(dir_fd);
  }
  result.ok = true;
  return result;
}

SendResult LogTransport::Send(const OutgoingMail& mail) {
  std::string recipients;
  for (const std::string& r : mail.recipients) {
    if (!recipients.empty()) recipients += ", ";
    recipients += r;
  }
  std::cerr << "mail #" << mail.outbox_id << " to " << recipients << " <" << mail.message_id
            << ">: " << mail.subject << "\n"
            << mail.text << (mail.text.empty() || mail.text.back() != '\n' ? "\n" : "")
            << "-- end of mail #" << mail.outbox_id << std::endl;
  SendResult result;
  result.ok = true;
  return result;
}

SmtpTransport::SmtpTransport(SmtpOptions options) : options_(std::move(options)) {}

SendResult SmtpTransport::Send(const OutgoingMail& mail) {
  GlobalCurlInit();
  SendResult result;
  std::unique_ptr<CURLU, CurlUrlDeleter> url(curl_url());
  if (!url || curl_url_set(url.get(), CURLUPART_URL, options_.url.c_str(), 0) != CURLUE_OK) {
    result.error = "the SMTP URL is not valid: " + RedactSmtpUrl(options_.url);
    result.permanent = false;  // a settings problem: the admin can fix it, the mail waits
    return result;
  }
  const std::string scheme = UrlPart(url.get(), CURLUPART_SCHEME);
  if (scheme != "smtp" && scheme != "smtps") {
    result.error = "the SMTP URL must start with smtp:// or smtps://";
    return result;
  }
  const std::string user = UrlPart(url.get(), CURLUPART_USER, CURLU_URLDECODE);
  std::string password = UrlPart(url.get(), CURLUPART_PASSWORD, CURLU_URLDECODE);
  if (!options_.password.empty()) password = options_.password;
  // Credentials go through their own options, never in the URL (which may reach error texts).
  curl_url_set(url.get(), CURLUPART_USER, nullptr, 0);
  curl_url_set(url.get(), CURLUPART_PASSWORD, nullptr, 0);
  const std::string bare_url = UrlPart(url.get(), CURLUPART_URL);

  std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
  if (!curl) {
    result.error = "curl_easy_init failed";
    return result;
  }
  CURL* c = curl.get();
  char error_buffer[CURL_ERROR_SIZE] = {0};
  std::unique_ptr<curl_slist, SlistDeleter> rcpt;
  for (const std::string& r : mail.recipients) {
    curl_slist* next = curl_slist_append(rcpt.get(), ("<" + r + ">").c_str());
    if (!next) {
      result.error = "out of memory";
      return result;
    }
    rcpt.release();
    rcpt.reset(next);
  }
  const std::string from = "<" + mail.envelope_from + ">";
  ReadState state{&mail.mime, 0, &mail.before_commit, false};

  curl_easy_setopt(c, CURLOPT_URL, bare_url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  if (!user.empty()) {
    curl_easy_setopt(c, CURLOPT_USERNAME, user.c_str());
    curl_easy_setopt(c, CURLOPT_PASSWORD, password.c_str());
  }
  if (scheme == "smtp") curl_easy_setopt(c, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_TRY));
  curl_easy_setopt(c, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt.get());
  curl_easy_setopt(c, CURLOPT_READFUNCTION, ReadBody);
  curl_easy_setopt(c, CURLOPT_READDATA, &state);
  curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
  // No CURLOPT_INFILESIZE: with a size libcurl ends the upload when that many bytes are written
  // (dot-stuffing counted), without the last read that runs the hand-over hook; the cost is no
  // SIZE parameter on MAIL FROM (RFC 1870), which servers treat as optional.
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, options_.connect_timeout_seconds);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, options_.timeout_seconds);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);  // we run on a worker thread
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error_buffer);
  if (options_.cancel) {
    curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, Progress);
    curl_easy_setopt(c, CURLOPT_XFERINFODATA, options_.cancel);
  }

  const CURLcode rc = curl_easy_perform(c);
  long response = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &response);
  if (rc == CURLE_OK) {
    result.ok = true;
    return result;
  }
  result.error = std::string("smtp: ") + (error_buffer[0] ? error_buffer : curl_easy_strerror(rc));
  if (response > 0) result.error += " (server replied " + std::to_string(response) + ")";
  result.permanent = rc != CURLE_LOGIN_DENIED && IsPermanentSmtpCode(response);
  return result;
}

std::string RedactSmtpUrl(const std::string& url) {
  const size_t scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return url;
  const size_t host_start = scheme_end + 3;
  const size_t at = url.find('@', host_start);
  const size_t slash = url.find('/', host_start);
  if (at == std::string::npos || (slash != std::string::npos && slash < at)) return url;
  const size_t colon = url.find(':', host_start);
  if (colon == std::string::npos || colon > at) return url;
  return url.substr(0, colon + 1) + "***" + url.substr(at);
}

}  // namespace lanyard
