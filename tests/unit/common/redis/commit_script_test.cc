#include "common/redis/commit_script.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace giamsat::redis {
namespace {

using ::testing::ElementsAre;

TEST(CommitScriptTest, EncodesFencesThenOffsetsThenOps) {
  store::WriteBatch batch;
  batch.RequireFence({"topic", 2, 5});
  batch.UpdateOffset({"topic", 2, -1, 7});
  batch.Put("k", "v");
  batch.HashIncrement("h", "f", -3);
  batch.HashMax("h", "w", 99);
  batch.Delete("old");
  batch.HashPut("h", "g", "x");
  store::KeyLayout layout("p:");
  EXPECT_THAT(EncodeCommitArgs(batch, layout),
              ElementsAre("1", "p:fences:topic", "2", "5",         //
                          "1", "p:offsets:topic", "2", "-1", "7",  //
                          "P", "k", "", "v",                       //
                          "I", "h", "f", "-3",                     //
                          "M", "h", "w", "99",                     //
                          "D", "old", "", "",                      //
                          "H", "h", "g", "x"));
}

TEST(CommitScriptTest, CommandIsEvalshaOfTheArgsInRedisProtocol) {
  store::WriteBatch batch;
  batch.UpdateOffset({"t", 0, 4, 5});
  batch.Put("k", std::string("a\0\r\nb", 5));
  batch.HashIncrement("h", "f", 12);
  store::KeyLayout layout("p:");
  std::string command = "left over from the last commit";
  EncodeCommitCommand("abc", batch, layout, command);
  EXPECT_EQ(command,
            std::string("*17\r\n"
                        "$7\r\nEVALSHA\r\n$3\r\nabc\r\n$1\r\n0\r\n"
                        "$1\r\n0\r\n"  // no fence checks
                        "$1\r\n1\r\n$11\r\np:offsets:t\r\n$1\r\n0\r\n"
                        "$1\r\n4\r\n$1\r\n5\r\n"
                        "$1\r\nP\r\n$1\r\nk\r\n$0\r\n\r\n"
                        "$5\r\na\0\r\nb\r\n"
                        "$1\r\nI\r\n$1\r\nh\r\n$1\r\nf\r\n$2\r\n12\r\n",
                        147));
}

TEST(CommitScriptTest, ScriptChecksFencesAndOffsetsBeforeWriting) {
  const std::string script(CommitScript());
  EXPECT_LT(script.find("'fenced'"), script.find("'already'"));
  EXPECT_LT(script.find("conflict"), script.find("redis.call('SET'"));
  EXPECT_LT(script.find("'already'"), script.find("redis.call('SET'"));
}

}  // namespace
}  // namespace giamsat::redis
