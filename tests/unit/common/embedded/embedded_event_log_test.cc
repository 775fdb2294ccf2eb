// The embedded event log: Kafka's partition and offset semantics, sources
// starting where the state store says, waiting for appends, and durability
// across reopening and across a kill -9 of the writing process.
#include "common/embedded/embedded_event_log.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <set>
#include <thread>

#include "absl/strings/str_cat.h"
#include "common/testing/fake_clock.h"
#include "tests/support/test_env.h"

namespace giamsat::embedded {
namespace {

class EmbeddedEventLogTest : public ::testing::Test {
 protected:
  void TearDown() override {
    log_.reset();
    db_.reset();
    std::filesystem::remove_all(dir_);
  }
  void Open(int partitions = 3) {
    log_.reset();
    db_.reset();
    auto db = EmbeddedDb::Open(dir_, {});
    ASSERT_TRUE(db.ok()) << db.status();
    db_ = *db;
    auto log = EmbeddedEventLog::Open(db_, partitions, clock_);
    ASSERT_TRUE(log.ok()) << log.status();
    log_ = std::move(*log);
  }
  void Publish(const std::string& topic, int n, const std::string& tag) {
    std::vector<events::OutRecord> records;
    for (int i = 0; i < n; ++i) {
      records.push_back({topic, absl::StrCat("key", i), absl::StrCat(tag, i)});
    }
    for (const auto& s : log_->PublishBatch(records)) ASSERT_TRUE(s.ok()) << s;
  }
  // Every record of the source's partitions until none comes within 50 ms.
  std::vector<events::InRecord> Drain(events::RecordSource& source) {
    std::vector<events::InRecord> all;
    while (true) {
      auto batch = source.Poll(7, absl::Milliseconds(50));
      EXPECT_TRUE(batch.ok()) << batch.status();
      if (!batch.ok() || batch->empty()) return all;
      all.insert(all.end(), batch->begin(), batch->end());
    }
  }
  static events::StartOffsetFn FromStart() {
    return
        [](const events::TopicPartition&)
            -> absl::StatusOr<std::optional<int64_t>> { return std::nullopt; };
  }

