// The gRPC service in process: authentication and unit access, status
// codes, and the watch stream driven by a manual ticker.
#include "services/query/grpc_query_service.h"

#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include "common/core/proto_time.h"
#include "common/domain/figure_fields.h"
#include "common/testing/fake_clock.h"
#include "common/testing/in_memory_state_store.h"
#include "giamsat/v1/state.pb.h"
#include "services/query/grpc_inspection_service.h"
#include "tests/support/event_builders.h"
#include "tests/support/shipped_calendar.h"
#include "tests/support/subprocess.h"

namespace giamsat::query {
namespace {

using ::giamsat::testing::VnTime;

constexpr char kCityToken[] = "city-token-0123456789";
constexpr char kWardToken[] = "ward-token-0123456789";

// Reads fail with Unavailable while `down` is set, as Redis does.
class SwitchableStore final : public store::StateStore {
 public:
  explicit SwitchableStore(store::StateStore& inner) : inner_(inner) {}
  std::atomic<bool> down{false};

  absl::StatusOr<store::CommitOutcome> Commit(
      const store::WriteBatch& b) override {
    return inner_.Commit(b);
  }
  absl::StatusOr<std::optional<std::string>> Get(
      absl::string_view key) override {
    if (down) return Down();
    return inner_.Get(key);
  }
  absl::StatusOr<std::vector<store::Hash>> GetHashes(
      const std::vector<std::string>& keys) override {
    if (down) return Down();
    return inner_.GetHashes(keys);
  }
  absl::StatusOr<std::vector<std::pair<std::string, int64_t>>> GetSortedSet(
      absl::string_view key) override {
    if (down) return Down();
    return inner_.GetSortedSet(key);
  }
  absl::StatusOr<std::vector<std::pair<std::string, int64_t>>>
  GetSortedSetRange(absl::string_view key, int64_t min, int64_t max,
                    int64_t offset, int64_t limit) override {
    if (down) return Down();
    return inner_.GetSortedSetRange(key, min, max, offset, limit);
  }
  absl::StatusOr<std::optional<int64_t>> GetOffset(absl::string_view topic,
                                                   int32_t p) override {
    return inner_.GetOffset(topic, p);
  }
  absl::StatusOr<int64_t> TakeFence(absl::string_view topic,
                                    int32_t p) override {
    return inner_.TakeFence(topic, p);
  }

 private:
  static absl::Status Down() { return absl::UnavailableError("store down"); }
  store::StateStore& inner_;
};

class Forwarding final : public Ticker {
 public:
  explicit Forwarding(ManualTicker& t) : t_(t) {}
  bool Wait(const std::function<bool()>& cancelled) override {
    return t_.Wait(cancelled);
  }

 private:
  ManualTicker& t_;
};

class GrpcQueryServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto tree = UnitTree::LoadFile(GIAMSAT_TEST_UNITS);
    ASSERT_TRUE(tree.ok());
    tree_ = std::move(*tree);
    auto access = AccessPolicy::Parse(
        absl::StrCat("clients:\n  - {name: city, token: ", kCityToken,
                     ", units: [HN]}\n  - {name: ward, token: ", kWardToken,
                     ", units: [HN.UBND.YENHOA]}"),
        "tokens");
    ASSERT_TRUE(access.ok()) << access.status();
    access_ = std::move(*access);
    cache_ = std::make_unique<AnswerCache>(clock_, cache_options_);
    service_ = std::make_unique<GrpcQueryService>(
        QueryParts{status_, lister_, dossiers_, feedback_, alerts_, access_,
                   WatchSettings{10, absl::ZeroDuration(),
                                 [this] {
                                   return std::make_unique<Forwarding>(ticker_);
                                 }},
                   audit_, lag_, *cache_},
        registry_);
    inspection_ = std::make_unique<GrpcInspectionService>(
        inspection_reader_, access_, lag_, *cache_, clock_, registry_);
    grpc::ServerBuilder builder;
    builder.RegisterService(service_.get());
    builder.RegisterService(inspection_.get());
    server_ = builder.BuildAndStart();
    stub_ = v1::QueryService::NewStub(
        server_->InProcessChannel(grpc::ChannelArguments()));
    inspection_stub_ = v1::InspectionService::NewStub(
        server_->InProcessChannel(grpc::ChannelArguments()));
  }
  void TearDown() override {
    ticker_.Stop();
    server_->Shutdown();
  }
  std::unique_ptr<grpc::ClientContext> Ctx(const char* token) {
    auto ctx = std::make_unique<grpc::ClientContext>();
    if (token != nullptr) {
      ctx->AddMetadata("authorization", absl::StrCat("Bearer ", token));
    }
    ctx->set_deadline(std::chrono::system_clock::now() +
                      std::chrono::seconds(10));
    return ctx;
  }
  grpc::StatusCode Status(const char* token, const std::string& unit,
                          v1::UnitStatus* out = nullptr) {
    v1::GetUnitStatusRequest r;
    r.set_unit_id(unit);
    v1::UnitStatus s;
    auto code = stub_->GetUnitStatus(Ctx(token).get(), r, &s).error_code();
    if (out != nullptr) *out = s;
    return code;
  }
  void Receive(const std::string& unit, int n) {
    store::WriteBatch b;
    b.HashIncrement(layout_.UnitTotal(unit),
                    std::string(domain::kFieldReceived), n);
    ASSERT_TRUE(memory_.Commit(b).ok());
  }

