// End to end, the query API over the state the real rules service keeps: a
// small known scenario goes through giamsat-ingestor and Kafka to
// giamsat-rules and Redis, then every RPC of giamsat-query is checked against
// it. Also: TLS with per-client tokens (certificates made with openssl at
// test time) and a Redis restart the service recovers from by itself.
//
// Event times are fixed in October 2026 with a 1-working-day limit, so that
// which dossier is early, on time, late or overdue does not depend on when
// the test runs (the services use the real clock).
#include <gmock/gmock.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/notification.h"
#include "giamsat/v1/ingest.grpc.pb.h"
#include "giamsat/v1/query.grpc.pb.h"
#include "tests/e2e/service_fixture.h"
#include "tests/support/event_builders.h"
#include "tests/support/local_ports.h"
#include "tests/support/subprocess.h"

namespace giamsat::e2e {
namespace {

using ::giamsat::testing::DossierReceived;
using ::giamsat::testing::DossierResolved;
using ::giamsat::testing::Eventually;
using ::giamsat::testing::FeedbackEvent;
using ::giamsat::testing::Listening;
using ::giamsat::testing::ReadyFileValue;
using ::giamsat::testing::RunOpenSsl;
using ::giamsat::testing::Subprocess;
using ::giamsat::testing::VnTime;
using ::testing::HasSubstr;
using ::testing::IsSupersetOf;

// 1-working-day dossiers received Tuesday 06/10/2026 09:00 are due at the
// close of Wednesday 07/10.
absl::Time Oct(int day, int hour) {
  return VnTime(absl::StrFormat("2026-10-%02dT%02d:00:00+07:00", day, hour));
}

std::unique_ptr<grpc::ClientContext> Ctx(const std::string& token = "") {
  auto ctx = std::make_unique<grpc::ClientContext>();
  ctx->set_deadline(std::chrono::system_clock::now() +
                    std::chrono::seconds(10));
  if (!token.empty()) ctx->AddMetadata("authorization", "Bearer " + token);
  return ctx;
}

// The gRPC health service's Check("") answer: the serving status (1:
// SERVING), or -1 when the call failed. The health proto is not generated
// in this project, so the call goes through the generic stub: an empty
// request, and a response whose field 1 is the status.
int HealthStatus(const std::shared_ptr<grpc::Channel>& channel) {
  grpc::GenericStub stub(channel);
  grpc::ByteBuffer request, response;
  grpc::Slice empty("");
  request = grpc::ByteBuffer(&empty, 1);
  auto ctx = Ctx();
  absl::Notification done;
  grpc::Status status;
  stub.UnaryCall(ctx.get(), "/grpc.health.v1.Health/Check", grpc::StubOptions(),
                 &request, &response, [&](grpc::Status s) {
                   status = std::move(s);
                   done.Notify();
                 });
  done.WaitForNotification();
  if (!status.ok()) return -1;
  std::vector<grpc::Slice> slices;
  if (!response.Dump(&slices).ok()) return -1;
  std::string bytes;
  for (const grpc::Slice& s : slices) {
    bytes.append(reinterpret_cast<const char*>(s.begin()), s.size());
  }
  if (bytes.size() != 2 || bytes[0] != '\x08') return -1;
  return bytes[1];
}

class QueryApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    city_ = services_.prefix() + "Q";
    a_ = city_ + ".A";
    a_office_ = a_ + ".VP";
    b_ = city_ + ".B";
    units_file_ = services_.dir() + "/units.yaml";
    std::ofstream(units_file_)
        << "units:\n"
        << "  - {id: " << city_ << ", name: City, level: city}\n"
        << "  - {id: " << a_ << ", name: Ward A, level: ward, parent: " << city_
        << "}\n"
        << "  - {id: " << a_office_
        << ", name: Office of A, level: office, parent: " << a_ << "}\n"
        << "  - {id: " << b_ << ", name: Ward B, level: ward, parent: " << city_
        << "}\n";
  }

  std::vector<std::string> QueryArgs(
      const std::string& redis_address = "") const {
    std::vector<std::string> args = services_.QueryArgs();
    args.insert(args.end(), {"--set", "reference.units_file=" + units_file_,
                             "--set", "watch.poll_interval_ms=100"});
    if (!redis_address.empty()) {
      args.insert(args.end(), {"--set", "redis.address=" + redis_address});
    }
    return args;
  }