  testing::FakeClock clock_{absl::FromUnixSeconds(1764547200)};
  std::string dir_ = testing::MakeTempDir();
  std::shared_ptr<EmbeddedDb> db_;
  std::unique_ptr<EmbeddedEventLog> log_;
};

TEST_F(EmbeddedEventLogTest, OffsetsCountFromZeroPerPartitionWithoutGaps) {
  Open();
  Publish("a", 20, "v");
  Publish("b", 5, "w");
  auto source = log_->NewSource({"a"}, FromStart());
  std::vector<events::InRecord> records = Drain(*source);
  ASSERT_EQ(records.size(), 20u);
  std::map<int32_t, std::vector<int64_t>> offsets;
  for (const auto& r : records) {
    EXPECT_EQ(r.topic, "a");
    EXPECT_EQ(r.partition, log_->PartitionOf(r.key));
    EXPECT_EQ(r.value, "v" + r.key.substr(3));
    offsets[r.partition].push_back(r.offset);
  }
  EXPECT_GT(offsets.size(), 1u);  // keys spread over partitions
  for (const auto& [p, list] : offsets) {
    for (size_t i = 0; i < list.size(); ++i) {
      EXPECT_EQ(list[i], static_cast<int64_t>(i)) << "partition " << p;
    }
  }
}

TEST_F(EmbeddedEventLogTest, SourceStartsWhereTheStoreSaysAndAnnouncesItself) {
  Open(2);
  Publish("a", 10, "v");
  std::vector<events::TopicPartition> assigned;
  auto source = log_->NewSource(
      {"a"},
      [](const events::TopicPartition& tp)
          -> absl::StatusOr<std::optional<int64_t>> {
        if (tp.partition == 0) return 2;
        return std::nullopt;
      },
      [&](const std::vector<events::TopicPartition>& owned) {
        assigned = owned;
      });
  std::vector<events::InRecord> records = Drain(*source);
  EXPECT_THAT(assigned, ::testing::ElementsAre(events::TopicPartition{"a", 0},
                                               events::TopicPartition{"a", 1}));
  const auto end = log_->EndOffsets();
  const int64_t p0 = end.at({"a", 0}), p1 = end.at({"a", 1});
  EXPECT_EQ(records.size(), static_cast<size_t>(p0 - 2 + p1));
  for (const auto& r : records) {
    if (r.partition == 0) {
      EXPECT_GE(r.offset, 2);
    }
  }
  // Seek rewinds a partition (after a failed batch).
  ASSERT_TRUE(source->Seek({"a", 1}, 0).ok());
  EXPECT_EQ(Drain(*source).size(), static_cast<size_t>(p1));
  EXPECT_EQ(source->Seek({"other", 0}, 0).code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST_F(EmbeddedEventLogTest, EveryOwnedPartitionHasAnEndEvenWithoutRecords) {
  Open(3);
  Publish("a", 1, "v");  // one record: two partitions stay empty
  auto source = log_->NewSource({"a"}, FromStart());
  ASSERT_THAT(Drain(*source), ::testing::SizeIs(1));
  std::multiset<int64_t> ends;
  for (int32_t p = 0; p < 3; ++p) {
    const std::optional<int64_t> end = source->EndOffset({"a", p});
    ASSERT_TRUE(end.has_value()) << p;
    ends.insert(*end);
  }
  EXPECT_EQ(ends, (std::multiset<int64_t>{0, 0, 1}));
  EXPECT_EQ(source->EndOffset({"other", 0}), std::nullopt);  // not owned
}

TEST_F(EmbeddedEventLogTest, RecordsCarryTheirAppendTimeAcrossReopening) {
  Open();
  const absl::Time first = clock_.Now();
  Publish("a", 3, "v");
  clock_.Advance(absl::Seconds(90));
  Publish("a", 2, "w");
  Open();
  auto source = log_->NewSource({"a"}, FromStart());
  std::vector<events::InRecord> records = Drain(*source);
  ASSERT_EQ(records.size(), 5u);
  for (const auto& r : records) {
    EXPECT_EQ(r.log_time, r.value[0] == 'v' ? first : first + absl::Seconds(90))
        << r.value;
  }
}

TEST_F(EmbeddedEventLogTest, PollWakesUpWhenARecordIsAppended) {
  Open();
  auto source = log_->NewSource({"a"}, FromStart());
  auto empty = source->Poll(10, absl::Milliseconds(1));
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->empty());
  std::thread writer([this] { Publish("a", 1, "late"); });
  // Far longer than the append takes: returns as soon as it lands.
  auto got = source->Poll(10, absl::Seconds(30));
  writer.join();
  ASSERT_TRUE(got.ok()) << got.status();
  ASSERT_EQ(got->size(), 1u);
  EXPECT_EQ(got->at(0).value, "late0");
}

TEST_F(EmbeddedEventLogTest, RecordsAndEndOffsetsSurviveReopening) {
  Open();
  Publish("a", 12, "v");
  const auto before = log_->EndOffsets();
  Open();
  EXPECT_EQ(log_->EndOffsets(), before);
  Publish("a", 12, "again");
  auto source = log_->NewSource({"a"}, FromStart());
  std::vector<events::InRecord> records = Drain(*source);
  ASSERT_EQ(records.size(), 24u);
  std::set<std::pair<int32_t, int64_t>> unique;
  for (const auto& r : records) unique.insert({r.partition, r.offset});
  EXPECT_EQ(unique.size(), 24u);
}

TEST_F(EmbeddedEventLogTest, LagIsWrittenMinusProcessed) {
  Open(1);
  Publish("a", 5, "v");
  auto source = log_->NewSource(
      {"a"},
      [](const events::TopicPartition&)
          -> absl::StatusOr<std::optional<int64_t>> { return 1; });
  EXPECT_TRUE(log_->Lag().empty());  // no consumer yet
  ASSERT_EQ(Drain(*source).size(), 4u);
  EXPECT_EQ(log_->Lag().at({"a", 0}), 4);  // read, not yet processed
  source->ReportProcessed({"a", 0}, 3);
  EXPECT_EQ(log_->Lag().at({"a", 0}), 2);
  Publish("a", 1, "w");
  EXPECT_EQ(log_->Lag().at({"a", 0}), 3);
}

TEST_F(EmbeddedEventLogTest, PartitionCountCannotChange) {
  Open(3);
  log_.reset();
  auto again = EmbeddedEventLog::Open(db_, 4, clock_);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(again.status().message().find("storage.partitions"),
            absl::string_view::npos);
}

TEST_F(EmbeddedEventLogTest, AcknowledgedRecordsSurviveKillMinusNine) {
  int ack[2];
  ASSERT_EQ(pipe(ack), 0);
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    // The writer: acknowledges each batch on the pipe once PublishBatch
    // returned, and is killed mid-stream without closing anything.
    close(ack[0]);
    auto db = EmbeddedDb::Open(dir_, {});
    if (!db.ok()) _exit(3);
    auto log = EmbeddedEventLog::Open(*db, 3, clock_);
    if (!log.ok()) _exit(4);
    for (int batch = 0;; ++batch) {
      std::vector<events::OutRecord> records;
      for (int i = 0; i < 10; ++i) {
        records.push_back({"a", absl::StrCat("k", batch, "-", i), "v"});
      }
      for (const auto& s : (*log)->PublishBatch(records)) {
        if (!s.ok()) _exit(5);
      }
      const char one = 1;
      if (write(ack[1], &one, 1) != 1) _exit(6);
      if (batch == 25) raise(SIGKILL);
    }
  }
  close(ack[1]);
  int acked = 0;
  char c;
  while (read(ack[0], &c, 1) == 1) ++acked;
  close(ack[0]);
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
      << "writer exited with " << status;
  ASSERT_EQ(acked, 26);
  Open();
  auto source = log_->NewSource({"a"}, FromStart());
  std::set<std::string> keys;
  for (const auto& r : Drain(*source)) keys.insert(r.key);
  EXPECT_EQ(keys.size(), 260u);
  EXPECT_TRUE(keys.count("k25-9"));
}

}  // namespace
}  // namespace giamsat::embedded
