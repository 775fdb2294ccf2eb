// giamsat-standalone end to end (docs/standalone.md):
// - the same dossier scenario sent to the distributed services (Kafka,
//   Redis) and to giamsat-standalone gives identical per-unit figures and
//   alerts (but for the time each was decided) through the same query API;
// - giamsat-standalone killed with SIGKILL twenty times at random points
//   while events flow: every acknowledged event is in its log once
//   processed, and every per-unit figure equals a clean in-process replay of
//   the scenario (nothing lost, nothing counted twice).
#include <gmock/gmock.h>
#include <google/protobuf/util/message_differencer.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <atomic>
#include <random>
#include <regex>
#include <set>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "common/core/clock.h"
#include "common/embedded/embedded_db.h"
#include "common/embedded/embedded_event_log.h"
#include "common/embedded/embedded_state_store.h"
#include "common/events/topics.h"
#include "common/store/key_layout.h"
#include "giamsat/v1/ingest.grpc.pb.h"
#include "giamsat/v1/query.grpc.pb.h"
#include "httplib.h"
#include "tests/e2e/dossier_scenario.h"
#include "tests/e2e/service_fixture.h"
#include "tests/support/shipped_calendar.h"
#include "tests/support/subprocess.h"
#include "tests/support/test_env.h"

namespace giamsat::e2e {
namespace {

using ::giamsat::testing::Eventually;
using ::giamsat::testing::ReadyFileValue;

// The config overrides of giamsat-standalone: everything on free or fixed
// ports, the shipped calendar and units, no wall-clock unit rules (a replay
// cannot reproduce their moments; unit_evaluator_test covers them).
std::vector<std::string> StandaloneArgs(const std::string& data_dir,
                                        const std::string& prefix,
                                        int ingest_port) {
  const std::string calendar = testing::ShippedCalendarPath();
  return {"--set",
          "storage.data_dir=" + data_dir,
          "--set",
          "storage.topic_prefix=" + prefix,
          "--set",
          "storage.key_prefix=" + prefix,
          "--set",
          "ingestor.grpc.listen=127.0.0.1:" + std::to_string(ingest_port),
          "--set",
          "ingestor.http.listen=127.0.0.1:0",
          "--set",
          "query.grpc.listen=127.0.0.1:0",
          "--set",
          "escalator.grpc.listen=127.0.0.1:0",
          "--set",
          "rules.calendar.base=" + calendar,
          "--set",
          "query.calendar.base=" + calendar,
          "--set",
          "escalator.calendar.base=" + calendar,
          "--set",
          std::string("escalator.reference.units_file=") + GIAMSAT_SOURCE_DIR
              "/deploy/config/reference/units.yaml",
          "--set",
          "rules.unit_rules.enabled=false",
          "--set",
          "rules.processing.max_backoff_ms=200",
          "--set",
          "query.cache.max_age_ms=0"};
}

// Sends `events` in chunks over IngestBatch, each chunk again until none of
// its events is unavailable (a retry of an accepted event is a duplicate),
// reconnecting through `address()` after a failed call. Returns the number
// of events written (accepted, not duplicates) by the first acceptance.
class Sender {
 public:
  explicit Sender(std::function<std::string()> address)
      : address_(std::move(address)) {}

  // False when `deadline` passed first.
  bool SendAll(const std::vector<v1::Event>& events, size_t chunk,
               absl::Time deadline) {
    for (size_t from = 0; from < events.size(); from += chunk) {
      std::vector<const v1::Event*> pending;
      for (size_t i = from; i < std::min(events.size(), from + chunk); ++i) {
        pending.push_back(&events[i]);
      }
      while (!pending.empty()) {
        if (absl::Now() > deadline) return false;
        pending = SendOnce(pending);
      }
      chunks_sent_++;
    }
    return true;
  }
  int chunks_sent() const { return chunks_sent_; }
  int rejected() const { return rejected_; }

