// Test fixture pieces for the ingestor's pipeline: an IngestPipeline over
// the in-memory event log and dedup store with a fake clock, plus helpers
// to read metrics and records back. Test-only.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "absl/synchronization/mutex.h"
#include "common/dedup/in_memory_dedup_store.h"
#include "common/testing/fake_clock.h"
#include "common/testing/in_memory_event_log.h"
#include "prometheus/registry.h"
#include "services/ingestor/ingest_pipeline.h"
#include "tests/support/event_builders.h"

namespace giamsat::ingestor {

inline constexpr char kPrefix[] = "x.";
inline constexpr char kDossierTopic[] = "x.giamsat.dossier-events.v1";
inline constexpr char kDeadLetterTopic[] = "x.giamsat.dead-letter.v1";

// The value of a counter or gauge with exactly these labels (0 if absent).
inline double MetricValue(prometheus::Registry& registry,
                          const std::string& name,
                          const std::map<std::string, std::string>& labels) {
  for (const auto& family : registry.Collect()) {
    if (family.name != name) continue;
    for (const auto& m : family.metric) {
      std::map<std::string, std::string> got;
      for (const auto& l : m.label) got[l.name] = l.value;
      if (got != labels) continue;
      return family.type == prometheus::MetricType::Gauge ? m.gauge.value
                                                          : m.counter.value;
    }
  }
  return 0;
}

// An EventPublisher that holds every PublishBatch until Release(), to test
// what callers see while Kafka does not answer. Safe for concurrent use.
class BlockingPublisher final : public events::EventPublisher {
 public:
  explicit BlockingPublisher(events::EventPublisher& next) : next_(next) {}
  std::vector<absl::Status> PublishBatch(
      const std::vector<events::OutRecord>& records) override {
    absl::MutexLock lock(&mu_);
    ++waiting_;
    mu_.Await(absl::Condition(&released_));
    --waiting_;
    return next_.PublishBatch(records);
  }
  void Release() {
    absl::MutexLock lock(&mu_);
    released_ = true;
  }
  // Blocks until a PublishBatch call is held.
  void AwaitHeld() {
    absl::MutexLock lock(&mu_);
    mu_.Await(absl::Condition(
        +[](int* w) { return *w > 0; }, &waiting_));
  }

 private:
  events::EventPublisher& next_;
  absl::Mutex mu_;
  bool released_ ABSL_GUARDED_BY(mu_) = false;
  int waiting_ ABSL_GUARDED_BY(mu_) = 0;
};

class PipelineHarness {
 public:
  explicit PipelineHarness(PipelineOptions options = {},
                           events::EventPublisher* publisher = nullptr,
                           ReferenceCatalog* reference = nullptr)
      : clock(testing::VnTime("2026-04-24T17:00:00+07:00")),
        dedup(clock, absl::Hours(24), absl::Minutes(10)),
        probe(registry),
        pipeline(std::make_unique<IngestPipeline>(
            publisher ? *publisher : log, dedup, reference, clock,
            events::Topics(kPrefix), options, probe)) {}

  IngestOutcome Ingest(std::vector<DecodedItem> items,
                       const std::string& entry = "grpc") {
    return pipeline->Ingest(std::move(items), entry);
  }
  IngestOutcome IngestEvent(const v1::Event& e,
                            const std::string& entry = "grpc") {
    return Ingest({ItemFromProto(e)}, entry);
  }
  double Metric(const std::string& name,
                const std::map<std::string, std::string>& labels) {
    return MetricValue(registry, name, labels);
  }

  testing::FakeClock clock;
  testing::InMemoryEventLog log;
  dedup::InMemoryDedupStore dedup;
  prometheus::Registry registry;
  IngestProbe probe;
  std::unique_ptr<IngestPipeline> pipeline;
};

}  // namespace giamsat::ingestor
