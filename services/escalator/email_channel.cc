#include "services/escalator/email_channel.h"

#include <curl/curl.h>

#include <cstdlib>
#include <cstring>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/time/time.h"
#include "common/core/proto_time.h"

namespace giamsat::escalator {
namespace {

std::string Env(const std::string& name) {
  if (name.empty()) return "";
  const char* v = std::getenv(name.c_str());
  return v == nullptr ? "" : v;
}

struct Reader {
  const std::string* data;
  size_t pos = 0;
};

size_t ReadPayload(char* buffer, size_t size, size_t nitems, void* user) {
  auto* r = static_cast<Reader*>(user);
  const size_t n = std::min(size * nitems, r->data->size() - r->pos);
  std::memcpy(buffer, r->data->data() + r->pos, n);
  r->pos += n;
  return n;
}

}  // namespace

std::string EmailMessage(const EmailConfig& config, const v1::Notification& n,
                         const escalation::Contact& contact) {
  const std::string date =
      absl::FormatTime("%a, %d %b %Y %H:%M:%S +0000",
                       core::FromProto(n.created_at()), absl::UTCTimeZone());
  // The notification id may hold '|' and '/': fine in a Message-ID's local
  // part, but not spaces or '@'.
  const std::string message_id = absl::StrReplaceAll(
      n.notification_id(), {{" ", "_"}, {"@", "_"}, {"<", "_"}, {">", "_"}});
  return absl::StrCat(
      "Date: ", date, "\r\n", "From: ", config.from, "\r\n",
      "To: ", contact.email, "\r\n", "Message-ID: <", message_id,
      "@giamsat>\r\n", "X-Giamsat-Notification-Id: ", n.notification_id(),
      "\r\n", "Subject: [Giam sat] ", n.rule_id(), " ", n.unit_id(), "\r\n",
      "MIME-Version: 1.0\r\n",
      "Content-Type: text/plain; charset=utf-8\r\n"
      "Content-Transfer-Encoding: 8bit\r\n\r\n",
      n.summary(), "\r\n\r\n", "Notification: ", n.notification_id(), "\r\n",
      "Level: ", n.level(), "\r\n", "Alerts: ", n.alert_ids_size(), "\r\n",
      "Subjects: ", n.subject_ids(), "\r\n");
}

absl::StatusOr<std::unique_ptr<EmailChannel>> EmailChannel::Create(
    const EmailConfig& config) {
  if (!absl::StartsWith(config.smtp_url, "smtp://") &&
      !absl::StartsWith(config.smtp_url, "smtps://")) {
    return absl::InvalidArgumentError(
        "email.smtp_url: must start with smtp:// or smtps://");
  }
  if (config.from.find('@') == std::string::npos) {
    return absl::InvalidArgumentError("email.from: not an e-mail address");
  }
  curl_global_init(CURL_GLOBAL_DEFAULT);
  return std::unique_ptr<EmailChannel>(new EmailChannel(
      config, Env(config.username_env), Env(config.password_env)));
}

absl::Status EmailChannel::Deliver(const v1::Notification& notification,
                                   const escalation::Contact& contact) {
  const std::string message = EmailMessage(config_, notification, contact);
  Reader reader{&message};
  CURL* curl = curl_easy_init();
  if (curl == nullptr) return absl::UnavailableError("email: curl init");
  const std::string from = "<" + config_.from + ">";
  const std::string to = "<" + contact.email + ">";
  curl_slist* rcpt = curl_slist_append(nullptr, to.c_str());
  curl_easy_setopt(curl, CURLOPT_URL, config_.smtp_url.c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
  curl_easy_setopt(curl, CURLOPT_READFUNCTION, ReadPayload);
  curl_easy_setopt(curl, CURLOPT_READDATA, &reader);
  curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS,
                   static_cast<long>(config_.timeout_ms));
  if (config_.starttls) {
    curl_easy_setopt(curl, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
  }
  if (!username_.empty()) {
    curl_easy_setopt(curl, CURLOPT_USERNAME, username_.c_str());
    curl_easy_setopt(curl, CURLOPT_PASSWORD, password_.c_str());
  }
  const CURLcode rc = curl_easy_perform(curl);
  long reply = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &reply);
  curl_slist_free_all(rcpt);
  curl_easy_cleanup(curl);
  if (rc == CURLE_OK) return absl::OkStatus();
  const std::string what =
      absl::StrCat("email to ", contact.email, ": ", curl_easy_strerror(rc),
                   reply > 0 ? absl::StrCat(" (SMTP ", reply, ")") : "");
  const bool permanent = rc == CURLE_LOGIN_DENIED ||
                         rc == CURLE_URL_MALFORMAT ||
                         (reply >= 500 && reply < 600);
  return permanent ? absl::FailedPreconditionError(what)
                   : absl::UnavailableError(what);
}

}  // namespace giamsat::escalator
