#include "services/ingestor/ingestor_config.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/config/config_tree.h"

namespace giamsat::ingestor {
namespace {

using ::testing::HasSubstr;

absl::StatusOr<IngestorConfig> Decode(const std::string& yaml) {
  absl::StatusOr<YAML::Node> tree = config::ParseTree(yaml, "test");
  if (!tree.ok()) return tree.status();
  return DecodeIngestorConfig(*tree);
}

// deploy/config/ingestor.yaml lists every default: decoding it gives the
// built-in defaults, apart from the reference files it points at.
TEST(IngestorConfigTest, ShippedFileListsTheDefaults) {
  absl::StatusOr<YAML::Node> tree = config::LoadTree(
      std::string(GIAMSAT_SOURCE_DIR) + "/deploy/config/ingestor.yaml", {});
  ASSERT_TRUE(tree.ok()) << tree.status();
  absl::StatusOr<IngestorConfig> shipped = DecodeIngestorConfig(*tree);
  ASSERT_TRUE(shipped.ok()) << shipped.status();
  const IngestorConfig d;
  EXPECT_EQ(shipped->units_file, "reference/units.yaml");
  EXPECT_EQ(shipped->procedures_file, "reference/procedures.yaml");
  EXPECT_EQ(d.units_file, "");
  EXPECT_EQ(shipped->kafka.bootstrap, d.kafka.bootstrap);
  EXPECT_EQ(shipped->kafka.delivery_timeout_ms, d.kafka.delivery_timeout_ms);
  EXPECT_EQ(shipped->redis.address, d.redis.address);
  EXPECT_EQ(shipped->redis.key_prefix, d.redis.key_prefix);
  EXPECT_EQ(shipped->metrics.listen, d.metrics.listen);
  EXPECT_EQ(shipped->grpc_listen, d.grpc_listen);
  EXPECT_EQ(shipped->http_listen, d.http_listen);
  EXPECT_EQ(shipped->max_request_bytes, d.max_request_bytes);
  EXPECT_EQ(shipped->max_batch_events, d.max_batch_events);
  EXPECT_EQ(shipped->max_inflight_bytes, d.max_inflight_bytes);
  EXPECT_EQ(shipped->request_timeout_ms, d.request_timeout_ms);
  EXPECT_EQ(shipped->retry_after_seconds, d.retry_after_seconds);
  EXPECT_EQ(shipped->max_concurrent_requests, d.max_concurrent_requests);
  EXPECT_EQ(shipped->max_future_skew_seconds, d.max_future_skew_seconds);
  EXPECT_EQ(shipped->max_id_length, d.max_id_length);
  EXPECT_EQ(shipped->dedup_window_seconds, d.dedup_window_seconds);
  EXPECT_EQ(shipped->enforce_units, d.enforce_units);
  EXPECT_EQ(shipped->enforce_procedures, d.enforce_procedures);
  EXPECT_EQ(shipped->reload_interval_seconds, d.reload_interval_seconds);
  EXPECT_EQ(shipped->pii_drop_fields, d.pii_drop_fields);
  EXPECT_EQ(shipped->pii_hash_fields, d.pii_hash_fields);
  EXPECT_EQ(shipped->pii_hash_key_env, d.pii_hash_key_env);
  EXPECT_EQ(shipped->pii_redact_digit_runs, d.pii_redact_digit_runs);
}

TEST(IngestorConfigTest, BadValuesAndUnknownKeysNameTheKey) {
  absl::Status s = Decode(R"(
limits: {max_inflight_bytes: 10, retry_after_seconds: 0}
dedup: {window_seconds: 0, windw: 3}
pii: {drop_fields: [phone, reason]}
)")
                       .status();
  EXPECT_THAT(s.message(), HasSubstr("limits.max_inflight_bytes"));
  EXPECT_THAT(s.message(), HasSubstr("limits.retry_after_seconds"));
  EXPECT_THAT(s.message(), HasSubstr("dedup.window_seconds"));
  EXPECT_THAT(s.message(), HasSubstr("dedup.windw"));
  EXPECT_THAT(s.message(), HasSubstr("pii.drop_fields"));
  EXPECT_THAT(s.message(), HasSubstr("reason"));
}

TEST(IngestorConfigTest, DerivedSettings) {
  auto c = Decode(R"(
kafka: {delivery_timeout_ms: 20000}
limits: {request_timeout_ms: 3000, retry_after_seconds: 2}
reference: {units_file: ref/u.yaml, procedures_file: /abs/p.yaml,
            enforce_units: false}
)");
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->dedup_pending_ttl(), absl::Seconds(83));
  EXPECT_EQ(c->pipeline().request_timeout, absl::Seconds(3));
  EXPECT_EQ(c->pipeline().retry_after, absl::Seconds(2));
  EXPECT_FALSE(c->validation().enforce_units);
  ResolveRelativePaths(*c, "/etc/giamsat/ingestor.yaml");
  EXPECT_EQ(c->units_file, "/etc/giamsat/ref/u.yaml");
  EXPECT_EQ(c->procedures_file, "/abs/p.yaml");
}

TEST(IngestorConfigTest, HashKeyComesFromTheEnvironment) {
  auto c = Decode("pii: {hash_key_env: GIAMSAT_TEST_PII_KEY_FOR_CONFIG}");
  ASSERT_TRUE(c.ok());
  unsetenv("GIAMSAT_TEST_PII_KEY_FOR_CONFIG");
  EXPECT_EQ(c->pii_policy().hash_key, "");
  setenv("GIAMSAT_TEST_PII_KEY_FOR_CONFIG", "s3cret", 1);
  EXPECT_EQ(c->pii_policy().hash_key, "s3cret");
  unsetenv("GIAMSAT_TEST_PII_KEY_FOR_CONFIG");
}

}  // namespace
}  // namespace giamsat::ingestor