  testing::FakeClock clock_{VnTime("2026-07-15T10:00:00+07:00")};
  testing::InMemoryStateStore memory_;
  SwitchableStore store_{memory_};
  store::KeyLayout layout_{"gs:"};
  UnitTree tree_;
  AccessPolicy access_ = AccessPolicy::AllowAll();
  StatusReader status_{store_, layout_, clock_, tree_};
  UnitLister lister_{status_, PageLimits{}};
  DossierReader dossiers_{store_,
                          layout_,
                          clock_,
                          testing::ShippedCalendar(),
                          DeadlineSettings(),
                          PageLimits{}};
  FeedbackReader feedback_{
      store_, layout_,
      std::make_shared<domain::FeedbackRules>(testing::ShippedCalendar(),
                                              domain::FeedbackRulesConfig())};
  AlertReader alerts_{store_, layout_, PageLimits{}};
  AuditReader audit_{store_, layout_, tree_, PageLimits{}};
  LagReader lag_{store_, layout_, clock_, absl::ZeroDuration()};
  // These tests read fresh figures after each write: no answer cache
  // unless a fixture sets it before SetUp.
  AnswerCacheOptions cache_options_{absl::ZeroDuration(), 100};
  std::unique_ptr<AnswerCache> cache_;
  ManualTicker ticker_;
  prometheus::Registry registry_;
  InspectionReader inspection_reader_{store_, layout_, clock_, tree_,
                                      inspection::PlanningConfig()};
  std::unique_ptr<GrpcQueryService> service_;
  std::unique_ptr<GrpcInspectionService> inspection_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<v1::QueryService::Stub> stub_;
  std::unique_ptr<v1::InspectionService::Stub> inspection_stub_;
};

class CachedGrpcQueryServiceTest : public GrpcQueryServiceTest {
 protected:
  CachedGrpcQueryServiceTest() {
    cache_options_ = AnswerCacheOptions{absl::Seconds(1), 100};
  }
  double CacheLookups(const std::string& result) {
    for (const auto& family : registry_.Collect()) {
      if (family.name != "giamsat_query_answer_cache_total") continue;
      for (const auto& metric : family.metric) {
        bool method = false, matches = false;
        for (const auto& label : metric.label) {
          if (label.name == "method" && label.value == "GetUnitStatus")
            method = true;
          if (label.name == "result" && label.value == result) matches = true;
        }
        if (method && matches) return metric.counter.value;
      }
    }
    return -1;
  }
};

