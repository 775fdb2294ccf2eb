// giamsat-standalone's config: the services' own sections under their
// names, the process's storage section, strict errors naming the key, and
// an effective config that is accepted back.
#include "services/standalone/standalone_config.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/config/config_tree.h"

namespace giamsat::standalone {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

absl::StatusOr<StandaloneConfig> Decode(const std::string& yaml,
                                        std::string* effective = nullptr) {
  auto tree = config::ParseTree(yaml, "test");
  EXPECT_TRUE(tree.ok()) << tree.status();
  return DecodeStandaloneConfig(*tree, effective);
}

TEST(StandaloneConfigTest, DefaultsAreThoseOfEachService) {
  auto c = Decode("{}");
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->storage.data_dir, "giamsat-data");
  EXPECT_EQ(c->storage.partitions, 3);
  EXPECT_TRUE(c->storage.sync_writes);
  EXPECT_EQ(c->metrics.listen, "127.0.0.1:9464");
  EXPECT_EQ(c->ingestor.grpc_listen, "127.0.0.1:50051");
  EXPECT_EQ(c->query.grpc_listen, "127.0.0.1:50052");
  EXPECT_EQ(c->escalator.grpc_listen, "127.0.0.1:50053");
  EXPECT_EQ(c->rules.max_batch_records, 500);
}

TEST(StandaloneConfigTest, ServiceSectionsUseTheServicesFormat) {
  auto c = Decode(R"(
storage: {data_dir: /tmp/x, partitions: 5, topic_prefix: "p.", key_prefix: "k:"}
rules:
  processing: {max_batch_records: 42}
query:
  grpc: {listen: "127.0.0.1:7"}
)");
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->storage.partitions, 5);
  EXPECT_EQ(c->rules.max_batch_records, 42);
  EXPECT_EQ(c->query.grpc_listen, "127.0.0.1:7");
  // Every service names topics and keys from the storage section.
  EXPECT_EQ(c->ingestor.kafka.topic_prefix, "p.");
  EXPECT_EQ(c->rules.kafka.topic_prefix, "p.");
  EXPECT_EQ(c->escalator.kafka.topic_prefix, "p.");
  EXPECT_EQ(c->rules.redis.key_prefix, "k:");
  EXPECT_EQ(c->query.redis.key_prefix, "k:");
  EXPECT_EQ(c->escalator.redis.key_prefix, "k:");
}

TEST(StandaloneConfigTest, ErrorsNameTheKeyUnderItsSection) {
  auto bad = Decode(R"(
storage: {partitions: 0, colour: blue}
rules:
  processing: {max_batch_records: 0}
  kafka: {bootstrap: "h:1"}
)");
  ASSERT_FALSE(bad.ok());
  const std::string message(bad.status().message());
  EXPECT_THAT(message, HasSubstr("storage.partitions"));
  EXPECT_THAT(message, HasSubstr("storage.colour"));
  EXPECT_THAT(message, HasSubstr("rules: "));
  EXPECT_THAT(message, HasSubstr("max_batch_records"));
  EXPECT_THAT(message,
              HasSubstr("rules.kafka: not used by giamsat-standalone"));
}

TEST(StandaloneConfigTest, EffectiveConfigIsCompleteAndAcceptedBack) {
  std::string effective;
  auto c = Decode("rules: {dossier: {late_day_cutoff: \"14:30\"}}", &effective);
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_THAT(effective, HasSubstr("storage:"));
  EXPECT_THAT(effective, HasSubstr("data_dir:"));
  EXPECT_THAT(effective, HasSubstr("\nrules:\n"));
  EXPECT_THAT(effective, HasSubstr("14:30"));
  EXPECT_THAT(effective, HasSubstr("\nescalator:\n"));
  // The replaced sections are not printed under the services.
  EXPECT_THAT(effective, Not(HasSubstr("bootstrap")));
  EXPECT_THAT(effective, Not(HasSubstr("  redis:")));
  std::string again;
  auto back = Decode(effective, &again);
  ASSERT_TRUE(back.ok()) << back.status() << "\n" << effective;
  EXPECT_EQ(again, effective);
}

}  // namespace
}  // namespace giamsat::standalone