 private:
  // The events of `batch` still to send after one call.
  std::vector<const v1::Event*> SendOnce(
      const std::vector<const v1::Event*>& batch) {
    if (!stub_) {
      stub_ = v1::IngestService::NewStub(
          grpc::CreateChannel(address_(), grpc::InsecureChannelCredentials()));
    }
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() +
                     std::chrono::seconds(10));
    ctx.set_wait_for_ready(true);
    v1::IngestBatchResult result;
    auto writer = stub_->IngestBatch(&ctx, &result);
    for (const v1::Event* e : batch) {
      if (!writer->Write(*e)) break;
    }
    writer->WritesDone();
    writer->Finish().IgnoreError();
    if (result.results_size() != static_cast<int>(batch.size())) {
      stub_.reset();  // the process went away: reconnect, send all again
      return batch;
    }
    std::vector<const v1::Event*> again;
    for (int i = 0; i < result.results_size(); ++i) {
      const v1::IngestResult& r = result.results(i);
      if (r.unavailable()) {
        again.push_back(batch[i]);
      } else if (!r.accepted()) {
        rejected_++;
      }
    }
    return again;
  }

  std::function<std::string()> address_;
  std::unique_ptr<v1::IngestService::Stub> stub_;
  std::atomic<int> chunks_sent_{0};
  std::atomic<int> rejected_{0};
};

// Sum of the samples of `name` on a /metrics page.
double MetricSum(const std::string& metrics_address, const std::string& name) {
  httplib::Client http("http://" + metrics_address);
  auto res = http.Get("/metrics");
  if (!res || res->status != 200) return -1;
  double sum = 0;
  for (absl::string_view line : absl::StrSplit(res->body, '\n')) {
    if (!absl::StartsWith(line, name + "{") &&
        !absl::StartsWith(line, name + " ")) {
      continue;
    }
    double v = 0;
    if (absl::SimpleAtod(line.substr(line.rfind(' ') + 1), &v)) sum += v;
  }
  return sum;
}

// The alert without what depends on when it was decided (the processing
// time of each run): decided_at, and the wall-clock moment with seconds that
// some explanations quote ("... not returned by 16:24:04 Mon 30/11/2026").
v1::Alert WithoutDecisionTime(v1::Alert alert) {
  static const std::regex kClock("[0-9]{2}:[0-9]{2}:[0-9]{2}");
  alert.clear_decided_at();
  alert.set_explanation_vi(
      std::regex_replace(alert.explanation_vi(), kClock, "<decided>"));
  alert.set_explanation_en(
      std::regex_replace(alert.explanation_en(), kClock, "<decided>"));
  return alert;
}

// "" when the alerts are equal but for when they were decided, else what
// differs.
std::string AlertDifference(const v1::Alert& a, const v1::Alert& b) {
  google::protobuf::util::MessageDifferencer differ;
  std::string report;
  differ.ReportDifferencesToString(&report);
  return differ.Compare(WithoutDecisionTime(a), WithoutDecisionTime(b))
             ? ""
             : report;
}

class Mode {
 public:
  explicit Mode(const std::string& query_address)
      : stub_(v1::QueryService::NewStub(grpc::CreateChannel(
            query_address, grpc::InsecureChannelCredentials()))) {}

  v1::UnitStatus Status(const std::string& unit) {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() +
                     std::chrono::seconds(10));
    v1::GetUnitStatusRequest request;
    request.set_unit_id(unit);
    request.set_by_channel(true);
    v1::UnitStatus status;
    grpc::Status s = stub_->GetUnitStatus(&ctx, request, &status);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return status;
  }

  // The unit's alerts firing now, by id.
  std::vector<v1::Alert> Alerts(const std::string& unit) {
    std::vector<v1::Alert> out;
    std::string token;
    do {
      grpc::ClientContext ctx;
      ctx.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(10));
      v1::ListAlertsRequest request;
      request.set_unit_id(unit);
      // The alerts firing: whether an alert fired and resolved again in
      // between depends on how each mode read its backlog, not only on the
      // events (docs/rules.md, catching up).
      request.set_state(v1::ALERT_FIRING);
      request.set_page_size(500);
      request.set_page_token(token);
      v1::ListAlertsResponse response;
      grpc::Status s = stub_->ListAlerts(&ctx, request, &response);
      EXPECT_TRUE(s.ok()) << s.error_message();
      if (!s.ok()) break;
      out.insert(out.end(), response.alerts().begin(), response.alerts().end());
      token = response.next_page_token();
    } while (!token.empty());
    return out;
  }

 private:
  std::unique_ptr<v1::QueryService::Stub> stub_;
};