TEST_F(CachedGrpcQueryServiceTest, AnswersAgainWithinMaxAgeWithHonestLag) {
  Receive("HN.UBND.YENHOA", 3);
  v1::PartitionProgress progress;
  progress.set_topic("events");
  *progress.mutable_reported_at() = core::ToProto(clock_.Now());
  *progress.mutable_covered_until() = core::ToProto(clock_.Now());
  store::WriteBatch report;
  report.HashPut(layout_.IngestProgress(), "events/0",
                 progress.SerializeAsString());
  ASSERT_TRUE(memory_.Commit(report).ok());
  const absl::Time read_at = clock_.Now();
  v1::UnitStatus first;
  ASSERT_EQ(Status(kWardToken, "HN.UBND.YENHOA", &first), grpc::StatusCode::OK);
  EXPECT_EQ(first.dossiers().received(), 3);
  EXPECT_EQ(core::FromProto(first.ingestion_lag().computed_at()), read_at);
  EXPECT_DOUBLE_EQ(first.ingestion_lag().seconds(), 0);

  Receive("HN.UBND.YENHOA", 1);
  clock_.Advance(absl::Milliseconds(400));
  v1::UnitStatus again;
  ASSERT_EQ(Status(kWardToken, "HN.UBND.YENHOA", &again), grpc::StatusCode::OK);
  EXPECT_EQ(again.dossiers().received(), 3);  // the same answer
  EXPECT_EQ(core::FromProto(again.ingestion_lag().computed_at()), read_at);
  EXPECT_DOUBLE_EQ(again.ingestion_lag().seconds(), 0.4);  // its age counts
  EXPECT_EQ(CacheLookups("miss"), 1);
  EXPECT_EQ(CacheLookups("hit"), 1);

  // A caller outside the subtree is refused before the cache is consulted.
  EXPECT_EQ(Status(kWardToken, "HN.UBND.HOANKIEM"),
            grpc::StatusCode::PERMISSION_DENIED);
  // Another scope does not get the ward client's answer: it reads the store.
  v1::UnitStatus city;
  ASSERT_EQ(Status(kCityToken, "HN.UBND.YENHOA", &city), grpc::StatusCode::OK);
  EXPECT_EQ(city.dossiers().received(), 4);
  EXPECT_EQ(CacheLookups("miss"), 2);

  clock_.Advance(absl::Milliseconds(600));  // max_age reached
  v1::UnitStatus fresh;
  ASSERT_EQ(Status(kWardToken, "HN.UBND.YENHOA", &fresh), grpc::StatusCode::OK);
  EXPECT_EQ(fresh.dossiers().received(), 4);
  EXPECT_EQ(core::FromProto(fresh.ingestion_lag().computed_at()), clock_.Now());
  EXPECT_DOUBLE_EQ(fresh.ingestion_lag().seconds(), 1.0);
}

