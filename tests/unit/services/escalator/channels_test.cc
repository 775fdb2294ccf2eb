// The channels' wire formats: HMAC signature (RFC 4231 vector), the
// Alertmanager API v2 body, the e-mail message; and URL checks.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/core/proto_time.h"
#include "nlohmann/json.hpp"
#include "services/escalator/alertmanager_channel.h"
#include "services/escalator/email_channel.h"
#include "services/escalator/webhook_channel.h"

namespace giamsat::escalator {
namespace {

using ::testing::HasSubstr;

v1::Notification Sample(v1::NotificationKind kind) {
  v1::Notification n;
  n.set_notification_id("HN.W.VP|DOSSIER_OVERDUE/1/1/HN.W.VP");
  n.set_kind(kind);
  n.set_level(1);
  n.set_recipient("HN.W.VP");
  n.set_unit_id("HN.W.VP");
  n.set_rule_id("DOSSIER_OVERDUE");
  n.set_severity(v1::SEVERITY_CRITICAL);
  n.set_summary("[critical] DOSSIER_OVERDUE");
  *n.mutable_created_at() = core::ToProto(absl::FromUnixSeconds(1764460800));
  return n;
}

TEST(WebhookTest, SignsWithHmacSha256) {
  EXPECT_EQ(HmacSha256Hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(WebhookTest, RejectsBadUrlsAndMissingSecretsByKey) {
  WebhookConfig c;
  c.url = "ftp://x";
  EXPECT_THAT(WebhookChannel::Create(c).status().message(),
              HasSubstr("webhook.url"));
  c.url = "http://127.0.0.1:1/hook";
  c.secret_env = "GIAMSAT_TEST_SECRET_THAT_IS_NOT_SET";
  EXPECT_THAT(WebhookChannel::Create(c).status().message(),
              HasSubstr("webhook.secret_env"));
}

TEST(WebhookTest, UnreachableReceiverIsRetryable) {
  setenv("GIAMSAT_TEST_WEBHOOK_SECRET", "s", 1);
  WebhookConfig c;
  c.url = "http://127.0.0.1:1/hook";  // nothing listens on port 1
  c.secret_env = "GIAMSAT_TEST_WEBHOOK_SECRET";
  c.timeout_ms = 500;
  auto ch = WebhookChannel::Create(c);
  ASSERT_TRUE(ch.ok()) << ch.status();
  EXPECT_TRUE(
      absl::IsUnavailable((*ch)->Deliver(Sample(v1::NOTIFICATION_FIRING), {})));
}

TEST(AlertmanagerTest, BodyCarriesUnitRuleSeverityLabels) {
  auto body =
      nlohmann::json::parse(AlertmanagerBody(Sample(v1::NOTIFICATION_FIRING)));
  ASSERT_TRUE(body.is_array());
  const auto& labels = body[0]["labels"];
  EXPECT_EQ(labels["alertname"], "DOSSIER_OVERDUE");
  EXPECT_EQ(labels["unit"], "HN.W.VP");
  EXPECT_EQ(labels["rule"], "DOSSIER_OVERDUE");
  EXPECT_EQ(labels["severity"], "critical");
  EXPECT_EQ(body[0]["startsAt"], "2025-11-30T00:00:00+00:00");
  EXPECT_FALSE(body[0].contains("endsAt"));
  auto resolved = nlohmann::json::parse(
      AlertmanagerBody(Sample(v1::NOTIFICATION_RESOLVED)));
  EXPECT_EQ(resolved[0]["endsAt"], "2025-11-30T00:00:00+00:00");
}

TEST(EmailTest, MessageHasTheNotificationIdAndRecipient) {
  EmailConfig c;
  c.from = "giamsat@example.org";
  escalation::Contact to{"VP", "vp@example.org"};
  const std::string m = EmailMessage(c, Sample(v1::NOTIFICATION_FIRING), to);
  EXPECT_THAT(m, HasSubstr("To: vp@example.org\r\n"));
  EXPECT_THAT(m, HasSubstr("X-Giamsat-Notification-Id: "
                           "HN.W.VP|DOSSIER_OVERDUE/1/1/HN.W.VP\r\n"));
  EXPECT_THAT(m, HasSubstr("Subject: [Giam sat] DOSSIER_OVERDUE HN.W.VP"));
  c.smtp_url = "http://x";
  EXPECT_THAT(EmailChannel::Create(c).status().message(),
              HasSubstr("email.smtp_url"));
}

}  // namespace
}  // namespace giamsat::escalator