TEST(StandaloneE2eTest, SameScenarioSameFiguresAndAlertsAsDistributed) {
  constexpr int kUnits = 6;
  Services services;
  const std::vector<v1::Event> events =
      DossierScenario(services.prefix(), 600, kUnits);

  // Distributed: ingestor -> Kafka -> rules -> Redis -> query.
  std::vector<std::string> ingestor_args = services.KafkaArgs();
  for (const std::string& a : services.RedisArgs()) ingestor_args.push_back(a);
  ingestor_args.insert(
      ingestor_args.end(),
      {"--set", "grpc.listen=127.0.0.1:0", "--set", "http.listen=127.0.0.1:0"});
  std::string ingestor_ready, rules_ready, query_ready, standalone_ready;
  auto ingestor = services.Start("ingestor", ingestor_args, &ingestor_ready);
  std::vector<std::string> rules_args = services.RulesArgs();
  rules_args.insert(rules_args.end(), {"--set", "unit_rules.enabled=false"});
  auto rules = services.Start("rules", rules_args, &rules_ready);
  auto query = services.Start("query", services.QueryArgs(), &query_ready);
  // Standalone, with the same topic and key names.
  auto standalone = services.Start(
      "standalone",
      StandaloneArgs(services.dir() + "/data", services.prefix(), 0),
      &standalone_ready);
  ASSERT_FALSE(ingestor_ready.empty() || rules_ready.empty() ||
               query_ready.empty() || standalone_ready.empty());

  const absl::Time deadline = absl::Now() + absl::Minutes(3);
  Sender to_distributed([&] { return ReadyFileValue(ingestor_ready, "grpc"); });
  Sender to_standalone(
      [&] { return ReadyFileValue(standalone_ready, "grpc"); });
  ASSERT_TRUE(to_distributed.SendAll(events, 200, deadline));
  ASSERT_TRUE(to_standalone.SendAll(events, 200, deadline));
  EXPECT_EQ(to_distributed.rejected(), 0);
  EXPECT_EQ(to_standalone.rejected(), 0);

  // Processing is complete when every written event was applied or found a
  // duplicate by the rules engine of each mode.
  std::set<std::string> distinct_ids;
  for (const auto& e : events) distinct_ids.insert(e.event_id());
  const double written = static_cast<double>(distinct_ids.size());
  for (const std::string& metrics :
       {ReadyFileValue(rules_ready, "metrics"),
        ReadyFileValue(standalone_ready, "metrics")}) {
    ASSERT_TRUE(Eventually(
        [&] {
          return MetricSum(metrics, "giamsat_rules_events_total") == written;
        },
        absl::Seconds(120)))
        << metrics << ": " << MetricSum(metrics, "giamsat_rules_events_total")
        << " of " << written;
  }

  Mode distributed(ReadyFileValue(query_ready, "grpc"));
  Mode embedded(ReadyFileValue(standalone_ready, "query"));
  int64_t received = 0;
  size_t alerts = 0;
  for (int u = 0; u < kUnits; ++u) {
    const std::string unit = services.prefix() + "U" + std::to_string(u);
    // The figures, not how fresh each answer was (ingestion_lag differs by
    // design: different logs, partitions and report times).
    v1::UnitStatus a = distributed.Status(unit);
    v1::UnitStatus b = embedded.Status(unit);
    a.clear_ingestion_lag();
    b.clear_ingestion_lag();
    EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(a, b))
        << unit << "\ndistributed:\n"
        << a.DebugString() << "standalone:\n"
        << b.DebugString();
    received += a.dossiers().received();
    const std::vector<v1::Alert> alerts_a = distributed.Alerts(unit);
    const std::vector<v1::Alert> alerts_b = embedded.Alerts(unit);
    ASSERT_EQ(alerts_a.size(), alerts_b.size()) << unit;
    for (size_t i = 0; i < alerts_a.size(); ++i) {
      EXPECT_EQ(AlertDifference(alerts_a[i], alerts_b[i]), "")
          << unit << " " << alerts_a[i].alert_id();
    }
    alerts += alerts_a.size();
  }
  EXPECT_EQ(received, 600);
  EXPECT_GT(alerts, 0u);
  EXPECT_EQ(standalone->Stop(), 0);
}