  void StartPipeline() {
    std::vector<std::string> ingestor_args = services_.KafkaArgs();
    const auto redis = services_.RedisArgs();  // dedup store
    ingestor_args.insert(ingestor_args.end(), redis.begin(), redis.end());
    ingestor_args.insert(ingestor_args.end(),
                         {"--set", "grpc.listen=127.0.0.1:0", "--set",
                          "http.listen=127.0.0.1:0"});
    std::string ingestor_ready, rules_ready, query_ready;
    ingestor_ = services_.Start("ingestor", ingestor_args, &ingestor_ready);
    rules_ = services_.Start("rules", services_.RulesArgs(), &rules_ready);
    query_ = services_.Start("query", QueryArgs(), &query_ready);
    ASSERT_FALSE(ingestor_ready.empty());
    ASSERT_FALSE(rules_ready.empty());
    ASSERT_FALSE(query_ready.empty());
    ingest_ = v1::IngestService::NewStub(
        grpc::CreateChannel(ReadyFileValue(ingestor_ready, "grpc"),
                            grpc::InsecureChannelCredentials()));
    channel_ = grpc::CreateChannel(ReadyFileValue(query_ready, "grpc"),
                                   grpc::InsecureChannelCredentials());
    query_stub_ = v1::QueryService::NewStub(channel_);
  }

  void Ingest(const v1::Event& e) {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() +
                     std::chrono::seconds(30));
    v1::IngestResult result;
    grpc::Status s = ingest_->Ingest(&ctx, e, &result);
    ASSERT_TRUE(s.ok()) << e.event_id() << ": " << s.error_message();
  }
  void Dossier(const std::string& id, const std::string& unit,
               std::optional<absl::Time> resolved,
               const std::function<void(v1::DossierEvent&)>& flags = {}) {
    v1::Event r = DossierReceived(id + "-r", id, unit, Oct(6, 9));
    r.mutable_dossier()->mutable_legal_duration()->set_working_days(1);
    if (flags) flags(*r.mutable_dossier());
    ASSERT_NO_FATAL_FAILURE(Ingest(r));
    if (resolved.has_value()) {
      ASSERT_NO_FATAL_FAILURE(
          Ingest(DossierResolved(id + "-s", id, unit, *resolved)));
    }
  }
  // The scenario: ward A (early, on time, late, open overdue), its office
  // (on time), ward B (two open overdue); feedback F1 answered on time in
  // A, F2 open past its limits in B. Every dossier is received online; of
  // A's, D1 (fee paid online, digitised, e-result, re-used data) and D2
  // (fee not paid online, e-result) carry Decision 766 attributes.
  void SendScenario() {
    ASSERT_NO_FATAL_FAILURE(
        Dossier("D1", a_, Oct(6, 15), [](v1::DossierEvent& d) {
          d.set_fee_bearing(true);
          d.set_paid_online(true);
          d.set_digitised_input(true);
          d.set_electronic_result(true);
          d.set_reused_digitised_data(true);
        }));
    ASSERT_NO_FATAL_FAILURE(
        Dossier("D2", a_, Oct(7, 10), [](v1::DossierEvent& d) {
          d.set_fee_bearing(true);
          d.set_electronic_result(true);
        }));
    ASSERT_NO_FATAL_FAILURE(Dossier("D3", a_, Oct(9, 10)));
    ASSERT_NO_FATAL_FAILURE(Dossier("D4", a_, std::nullopt));
    ASSERT_NO_FATAL_FAILURE(Dossier("D7", a_office_, Oct(7, 10)));
    ASSERT_NO_FATAL_FAILURE(Dossier("D5", b_, std::nullopt));
    ASSERT_NO_FATAL_FAILURE(Dossier("D6", b_, std::nullopt));
    ASSERT_NO_FATAL_FAILURE(Ingest(
        FeedbackEvent("F1-r", "F1", v1::FEEDBACK_RECEIVED, a_, Oct(6, 9))));
    ASSERT_NO_FATAL_FAILURE(Ingest(
        FeedbackEvent("F1-a", "F1", v1::FEEDBACK_RESPONDED, a_, Oct(8, 9))));
    ASSERT_NO_FATAL_FAILURE(Ingest(
        FeedbackEvent("F2-r", "F2", v1::FEEDBACK_RECEIVED, b_, Oct(6, 9))));
  }

  v1::UnitStatus Status(const std::string& unit, const v1::Period& period,
                        bool roll_up = false) {
    v1::GetUnitStatusRequest r;
    r.set_unit_id(unit);
    *r.mutable_period() = period;
    r.set_roll_up(roll_up);
    v1::UnitStatus s;
    grpc::Status st = query_stub_->GetUnitStatus(Ctx().get(), r, &s);
    EXPECT_TRUE(st.ok()) << st.error_message();
    return s;
  }
  v1::ListDossiersResponse Overdue(const std::string& unit, int page_size,
                                   const std::string& token) {
    v1::ListDossiersRequest r;
    r.set_unit_id(unit);
    r.set_filter(v1::ListDossiersRequest::FILTER_OVERDUE);
    r.set_page_size(page_size);
    r.set_page_token(token);
    v1::ListDossiersResponse out;
    grpc::Status st = query_stub_->ListDossiers(Ctx().get(), r, &out);
    EXPECT_TRUE(st.ok()) << st.error_message();
    return out;
  }

  Services services_;
  std::string city_, a_, a_office_, b_, units_file_;
  std::unique_ptr<Subprocess> ingestor_, rules_, query_;
  std::unique_ptr<v1::IngestService::Stub> ingest_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::QueryService::Stub> query_stub_;
};

