// Where giamsat-loadgen sends the events it generates: JSONL files (the
// ingestor's import format, one canonical proto3 JSON event per line, split
// into numbered files of at most N lines) or straight to the event topics
// on Kafka (the same topics and keys the ingestor writes), at a fixed rate
// or as fast as the broker takes them. Not thread-safe.
#pragma once

#include <cstdint>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/core/clock.h"
#include "common/events/event_log.h"
#include "common/events/topics.h"
#include "giamsat/v1/events.pb.h"

namespace giamsat::loadgen {

class EventSink {
 public:
  virtual ~EventSink() = default;
  virtual absl::Status Write(const v1::Event& event) = 0;
  // Flushes what is buffered; the sink stays usable.
  virtual absl::Status Flush() = 0;
};

// Writes `path` (max_lines == 0) or path.00000, path.00001, ... of at most
// `max_lines` lines each.
class JsonlSink final : public EventSink {
 public:
  JsonlSink(std::string path, int64_t max_lines)
      : path_(std::move(path)), max_lines_(max_lines) {}
  absl::Status Write(const v1::Event& event) override;
  absl::Status Flush() override;
  const std::vector<std::string>& files() const { return files_; }

 private:
  std::string path_;
  int64_t max_lines_;
  int64_t lines_ = 0;
  std::ofstream out_;
  std::vector<std::string> files_;
  std::string json_;
};

// Publishes in batches of `batch` records; with `rate` > 0 events per second
// it waits (on `clock`, through `sleep`) before each batch so that the
// average rate since the first batch stays at most `rate` (use small
// batches, e.g. rate / 100, for a smooth stream).
class KafkaSink final : public EventSink {
 public:
  using SleepFn = void (*)(absl::Duration);
  KafkaSink(events::EventPublisher& publisher, events::Topics topics,
            double rate, size_t batch, const core::Clock& clock, SleepFn sleep);
  absl::Status Write(const v1::Event& event) override;
  absl::Status Flush() override;
  int64_t published() const { return published_; }

 private:
  events::EventPublisher& publisher_;
  const events::Topics topics_;
  const double rate_;
  const size_t batch_;
  const core::Clock& clock_;
  SleepFn sleep_;
  std::vector<events::OutRecord> pending_;
  absl::Time started_ = absl::InfinitePast();
  int64_t published_ = 0;
};

}  // namespace giamsat::loadgen