TEST_F(GrpcQueryServiceTest, TokensAndSubtreesDecideAccess) {
  EXPECT_EQ(Status(nullptr, "HN"), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(Status("wrong-token-0123456789", "HN"),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(Status(kWardToken, "HN.UBND.YENHOA.VP"), grpc::StatusCode::OK);
  EXPECT_EQ(Status(kWardToken, "HN.UBND.HOANKIEM"),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Status(kCityToken, "HN.UBND.HOANKIEM"), grpc::StatusCode::OK);
  v1::ListUnitStatusesRequest list;
  list.set_parent("HN");
  v1::ListUnitStatusesResponse units;
  EXPECT_EQ(
      stub_->ListUnitStatuses(Ctx(kWardToken).get(), list, &units).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_TRUE(
      stub_->ListUnitStatuses(Ctx(kCityToken).get(), list, &units).ok());
}

TEST_F(GrpcQueryServiceTest, GetUnitIndicatorsChecksAccessAndInput) {
  Receive("HN.UBND.YENHOA", 4);
  v1::GetUnitIndicatorsRequest r;
  v1::UnitIndicators out;
  r.set_unit_id("HN.UBND.HOANKIEM");
  EXPECT_EQ(
      stub_->GetUnitIndicators(Ctx(kWardToken).get(), r, &out).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(stub_->GetUnitIndicators(Ctx(nullptr).get(), r, &out).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  r.set_unit_id("HN.UBND.YENHOA");
  grpc::Status st = stub_->GetUnitIndicators(Ctx(kWardToken).get(), r, &out);
  ASSERT_TRUE(st.ok()) << st.error_message();
  EXPECT_EQ(out.unit_id(), "HN.UBND.YENHOA");
  ASSERT_EQ(out.decision_766().indicators_size(), 10);
  EXPECT_EQ(out.decision_766().indicators(2).id(), "3.3");
  EXPECT_EQ(out.decision_766().indicators(2).denominator(), 4);
  EXPECT_EQ(out.tt01().indices_size(), 9);
  r.clear_unit_id();
  st = stub_->GetUnitIndicators(Ctx(kCityToken).get(), r, &out);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(st.error_message(), ::testing::HasSubstr("unit_id"));
  store_.down = true;
  r.set_unit_id("HN");
  EXPECT_EQ(
      stub_->GetUnitIndicators(Ctx(kCityToken).get(), r, &out).error_code(),
      grpc::StatusCode::UNAVAILABLE);
  store_.down = false;
}

TEST_F(GrpcQueryServiceTest, StatusCodes) {
  v1::GetUnitStatusRequest bad;
  v1::UnitStatus s;
  grpc::Status st = stub_->GetUnitStatus(Ctx(kCityToken).get(), bad, &s);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(st.error_message(), ::testing::HasSubstr("unit_id"));
  v1::GetDossierRequest dossier;
  dossier.set_dossier_id("NOPE");
  v1::DossierView view;
  EXPECT_EQ(
      stub_->GetDossier(Ctx(kCityToken).get(), dossier, &view).error_code(),
      grpc::StatusCode::NOT_FOUND);
  v1::GetFeedbackRequest feedback;
  v1::FeedbackView fview;
  st = stub_->GetFeedback(Ctx(kCityToken).get(), feedback, &fview);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(st.error_message(), ::testing::HasSubstr("feedback_id"));
  feedback.set_feedback_id("NOPE");
  EXPECT_EQ(
      stub_->GetFeedback(Ctx(kCityToken).get(), feedback, &fview).error_code(),
      grpc::StatusCode::NOT_FOUND);
  store_.down = true;
  EXPECT_EQ(Status(kCityToken, "HN"), grpc::StatusCode::UNAVAILABLE);
  store_.down = false;  // recovers by itself
  EXPECT_EQ(Status(kCityToken, "HN"), grpc::StatusCode::OK);
}

TEST_F(GrpcQueryServiceTest, GetFeedbackChecksTheHandlingUnit) {
  v1::FeedbackState item;
  item.set_feedback_id("F1");
  item.set_unit_id("HN.UBND.HOANKIEM");
  item.set_received(true);
  store::WriteBatch b;
  b.Put(layout_.Feedback("F1"), item.SerializeAsString());
  b.HashIncrement(layout_.UnitLive("HN.UBND.HOANKIEM"),
                  std::string(domain::kFieldWatermark), 1777600000000);
  ASSERT_TRUE(memory_.Commit(b).ok());
  v1::GetFeedbackRequest r;
  r.set_feedback_id("F1");
  v1::FeedbackView v;
  EXPECT_EQ(stub_->GetFeedback(Ctx(kWardToken).get(), r, &v).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  grpc::Status st = stub_->GetFeedback(Ctx(kCityToken).get(), r, &v);
  ASSERT_TRUE(st.ok()) << st.error_message();
  EXPECT_EQ(v.status(), "open");
  EXPECT_EQ(v.watermark().seconds(), 1777600000);
  store_.down = true;
  EXPECT_EQ(stub_->GetFeedback(Ctx(kCityToken).get(), r, &v).error_code(),
            grpc::StatusCode::UNAVAILABLE);
}

TEST_F(GrpcQueryServiceTest, AuditTrailIsLimitedToTheCallersSubtree) {
  v1::AuditEntry e;
  e.set_entry_id("HN.UBND.YENHOA.VP|R/1/AUDIT_NOTIFIED/1");
  e.set_unit_id("HN.UBND.YENHOA.VP");
  store::WriteBatch b;
  b.Put(layout_.AuditEntry(e.entry_id()), e.SerializeAsString());
  b.SortedSetAdd(layout_.AuditIndex(e.unit_id()), e.entry_id(), 1);
  ASSERT_TRUE(memory_.Commit(b).ok());
  v1::ListAuditTrailRequest r;
  r.set_unit_id("HN.UBND.YENHOA");
  r.set_include_subtree(true);
  v1::ListAuditTrailResponse page;
  grpc::Status st = stub_->ListAuditEntries(Ctx(kWardToken).get(), r, &page);
  ASSERT_TRUE(st.ok()) << st.error_message();
  ASSERT_EQ(page.entries_size(), 1);
  EXPECT_EQ(page.entries(0).entry_id(), e.entry_id());
  r.set_unit_id("HN");
  EXPECT_EQ(
      stub_->ListAuditEntries(Ctx(kWardToken).get(), r, &page).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  r.clear_unit_id();
  st = stub_->ListAuditEntries(Ctx(kCityToken).get(), r, &page);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(st.error_message(), ::testing::HasSubstr("unit_id"));
}

TEST_F(GrpcQueryServiceTest, AnswersCarryTheIngestionLag) {
  v1::PartitionProgress p;
  p.set_topic("events");
  p.set_next_offset(7);
  p.set_end_offset(10);
  *p.mutable_covered_until() = core::ToProto(clock_.Now() - absl::Seconds(30));
  *p.mutable_reported_at() = core::ToProto(clock_.Now());
  store::WriteBatch b;
  b.HashPut(layout_.IngestProgress(), "events/0", p.SerializeAsString());
  ASSERT_TRUE(memory_.Commit(b).ok());
  v1::UnitStatus s;
  ASSERT_EQ(Status(kCityToken, "HN", &s), grpc::StatusCode::OK);
  EXPECT_EQ(s.ingestion_lag().events(), 3);
  EXPECT_DOUBLE_EQ(s.ingestion_lag().seconds(), 30.0);
  v1::ListAlertsRequest alerts;
  alerts.set_unit_id("HN");
  v1::ListAlertsResponse listed;
  ASSERT_TRUE(stub_->ListAlerts(Ctx(kCityToken).get(), alerts, &listed).ok());
  EXPECT_EQ(listed.ingestion_lag().events(), 3);
  v1::ListInspectionCandidatesRequest plan;
  plan.set_scope("HN");
  v1::ListInspectionCandidatesResponse candidates;
  grpc::Status planned = inspection_stub_->ListInspectionCandidates(
      Ctx(kCityToken).get(), plan, &candidates);
  ASSERT_TRUE(planned.ok()) << planned.error_message();
  EXPECT_EQ(candidates.ingestion_lag().events(), 3);
  EXPECT_DOUBLE_EQ(candidates.ingestion_lag().seconds(), 30.0);
  EXPECT_EQ(core::FromProto(candidates.ingestion_lag().computed_at()),
            clock_.Now());
  clock_.Advance(absl::Seconds(5));  // no new report: the answer ages
  ASSERT_EQ(Status(kCityToken, "HN", &s), grpc::StatusCode::OK);
  EXPECT_DOUBLE_EQ(s.ingestion_lag().seconds(), 35.0);
}

TEST_F(GrpcQueryServiceTest, WatchSendsSnapshotThenChanges) {
  Receive("HN.UBND.YENHOA", 2);
  v1::WatchUnitStatusRequest r;
  r.add_unit_ids("HN.UBND.YENHOA");
  r.add_unit_ids("HN.UBND.YENHOA.VP");
  auto ctx = Ctx(kWardToken);
  auto reader = stub_->WatchUnitStatus(ctx.get(), r);
  v1::WatchUnitStatusResponse m;
  ASSERT_TRUE(reader->Read(&m));
  EXPECT_TRUE(m.snapshot());
  EXPECT_EQ(m.status().dossiers().received(), 2);
  ASSERT_TRUE(reader->Read(&m));
  EXPECT_EQ(m.status().unit_id(), "HN.UBND.YENHOA.VP");
  // Nothing changed: a tick sends nothing; a change is sent at the next.
  ASSERT_TRUE(giamsat::testing::Eventually(
      [&] { return ticker_.waiting() == 1; }, absl::Seconds(10)));
  Receive("HN.UBND.YENHOA.VP", 1);
  ticker_.Tick();
  ASSERT_TRUE(reader->Read(&m));
  EXPECT_FALSE(m.snapshot());
  EXPECT_EQ(m.status().unit_id(), "HN.UBND.YENHOA.VP");
  EXPECT_EQ(m.status().dossiers().received(), 1);
  ctx->TryCancel();
  (void)reader->Finish();
}

TEST_F(GrpcQueryServiceTest, WatchChecksEveryUnit) {
  v1::WatchUnitStatusRequest r;
  r.add_unit_ids("HN.UBND.YENHOA");
  r.add_unit_ids("HN.UBND.HOANKIEM");
  auto ctx = Ctx(kWardToken);
  auto reader = stub_->WatchUnitStatus(ctx.get(), r);
  v1::WatchUnitStatusResponse m;
  EXPECT_FALSE(reader->Read(&m));
  EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::PERMISSION_DENIED);
}

}  // namespace
}  // namespace giamsat::query