TEST_F(QueryApiTest, EveryRpcAnswersFromTheRulesServiceState) {
  ASSERT_NO_FATAL_FAILURE(StartPipeline());
  EXPECT_EQ(HealthStatus(channel_), 1);  // SERVING
  ASSERT_NO_FATAL_FAILURE(SendScenario());

  // Wait until the rules service applied everything: every figure below
  // is then final (the open dossiers were overdue on arrival).
  const v1::Period all_time;
  ASSERT_TRUE(Eventually(
      [&] {
        v1::UnitStatus a = Status(a_, all_time);
        v1::UnitStatus b = Status(b_, all_time);
        return a.dossiers().resolved() == 3 &&
               a.dossiers().in_progress_overdue() == 1 &&
               a.feedback().answered_on_time() == 1 &&
               b.dossiers().in_progress_overdue() == 2 &&
               b.feedback().open_overdue() == 1 &&
               Status(a_office_, all_time).dossiers().resolved() == 1;
      },
      absl::Seconds(120)))
      << "the rules service did not apply the scenario";

  // The rules service reports its progress on each of the 3 event topics'
  // 3 partitions; once it applied everything, no event is left and the
  // figures cover the log as of a moment ago.
  ASSERT_TRUE(Eventually(
      [&] {
        const v1::IngestionLag lag = Status(a_, all_time).ingestion_lag();
        return lag.partitions() == 9 && lag.events() == 0 &&
               lag.seconds_known();
      },
      absl::Seconds(60)));
  const v1::IngestionLag lag = Status(a_, all_time).ingestion_lag();
  EXPECT_GE(lag.seconds(), 0.0);
  EXPECT_LT(lag.seconds(), 30.0);
  EXPECT_TRUE(lag.has_reported_at());

  // GetUnitStatus: the unit's own figures, all time.
  v1::UnitStatus a = Status(a_, all_time);
  EXPECT_EQ(a.unit_name(), "Ward A");
  EXPECT_EQ(a.level(), "ward");
  EXPECT_FALSE(a.rolled_up());
  EXPECT_EQ(a.dossiers().received(), 4);
  EXPECT_EQ(a.dossiers().resolved(), 3);
  EXPECT_EQ(a.dossiers().resolved_early(), 1);
  EXPECT_EQ(a.dossiers().resolved_on_time(), 1);
  EXPECT_EQ(a.dossiers().resolved_late(), 1);
  EXPECT_EQ(a.dossiers().in_progress(), 1);
  EXPECT_EQ(a.dossiers().in_progress_overdue(), 1);
  EXPECT_TRUE(a.dossiers().has_on_time_rate());
  EXPECT_NEAR(a.dossiers().on_time_rate_percent(), 200.0 / 3, 0.01);
  EXPECT_EQ(a.feedback().received(), 1);
  EXPECT_EQ(a.feedback().answered_on_time(), 1);
  EXPECT_EQ(a.feedback().open(), 0);
  EXPECT_EQ(a.watermark().seconds(), absl::ToUnixSeconds(Oct(9, 10)));
  // A month, another month, and "from a date to now".
  v1::Period october;
  october.set_month("2026-10");
  v1::UnitStatus in_october = Status(a_, october);
  EXPECT_EQ(in_october.dossiers().received(), 4);
  EXPECT_EQ(in_october.dossiers().resolved(), 3);
  EXPECT_EQ(in_october.period().from_date(), "2026-10-01");
  EXPECT_EQ(in_october.period().to_date(), "2026-10-31");
  v1::Period september;
  september.set_month("2026-09");
  v1::UnitStatus in_september = Status(a_, september);
  EXPECT_EQ(in_september.dossiers().received(), 0);
  EXPECT_EQ(in_september.dossiers().resolved(), 0);
  EXPECT_EQ(in_september.dossiers().in_progress(), 1) << "stock: now";
  v1::Period since;
  since.set_from_date("2026-10-07");
  v1::UnitStatus since_7th = Status(a_, since);
  EXPECT_EQ(since_7th.dossiers().received(), 0);
  EXPECT_EQ(since_7th.dossiers().resolved(), 2);
  EXPECT_EQ(since_7th.dossiers().resolved_on_time(), 1);
  EXPECT_EQ(since_7th.dossiers().resolved_late(), 1);
  EXPECT_EQ(since_7th.feedback().answered_on_time(), 1);

  // Roll-up over A's subtree (A and its office).
  v1::UnitStatus a_tree = Status(a_, all_time, /*roll_up=*/true);
  EXPECT_TRUE(a_tree.rolled_up());
  EXPECT_EQ(a_tree.dossiers().received(), 5);
  EXPECT_EQ(a_tree.dossiers().resolved_on_time(), 2);

  // Breakdowns by field and channel (the builder's dossiers are "ho-tich",
  // online; feedback comes from iHanoi), rolled up too.
  v1::GetUnitStatusRequest broken_down;
  broken_down.set_unit_id(a_);
  broken_down.set_roll_up(true);
  broken_down.set_by_field(true);
  broken_down.set_by_channel(true);
  v1::UnitStatus by;
  ASSERT_TRUE(query_stub_->GetUnitStatus(Ctx().get(), broken_down, &by).ok());
  ASSERT_EQ(by.by_field_size(), 1);
  EXPECT_EQ(by.by_field(0).key(), "ho-tich");
  EXPECT_EQ(by.by_field(0).dossiers().received(), 5);
  EXPECT_EQ(by.by_field(0).dossiers().in_progress_overdue(), 1);
  EXPECT_EQ(by.by_field(0).dossiers().resolved_late(), 1);
  ASSERT_EQ(by.by_channel_size(), 2);
  EXPECT_EQ(by.by_channel(0).key(), "CHANNEL_ONLINE");
  EXPECT_EQ(by.by_channel(0).dossiers().received(), 5);
  EXPECT_EQ(by.by_channel(1).key(), "FEEDBACK_CHANNEL_IHANOI");
  EXPECT_EQ(by.by_channel(1).feedback().answered_on_time(), 1);

  // ListUnitStatuses: the city's wards by overdue count, one per page.
  v1::ListUnitStatusesRequest list;
  list.set_parent(city_);
  list.set_sort(v1::ListUnitStatusesRequest::SORT_OVERDUE_DESC);
  list.set_page_size(1);
  v1::ListUnitStatusesResponse page1, page2;
  ASSERT_TRUE(query_stub_->ListUnitStatuses(Ctx().get(), list, &page1).ok());
  EXPECT_EQ(page1.total_size(), 2);
  ASSERT_EQ(page1.statuses_size(), 1);
  EXPECT_EQ(page1.statuses(0).unit_id(), b_);
  EXPECT_EQ(page1.statuses(0).dossiers().in_progress_overdue(), 2);
  EXPECT_TRUE(page1.has_watermark());
  ASSERT_FALSE(page1.next_page_token().empty());
  list.set_page_token(page1.next_page_token());
  ASSERT_TRUE(query_stub_->ListUnitStatuses(Ctx().get(), list, &page2).ok());
  ASSERT_EQ(page2.statuses_size(), 1);
  EXPECT_EQ(page2.statuses(0).unit_id(), a_);
  EXPECT_EQ(page2.statuses(0).dossiers().received(), 5) << "rolled up";
  EXPECT_TRUE(page2.next_page_token().empty());
  list.set_sort(v1::ListUnitStatusesRequest::SORT_ON_TIME_RATE_DESC);
  list.clear_page_token();
  list.set_page_size(10);
  v1::ListUnitStatusesResponse by_rate;
  ASSERT_TRUE(query_stub_->ListUnitStatuses(Ctx().get(), list, &by_rate).ok());
  ASSERT_EQ(by_rate.statuses_size(), 2);
  EXPECT_EQ(by_rate.statuses(0).unit_id(), a_) << "B has judged nothing";

  // GetDossier: the late one, with its timeline and deadline explained.
  v1::GetDossierRequest get_dossier;
  get_dossier.set_dossier_id("D3");
  v1::DossierView d3;
  ASSERT_TRUE(query_stub_->GetDossier(Ctx().get(), get_dossier, &d3).ok());
  EXPECT_EQ(d3.unit_id(), a_);
  EXPECT_EQ(d3.status(), "resolved");
  EXPECT_EQ(d3.verdict(), "late");
  ASSERT_EQ(d3.timeline_size(), 2);
  EXPECT_EQ(d3.timeline(0).kind(), v1::DOSSIER_RECEIVED);
  EXPECT_EQ(d3.timeline(1).kind(), v1::DOSSIER_RESOLVED);
  EXPECT_GT(d3.due_at().seconds(), absl::ToUnixSeconds(Oct(7, 0)));
  EXPECT_LT(d3.due_at().seconds(), absl::ToUnixSeconds(Oct(8, 0)));
  EXPECT_THAT(d3.deadline_explanation_en(), HasSubstr("07/10/2026"));
  EXPECT_FALSE(d3.deadline_explanation_vi().empty());
  EXPECT_EQ(d3.watermark().seconds(), a.watermark().seconds());

  // GetFeedback: F2 open past its limits, with firing alerts.
  v1::GetFeedbackRequest get_feedback;
  get_feedback.set_feedback_id("F2");
  v1::FeedbackView f2;
  ASSERT_TRUE(query_stub_->GetFeedback(Ctx().get(), get_feedback, &f2).ok());
  EXPECT_EQ(f2.unit_id(), b_);
  EXPECT_EQ(f2.status(), "open");
  EXPECT_EQ(f2.clock_start(), "receipt");
  EXPECT_TRUE(f2.acknowledge_overdue());
  EXPECT_TRUE(f2.answer_overdue());
  ASSERT_EQ(f2.timeline_size(), 1);
  EXPECT_EQ(f2.timeline(0).kind(), v1::FEEDBACK_RECEIVED);
  EXPECT_THAT(f2.answer_explanation_en(), HasSubstr("Answer (normal)"));
  EXPECT_THAT(f2.answer_explanation_en(), HasSubstr("counted from receipt"));
  EXPECT_THAT(f2.acknowledge_explanation_en(), HasSubstr("Acceptance"));
  EXPECT_EQ(f2.firing_alert_ids_size(), 2);
  EXPECT_TRUE(f2.has_watermark());
  get_feedback.set_feedback_id("F1");
  v1::FeedbackView f1;
  ASSERT_TRUE(query_stub_->GetFeedback(Ctx().get(), get_feedback, &f1).ok());
  EXPECT_EQ(f1.status(), "answered");
  EXPECT_EQ(f1.answer_verdict(), "on_time");
  get_feedback.set_feedback_id("NOPE");
  EXPECT_EQ(
      query_stub_->GetFeedback(Ctx().get(), get_feedback, &f1).error_code(),
      grpc::StatusCode::NOT_FOUND);

  // ListDossiers: B's open overdue dossiers, one per page.
  v1::ListDossiersResponse first = Overdue(b_, 1, "");
  ASSERT_EQ(first.dossiers_size(), 1);
  EXPECT_TRUE(first.dossiers(0).overdue());
  EXPECT_TRUE(first.has_watermark());
  ASSERT_FALSE(first.next_page_token().empty());
  v1::ListDossiersResponse second = Overdue(b_, 1, first.next_page_token());
  ASSERT_EQ(second.dossiers_size(), 1);
  EXPECT_TRUE(second.next_page_token().empty());
  EXPECT_EQ(std::set<std::string>({first.dossiers(0).dossier_id(),
                                   second.dossiers(0).dossier_id()}),
            std::set<std::string>({"D5", "D6"}));
  v1::ListDossiersResponse in_a = Overdue(a_, 10, "");
  ASSERT_EQ(in_a.dossiers_size(), 1);
  EXPECT_EQ(in_a.dossiers(0).dossier_id(), "D4");

  // ListAlerts: B's firing alerts name D5, D6 and F2.
  v1::ListAlertsRequest alerts_request;
  alerts_request.set_unit_id(b_);
  alerts_request.set_state(v1::ALERT_FIRING);
  v1::ListAlertsResponse alerts;
  ASSERT_TRUE(
      query_stub_->ListAlerts(Ctx().get(), alerts_request, &alerts).ok());
  std::vector<std::string> subjects;
  for (const v1::Alert& alert : alerts.alerts()) {
    subjects.push_back(alert.subject_id());
  }
  EXPECT_THAT(subjects, IsSupersetOf({"D5", "D6", "F2"}));
  EXPECT_TRUE(alerts.has_watermark());
  // GetUnitStatus counts the same firing alerts by severity.
  alerts_request.set_unit_id(a_);
  ASSERT_TRUE(
      query_stub_->ListAlerts(Ctx().get(), alerts_request, &alerts).ok());
  subjects.clear();
  for (const v1::Alert& alert : alerts.alerts()) {
    subjects.push_back(alert.subject_id());
  }
  EXPECT_THAT(subjects, ::testing::Contains("D4"));
  EXPECT_EQ(a.open_alerts().critical() + a.open_alerts().warning() +
                a.open_alerts().info(),
            alerts.alerts_size());

  // GetUnitIndicators: A's own Decision 766 indicators and TT 01/2018
  // scoring over October, counted by the rules service.
  v1::GetUnitIndicatorsRequest indicators_request;
  indicators_request.set_unit_id(a_);
  indicators_request.mutable_period()->set_month("2026-10");
  v1::UnitIndicators ind;
  ASSERT_TRUE(
      query_stub_->GetUnitIndicators(Ctx().get(), indicators_request, &ind)
          .ok());
  EXPECT_EQ(ind.period().from_date(), "2026-10-01");
  std::map<std::string, v1::Indicator766> by_id;
  for (const v1::Indicator766& i : ind.decision_766().indicators()) {
    by_id[i.id()] = i;
  }
  ASSERT_EQ(by_id.size(), 10u);
  // 2.1: D1, D2 on time on the 766 clock; D3 late; D4 open and overdue.
  EXPECT_EQ(by_id["2.1"].numerator(), 2);
  EXPECT_EQ(by_id["2.1"].denominator(), 4);
  EXPECT_DOUBLE_EQ(by_id["2.1"].points(), 10);
  // 2.2: (6 h + 25 h + 73 h) / 3 resolved, in seconds.
  EXPECT_DOUBLE_EQ(by_id["2.2"].rate(), 124800);
  EXPECT_DOUBLE_EQ(by_id["3.3"].rate(), 1.0);
  EXPECT_DOUBLE_EQ(by_id["3.3"].points(), 11) << "capped at the target";
  EXPECT_EQ(by_id["3.6"].numerator(), 1);
  EXPECT_EQ(by_id["3.6"].denominator(), 2);
  EXPECT_EQ(by_id["4.1"].numerator(), 2);
  EXPECT_DOUBLE_EQ(by_id["4.1"].points(), 4.67);
  EXPECT_DOUBLE_EQ(by_id["4.2"].points(), 3.33);
  EXPECT_DOUBLE_EQ(by_id["4.3"].points(), 2.92);
  EXPECT_DOUBLE_EQ(by_id["5.2"].points(), 6);
  EXPECT_DOUBLE_EQ(by_id["5.3"].points(), 6);
  EXPECT_EQ(by_id["5.4"].numerator(), 2);
  EXPECT_DOUBLE_EQ(by_id["5.4"].points(), 4.44);
  EXPECT_DOUBLE_EQ(ind.decision_766().points(), 53.86);
  EXPECT_DOUBLE_EQ(ind.decision_766().max_points(), 82);
  EXPECT_DOUBLE_EQ(ind.decision_766().score(), 65.68);
  // TT 01/2018: early, on time, late = 1 on index 1; no dislike, every
  // petition on time and every dossier online = 2: 7 of 8 → 15.75 of 18.
  ASSERT_EQ(ind.tt01().indices_size(), 9);
  EXPECT_DOUBLE_EQ(ind.tt01().indices(0).points(), 1);
  EXPECT_FALSE(ind.tt01().indices(1).applicable()) << "no steps sent";
  EXPECT_DOUBLE_EQ(ind.tt01().score(), 15.75);
  EXPECT_EQ(ind.tt01().band(), "excellent");
  EXPECT_DOUBLE_EQ(Status(a_, october).decision_766().score(), 65.68);
  // The monthly ranking by index score, with the figures behind each rank:
  // B's open overdue dossiers give it 0 of 20 on 2.1; with 3.3 and 5.3 it
  // has 17 of 37 points.
  list.set_sort(v1::ListUnitStatusesRequest::SORT_INDEX_SCORE_DESC);
  *list.mutable_period() = october;
  v1::ListUnitStatusesResponse ranked;
  ASSERT_TRUE(query_stub_->ListUnitStatuses(Ctx().get(), list, &ranked).ok());
  ASSERT_EQ(ranked.statuses_size(), 2);
  EXPECT_EQ(ranked.statuses(0).unit_id(), a_);
  const v1::Decision766& b_score = ranked.statuses(1).decision_766();
  EXPECT_EQ(ranked.statuses(1).unit_id(), b_);
  EXPECT_DOUBLE_EQ(b_score.score(), 45.95);
  EXPECT_EQ(b_score.indicators(0).numerator(), 0);
  EXPECT_EQ(b_score.indicators(0).denominator(), 2);
  EXPECT_GT(ranked.statuses(0).decision_766().score(), b_score.score());

  // WatchUnitStatus: the snapshot, then a new receipt in A is pushed.
  v1::WatchUnitStatusRequest watch;
  watch.add_unit_ids(a_);
  auto watch_ctx = Ctx();
  watch_ctx->set_deadline(std::chrono::system_clock::now() +
                          std::chrono::seconds(120));
  auto reader = query_stub_->WatchUnitStatus(watch_ctx.get(), watch);
  v1::WatchUnitStatusResponse message;
  ASSERT_TRUE(reader->Read(&message));
  EXPECT_TRUE(message.snapshot());
  EXPECT_EQ(message.status().dossiers().received(), 4);
  ASSERT_NO_FATAL_FAILURE(Ingest(
      DossierReceived("D8-r", "D8", a_, absl::Now() - absl::Minutes(1))));
  ASSERT_TRUE(reader->Read(&message));
  EXPECT_FALSE(message.snapshot());
  EXPECT_EQ(message.status().unit_id(), a_);
  EXPECT_EQ(message.status().dossiers().received(), 5);
  EXPECT_GT(message.status().watermark().seconds(),
            absl::ToUnixSeconds(Oct(9, 10)));
  watch_ctx->TryCancel();
  EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::CANCELLED);
}