TEST(StandaloneE2eTest,
     KilledTwentyTimesWhileEventsFlowLosesAndDoublesNothing) {
  constexpr int kUnits = 8;
  constexpr int kKills = 20;
  Services services;
  const std::string data_dir = services.dir() + "/data";
  const std::vector<v1::Event> events =
      DossierScenario(services.prefix(), 2000, kUnits);
  const int port = FreePort();
  const std::vector<std::string> args =
      StandaloneArgs(data_dir, services.prefix(), port);
  std::string ready;
  std::unique_ptr<testing::Subprocess> standalone =
      services.Start("standalone", args, &ready);
  ASSERT_FALSE(ready.empty());

  // Events flow from another thread the whole time, 50 per call.
  constexpr size_t kChunk = 50;
  const int chunks = static_cast<int>((events.size() + kChunk - 1) / kChunk);
  Sender sender([port] { return "127.0.0.1:" + std::to_string(port); });
  std::atomic<bool> sent{false};
  std::thread flow([&] {
    sent = sender.SendAll(events, kChunk, absl::Now() + absl::Minutes(8));
  });
  std::mt19937 rng(11);
  for (int kill = 0; kill < kKills; ++kill) {
    // Kill at a random point of the next stretch of the flow.
    const int target = std::min(
        chunks - 1, chunks * kill / kKills + static_cast<int>(rng() % 3));
    ASSERT_TRUE(Eventually([&] { return sender.chunks_sent() >= target; },
                           absl::Seconds(120)))
        << "sent " << sender.chunks_sent() << " of " << target << " chunks";
    ::kill(standalone->pid(), SIGKILL);
    standalone->WaitForExit(absl::Seconds(10));
    standalone = services.Start("standalone", args, &ready);
    ASSERT_FALSE(ready.empty()) << "restart " << kill;
  }
  flow.join();
  ASSERT_TRUE(sent) << "sent " << sender.chunks_sent() << " of " << chunks;
  EXPECT_EQ(sender.rejected(), 0);
  const std::string metrics = ReadyFileValue(ready, "metrics");
  const std::string topic = events::Topics(services.prefix()).DossierEvents();
  ASSERT_TRUE(Eventually(
      [&] {
        return MetricSum(metrics, "giamsat_standalone_consumer_lag_records") ==
                   0 &&
               MetricSum(metrics, "giamsat_standalone_log_end_offset") > 0;
      },
      absl::Seconds(120)));
  ASSERT_EQ(standalone->Stop(), 0);

  // `giamsat-standalone replay` recomputes the state from the log and finds
  // the stored state equal.
  {
    std::vector<std::string> replay_args = {"replay"};
    replay_args.insert(replay_args.end(), args.begin(), args.end());
    testing::Subprocess replay(BinaryOf("standalone"), replay_args,
                               services.dir() + "/replay.log");
    EXPECT_EQ(replay.WaitForExit(absl::Seconds(300)), 0) << replay.Output();
    EXPECT_THAT(replay.Output(), ::testing::HasSubstr(": 0 differences"));
  }

  // The database itself, now that the process is gone.
  auto db = embedded::EmbeddedDb::Open(data_dir, {});
  ASSERT_TRUE(db.ok()) << db.status();
  core::SystemClock clock;
  auto log = embedded::EmbeddedEventLog::Open(*db, 3, clock);
  ASSERT_TRUE(log.ok()) << log.status();
  embedded::EmbeddedStateStore store(*db);

  // Nothing lost: every event of the scenario is in the log, and the state's
  // offsets are at the end of the log.
  std::set<std::string> logged;
  for (int32_t p = 0; p < 3; ++p) {
    auto records = (*log)->Read({topic, p}, 0, 1 << 20);
    ASSERT_TRUE(records.ok()) << records.status();
    for (const auto& r : *records) {
      v1::Event e;
      ASSERT_TRUE(e.ParseFromString(r.value));
      logged.insert(e.event_id());
    }
    const auto end = (*log)->EndOffsets();
    EXPECT_EQ(*store.GetOffset(topic, p), end.at(std::make_pair(topic, p)));
  }
  for (const auto& e : events) {
    EXPECT_TRUE(logged.count(e.event_id())) << e.event_id();
  }

  // Nothing counted twice: the figures equal a clean replay of the events.
  std::unique_ptr<testing::InMemoryStateStore> oracle =
      ReplayInProcess(events, services.prefix());
  const store::KeyLayout layout(services.prefix());
  for (int u = 0; u < kUnits; ++u) {
    const std::string unit = services.prefix() + "U" + std::to_string(u);
    for (const std::string& key :
         {layout.UnitTotal(unit), layout.UnitLive(unit)}) {
      auto live = store.GetHashes({key});
      auto expected = oracle->GetHashes({key});
      ASSERT_TRUE(live.ok());
      EXPECT_EQ(live->at(0), expected->at(0)) << key;
      EXPECT_FALSE(expected->at(0).empty()) << key;
    }
  }
}

}  // namespace
}  // namespace giamsat::e2e
