#include "common/redis/commit_script.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace giamsat::redis {
namespace {

using ::testing::ElementsAre;

TEST(CommitScriptTest, EncodesOffsetsThenOps) {
  store::WriteBatch batch;
  batch.UpdateOffset({"topic", 2, -1, 7});
  batch.Put("k", "v");
  batch.HashIncrement("h", "f", -3);
  batch.HashMax("h", "w", 99);
  batch.Delete("old");
  batch.HashPut("h", "g", "x");
  store::KeyLayout layout("p:");
  EXPECT_THAT(EncodeCommitArgs(batch, layout),
              ElementsAre("1", "p:offsets:topic", "2", "-1", "7",  //
                          "P", "k", "", "v",                       //
                          "I", "h", "f", "-3",                     //
                          "M", "h", "w", "99",                     //
                          "D", "old", "", "",                      //
                          "H", "h", "g", "x"));
}

TEST(CommitScriptTest, ScriptChecksOffsetsBeforeWriting) {
  const std::string script(CommitScript());
  EXPECT_LT(script.find("conflict"), script.find("redis.call('SET'"));
  EXPECT_LT(script.find("'already'"), script.find("redis.call('SET'"));
}

}  // namespace
}  // namespace giamsat::redis
