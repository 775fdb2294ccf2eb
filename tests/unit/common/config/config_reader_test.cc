#include "common/config/config_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/config/config_tree.h"
#include "common/config/sections.h"

namespace giamsat::config {
namespace {

using ::testing::HasSubstr;

YAML::Node Tree(const std::string& text) {
  absl::StatusOr<YAML::Node> tree = ParseTree(text, "test.yaml");
  EXPECT_TRUE(tree.ok()) << tree.status();
  return *tree;
}

TEST(ConfigReaderTest, AbsentSectionKeepsDocumentedDefaults) {
  ConfigReader root(Tree(""), "");
  KafkaConfig kafka;
  Decode(root.Section("kafka"), kafka);
  ASSERT_TRUE(root.Finish().ok());
  EXPECT_EQ(kafka.bootstrap, "127.0.0.1:9092");
  EXPECT_EQ(kafka.partitions, 6);
  EXPECT_TRUE(kafka.create_topics);
}

TEST(ConfigReaderTest, ReadsTypedValues) {
  ConfigReader root(Tree("kafka:\n  bootstrap: k:1\n  partitions: 12\n"
                         "  create_topics: false\n"),
                    "");
  KafkaConfig kafka;
  Decode(root.Section("kafka"), kafka);
  ASSERT_TRUE(root.Finish().ok());
  EXPECT_EQ(kafka.bootstrap, "k:1");
  EXPECT_EQ(kafka.partitions, 12);
  EXPECT_FALSE(kafka.create_topics);
}

TEST(ConfigReaderTest, ReportsEveryErrorWithItsPath) {
  ConfigReader root(Tree("kafka:\n  partitions: many\n  bootstrp: x\n"
                         "redis:\n  address: nohost\nextra: 1\n"),
                    "");
  KafkaConfig kafka;
  RedisConfig redis;
  Decode(root.Section("kafka"), kafka);
  Decode(root.Section("redis"), redis);
  absl::Status s = root.Finish();
  ASSERT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(s.message(), HasSubstr("kafka.partitions: expected an integer"));
  EXPECT_THAT(s.message(), HasSubstr("kafka.bootstrp: unknown key"));
  EXPECT_THAT(s.message(), HasSubstr("redis.address: expected host:port"));
  EXPECT_THAT(s.message(), HasSubstr("extra: unknown key"));
}

TEST(ConfigReaderTest, ValidatesRanges) {
  ConfigReader root(Tree("kafka:\n  partitions: 0\n"), "");
  KafkaConfig kafka;
  Decode(root.Section("kafka"), kafka);
  EXPECT_THAT(root.Finish().message(),
              HasSubstr("kafka.partitions: must be at least 1"));
}

TEST(ConfigReaderTest, RedisPoolSizeIsBounded) {
  ConfigReader root(Tree("redis:\n  pool_size: 0\n"), "");
  RedisConfig redis;
  Decode(root.Section("redis"), redis);
  EXPECT_THAT(root.Finish().message(),
              HasSubstr("redis.pool_size: must be 1..64"));
}

TEST(ConfigTreeTest, OverridesCreateAndReplaceKeys) {
  YAML::Node tree = Tree("kafka:\n  bootstrap: a:1\n");
  ASSERT_TRUE(ApplyOverride(tree, "kafka.bootstrap=b:2").ok());
  ASSERT_TRUE(ApplyOverride(tree, "redis.key_prefix=x:").ok());
  ConfigReader root(tree, "");
  KafkaConfig kafka;
  RedisConfig redis;
  Decode(root.Section("kafka"), kafka);
  Decode(root.Section("redis"), redis);
  ASSERT_TRUE(root.Finish().ok());
  EXPECT_EQ(kafka.bootstrap, "b:2");
  EXPECT_EQ(redis.key_prefix, "x:");
}

TEST(ConfigTreeTest, RejectsMalformedOverrides) {
  YAML::Node tree = Tree("kafka:\n  bootstrap: a:1\n");
  EXPECT_EQ(ApplyOverride(tree, "no-equals").code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(ApplyOverride(tree, "kafka.bootstrap.x=1").message(),
              HasSubstr("bootstrap is not a section"));
}

TEST(ConfigTreeTest, MissingFileIsAClearError) {
  absl::StatusOr<YAML::Node> tree = LoadTree("/nonexistent/giamsat.yaml", {});
  ASSERT_FALSE(tree.ok());
  EXPECT_THAT(tree.status().message(),
              HasSubstr("/nonexistent/giamsat.yaml: cannot be read"));
}

TEST(ConfigTreeTest, SyntaxErrorNamesTheFile) {
  absl::StatusOr<YAML::Node> tree = ParseTree("a: [1, 2", "bad.yaml");
  ASSERT_FALSE(tree.ok());
  EXPECT_THAT(tree.status().message(), HasSubstr("bad.yaml"));
}

}  // namespace
}  // namespace giamsat::config