TEST_F(QueryApiTest, TlsAndTokensDecideWhoReadsWhat) {
  const std::string dir = services_.dir();
  const std::string cert = dir + "/server.crt", key = dir + "/server.key";
  ASSERT_TRUE(RunOpenSsl(
      dir,
      {"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
       "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
       "-keyout", key, "-out", cert}));
  // Tokens: random, made now; the file is private to the service.
  ASSERT_TRUE(
      RunOpenSsl(dir, {"rand", "-hex", "-out", dir + "/city.token", "24"}));
  ASSERT_TRUE(
      RunOpenSsl(dir, {"rand", "-hex", "-out", dir + "/ward.token", "24"}));
  auto read = [](const std::string& path) {
    std::string token;
    std::ifstream(path) >> token;
    return token;
  };
  const std::string city_token = read(dir + "/city.token");
  const std::string ward_token = read(dir + "/ward.token");
  ASSERT_EQ(city_token.size(), 48u);
  const std::string tokens = dir + "/tokens.yaml";
  std::ofstream(tokens) << "clients:\n"
                        << "  - {name: city, token: \"" << city_token
                        << "\", units: [" << city_ << "]}\n"
                        << "  - {name: ward, token: \"" << ward_token
                        << "\", units: [" << a_ << "]}\n";
  std::filesystem::permissions(tokens, std::filesystem::perms::owner_read |
                                           std::filesystem::perms::owner_write);

  std::vector<std::string> args = QueryArgs();
  args.insert(args.end(),
              {"--set", "tls.cert_file=" + cert, "--set", "tls.key_file=" + key,
               "--set", "auth.tokens_file=" + tokens});
  std::string ready;
  query_ = services_.Start("query", args, &ready);
  ASSERT_FALSE(ready.empty());
  const std::string address = ReadyFileValue(ready, "grpc");

  std::string ca;
  {
    std::ifstream in(cert);
    ca.assign(std::istreambuf_iterator<char>(in),
              std::istreambuf_iterator<char>());
  }
  grpc::SslCredentialsOptions ssl;
  ssl.pem_root_certs = ca;
  auto stub = v1::QueryService::NewStub(
      grpc::CreateChannel(address, grpc::SslCredentials(ssl)));
  auto status_of = [&](const std::string& token, const std::string& unit) {
    v1::GetUnitStatusRequest r;
    r.set_unit_id(unit);
    v1::UnitStatus s;
    return stub->GetUnitStatus(Ctx(token).get(), r, &s).error_code();
  };
  EXPECT_EQ(status_of(city_token, b_), grpc::StatusCode::OK);
  EXPECT_EQ(status_of(ward_token, a_office_), grpc::StatusCode::OK);
  EXPECT_EQ(status_of("", a_), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(status_of("not-a-known-token-0123456789", a_),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(status_of(ward_token, b_), grpc::StatusCode::PERMISSION_DENIED);
  v1::ListUnitStatusesRequest list;
  list.set_parent(city_);
  v1::ListUnitStatusesResponse units;
  EXPECT_EQ(
      stub->ListUnitStatuses(Ctx(ward_token).get(), list, &units).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_TRUE(stub->ListUnitStatuses(Ctx(city_token).get(), list, &units).ok());

  // Plaintext is not served.
  auto plain = v1::QueryService::NewStub(
      grpc::CreateChannel(address, grpc::InsecureChannelCredentials()));
  v1::GetUnitStatusRequest r;
  r.set_unit_id(a_);
  v1::UnitStatus s;
  EXPECT_EQ(plain->GetUnitStatus(Ctx(city_token).get(), r, &s).error_code(),
            grpc::StatusCode::UNAVAILABLE);
}

TEST_F(QueryApiTest, RedisRestartIsUnavailableThenRecovers) {
  const int port = FreePort();
  ASSERT_GT(port, 0);
  const std::string address = absl::StrCat("127.0.0.1:", port);
  auto start_redis = [&] {
    return std::make_unique<Subprocess>(
        "/usr/bin/redis-server",
        std::vector<std::string>{"--bind", "127.0.0.1", "--port",
                                 std::to_string(port), "--save", "",
                                 "--appendonly", "no"},
        services_.dir() + "/redis.log");
  };
  auto redis = start_redis();
  ASSERT_TRUE(Eventually([&] { return Listening(port); }, absl::Seconds(30)));
  std::string ready;
  query_ = services_.Start("query", QueryArgs(address), &ready);
  ASSERT_FALSE(ready.empty());
  auto stub = v1::QueryService::NewStub(grpc::CreateChannel(
      ReadyFileValue(ready, "grpc"), grpc::InsecureChannelCredentials()));
  auto code = [&] {
    v1::GetUnitStatusRequest r;
    r.set_unit_id(a_);
    v1::UnitStatus s;
    return stub->GetUnitStatus(Ctx().get(), r, &s).error_code();
  };
  EXPECT_EQ(code(), grpc::StatusCode::OK);

  ASSERT_TRUE(redis->Stop().has_value());
  ASSERT_TRUE(Eventually([&] { return !Listening(port); }, absl::Seconds(30)));
  EXPECT_EQ(code(), grpc::StatusCode::UNAVAILABLE);
  redis = start_redis();
  EXPECT_TRUE(Eventually([&] { return code() == grpc::StatusCode::OK; },
                         absl::Seconds(30)))
      << "the service did not recover after Redis came back";
}

}  // namespace
}  // namespace giamsat::e2e
