// Inspection planning through the shipped services on a generated city:
// giamsat-loadgen writes six weeks of a small Hanoi-shaped city; the test
// adds, through the same ingestor, a few deliberately bad units and the
// inspection team's records:
//   kLate       60 dossiers accepted a month ago and never resolved;
//   kFlagged    5 petitions flagged urgent, complex or public outrage;
//   kConcluded  inspected and concluded 20 days ago (remediation due 5 days
//               ago, never reported), then 25 petitions after the
//               conclusion;
//   kNoReport   a visit in 3 days whose report never arrived;
//   kSurprise   a surprise inspection done.
// giamsat-rules applies everything; ListInspectionCandidates on
// giamsat-query (and `giamsatctl inspections`) must put the three bad
// units on top with the right reasons, the concluded unit as a
// re-inspection, count the surprise inspection in the coverage, and the
// unit without a report must carry INSPECTION_REPORT_NOT_RECEIVED. A token
// limited to one ward cannot plan the whole city.
#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "giamsat/v1/inspection.grpc.pb.h"
#include "giamsat/v1/query.grpc.pb.h"
#include "nlohmann/json.hpp"
#include "tests/e2e/service_fixture.h"
#include "tests/support/shipped_calendar.h"
#include "tests/support/subprocess.h"

namespace giamsat::e2e {
namespace {

using ::giamsat::testing::ReadyFileValue;
using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;

constexpr char kLate[] = "HN.UBND.HOANKIEM.KT";
constexpr char kFlagged[] = "HN.UBND.CUANAM.VHXH";
constexpr char kConcluded[] = "HN.UBND.BADINH.MC";
constexpr char kNoReport[] = "HN.UBND.NGOCHA";
constexpr char kSurprise[] = "HN.UBND.HOANKIEM.VHXH";

std::string Rfc3339(absl::Time t) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%S+07:00", t,
                          absl::FixedTimeZone(7 * 3600));
}

std::string Day(absl::Time t) {
  return absl::FormatTime("%Y-%m-%d", t, absl::FixedTimeZone(7 * 3600));
}

std::string RandomToken() {
  std::random_device rd;
  std::string t;
  for (int i = 0; i < 24; ++i) absl::StrAppendFormat(&t, "%02x", rd() & 0xff);
  return t;
}

nlohmann::json Envelope(const std::string& id, const std::string& unit,
                        absl::Time at) {
  return {{"eventId", id},
          {"sourceSystem", "inspection-e2e"},
          {"unitId", unit},
          {"occurredAt", Rfc3339(at)}};
}

nlohmann::json Inspection(const std::string& event_id, const std::string& id,
                          const std::string& kind, const std::string& unit,
                          absl::Time at) {
  nlohmann::json e = Envelope(event_id, unit, at);
  e["inspection"] = {{"inspectionId", id}, {"kind", kind}};
  return e;
}

nlohmann::json Petition(const std::string& id, const std::string& unit,
                        absl::Time at, bool flagged) {
  nlohmann::json e = Envelope(id + "-r", unit, at);
  e["feedback"] = {{"feedbackId", id},
                   {"kind", "FEEDBACK_RECEIVED"},
                   {"channel", "FEEDBACK_CHANNEL_IHANOI"}};
  if (flagged) {
    e["feedback"]["urgent"] = true;
    e["feedback"]["publicOutrage"] = true;
  }
  return e;
}

std::vector<v1::InspectionReasonKind> Kinds(const v1::InspectionCandidate& c) {
  std::vector<v1::InspectionReasonKind> k;
  for (const auto& r : c.reasons()) k.push_back(r.kind());
  return k;
}

TEST(InspectionPlanningE2eTest, BadUnitsTopTheCandidatesWithTheirReasons) {
  Services services;
  const std::string dir = services.dir();
  const absl::Time now =
      absl::FromUnixSeconds(absl::ToUnixSeconds(absl::Now()));
  const absl::Time start = now - absl::Hours(24 * 45);
  {
    testing::Subprocess loadgen(GIAMSAT_LOADGEN_BIN,
                                {"--seed",
                                 "766",
                                 "--start",
                                 Rfc3339(start),
                                 "--end",
                                 Rfc3339(now - absl::Minutes(1)),
                                 "--dossiers",
                                 "800",
                                 "--localities",
                                 "6",
                                 "--departments",
                                 "3",
                                 "--feedback-per-dossier",
                                 "0.05",
                                 "--id-prefix",
                                 services.prefix(),
                                 "--calendar",
                                 testing::ShippedCalendarPath(),
                                 "--jsonl",
                                 dir + "/city.jsonl",
                                 "--units-out",
                                 dir + "/units.yaml",
                                 "--procedures-out",
                                 dir + "/procedures.yaml"},
                                dir + "/loadgen.log");
    ASSERT_EQ(loadgen.WaitForExit(absl::Seconds(120)), 0) << loadgen.Output();
  }

  // A received dossier of the city with a short limit: the template of the
  // late unit's dossiers (a known procedure and its legal limit).
  nlohmann::json received;
  {
    std::ifstream in(dir + "/city.jsonl");
    for (std::string line; std::getline(in, line);) {
      nlohmann::json e = nlohmann::json::parse(line);
      if (!e.contains("dossier") ||
          e["dossier"].value("kind", "") != "DOSSIER_RECEIVED") {
        continue;
      }
      const auto& d = e["dossier"]["legalDuration"];
      const int days = d.contains("workingDays") && d["workingDays"].is_number()
                           ? d["workingDays"].get<int>()
                           : 0;
      if (days >= 1 && days <= 5) {
        received = e;
        break;
      }
    }
  }
  ASSERT_FALSE(received.is_null()) << "no short-limit dossier in the city";

  std::vector<nlohmann::json> bad;
  const std::string p = services.prefix();
  for (int i = 0; i < 60; ++i) {
    nlohmann::json e = received;
    e["eventId"] = absl::StrCat(p, "late-", i);
    e["unitId"] = kLate;
    e["occurredAt"] = Rfc3339(now - absl::Hours(24 * 30) + absl::Minutes(i));
    e["dossier"]["dossierId"] = absl::StrCat(p, "LATE-", i);
    e["dossier"].erase("appointmentAt");
    bad.push_back(e);
  }
  for (int i = 0; i < 5; ++i) {
    bad.push_back(Petition(absl::StrCat(p, "FLAG-", i), kFlagged,
                           now - absl::Hours(24 * 3) + absl::Minutes(i), true));
  }
  const std::string ins = p + "INS-C";
  const absl::Time visit = now - absl::Hours(24 * 25);
  nlohmann::json scheduled = Inspection(p + "ic1", ins, "INSPECTION_SCHEDULED",
                                        kConcluded, now - absl::Hours(24 * 40));
  scheduled["inspection"]["visitAt"] = Rfc3339(visit);
  bad.push_back(scheduled);
  bad.push_back(Inspection(p + "ic2", ins, "INSPECTION_REPORT_RECEIVED",
                           kConcluded, now - absl::Hours(24 * 35)));
  bad.push_back(
      Inspection(p + "ic3", ins, "INSPECTION_DONE", kConcluded, visit));
  nlohmann::json concluded =
      Inspection(p + "ic4", ins, "INSPECTION_CONCLUSION_ISSUED", kConcluded,
                 now - absl::Hours(24 * 20));
  concluded["inspection"]["shortcomings"] = {"tra-ket-qua-tre-han",
                                             "khong-gui-phieu-xin-loi"};
  concluded["inspection"]["remediationDueAt"] =
      Rfc3339(now - absl::Hours(24 * 5));
  bad.push_back(concluded);
  for (int i = 0; i < 25; ++i) {
    bad.push_back(Petition(absl::StrCat(p, "AFTER-", i), kConcluded,
                           now - absl::Hours(24 * 10) + absl::Hours(i), false));
  }
  nlohmann::json no_report =
      Inspection(p + "in1", p + "INS-N", "INSPECTION_SCHEDULED", kNoReport,
                 now - absl::Hours(24 * 20));
  no_report["inspection"]["visitAt"] = Rfc3339(now + absl::Hours(24 * 3));
  bad.push_back(no_report);
  nlohmann::json surprise =
      Inspection(p + "is1", p + "INS-S", "INSPECTION_SCHEDULED", kSurprise,
                 now - absl::Hours(24 * 2));
  surprise["inspection"]["visitAt"] = Rfc3339(now - absl::Hours(24));
  surprise["inspection"]["surprise"] = true;
  bad.push_back(surprise);
  bad.push_back(Inspection(p + "is2", p + "INS-S", "INSPECTION_DONE", kSurprise,
                           now - absl::Hours(24)));
  {
    std::ofstream out(dir + "/bad.jsonl");
    for (const nlohmann::json& e : bad) out << e.dump() << "\n";
  }

  const std::vector<std::string> ingestor_args = services.IngestorArgs(
      std::string(GIAMSAT_SOURCE_DIR) + "/deploy/config/ingestor.yaml",
      dir + "/units.yaml", dir + "/procedures.yaml");
  std::string ingestor_ready, rules_ready, query_ready;
  auto ingestor = services.Start("ingestor", ingestor_args, &ingestor_ready);
  ASSERT_FALSE(ingestor_ready.empty());
  auto rules = services.Start("rules", services.RulesArgs(), &rules_ready);
  ASSERT_FALSE(rules_ready.empty());

  const std::string city_token = RandomToken();
  const std::string ward_token = RandomToken();
  const std::string tokens = dir + "/tokens.yaml";
  std::ofstream(tokens) << "clients:\n"
                        << "  - {name: city, token: \"" << city_token
                        << "\", units: [HN]}\n"
                        << "  - {name: ward, token: \"" << ward_token
                        << "\", units: [HN.UBND.BADINH]}\n";
  std::filesystem::permissions(tokens, std::filesystem::perms::owner_read |
                                           std::filesystem::perms::owner_write);
  std::vector<std::string> query_args = services.QueryArgs();
  query_args.insert(query_args.end(),
                    {"--set", "reference.units_file=" + dir + "/units.yaml",
                     "--set", "auth.tokens_file=" + tokens});
  auto query = services.Start("query", query_args, &query_ready);
  ASSERT_FALSE(query_ready.empty());

  for (const std::string& file :
       std::vector<std::string>{"city.jsonl", "bad.jsonl"}) {
    testing::Subprocess ctl(
        BinaryOf("ctl"),
        {"--ingestor", ReadyFileValue(ingestor_ready, "grpc"), "import",
         dir + "/" + file, "--json"},
        dir + "/import-" + file + ".log");
    ASSERT_EQ(ctl.WaitForExit(absl::Seconds(300)), 0) << ctl.Output();
    EXPECT_THAT(ctl.Output(), HasSubstr("\"rejected\":0")) << file;
  }

  const std::string address = ReadyFileValue(query_ready, "grpc");
  auto channel =
      grpc::CreateChannel(address, grpc::InsecureChannelCredentials());
  auto stub = v1::InspectionService::NewStub(channel);
  v1::ListInspectionCandidatesRequest request;
  request.set_scope("HN");
  request.mutable_period()->set_from_date(Day(start));
  request.mutable_period()->set_to_date(Day(now));
  request.set_max_candidates(10);
  auto call = [&](const std::string& token,
                  v1::ListInspectionCandidatesResponse* response) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(30));
    context.AddMetadata("authorization", "Bearer " + token);
    return stub->ListInspectionCandidates(&context, request, response);
  };

  // Wait until the rules service has applied the added records: the
  // figures behind the reasons are complete.
  v1::ListInspectionCandidatesResponse answer;
  auto figure = [&](const char* unit, const char* name) -> double {
    for (const auto& c : answer.candidates()) {
      if (c.unit_id() == unit) {
        auto it = c.figures().find(name);
        return it == c.figures().end() ? -1 : it->second;
      }
    }
    return -1;
  };
  const bool applied = testing::Eventually(
      [&] {
        answer.Clear();
        if (!call(city_token, &answer).ok()) return false;
        return figure(kLate, "dossiers_in_progress_overdue") >= 60 &&
               figure(kFlagged, "feedback_flagged") >= 5 &&
               figure(kConcluded, "feedback_received") >= 25 &&
               answer.coverage().surprise_inspections_done() == 1;
      },
      absl::Seconds(240));
  ASSERT_TRUE(applied) << answer.DebugString();

  ASSERT_GE(answer.candidates_size(), 3) << answer.DebugString();
  std::set<std::string> top;
  for (int i = 0; i < 3; ++i) top.insert(answer.candidates(i).unit_id());
  EXPECT_THAT(top, UnorderedElementsAre(kLate, kFlagged, kConcluded))
      << answer.DebugString();
  for (const v1::InspectionCandidate& c : answer.candidates()) {
    if (c.unit_id() == kLate) {
      EXPECT_THAT(Kinds(c), Contains(v1::REASON_LATE_DOSSIERS));
      EXPECT_FALSE(c.reinspection());
    } else if (c.unit_id() == kFlagged) {
      EXPECT_THAT(Kinds(c), Contains(v1::REASON_FLAGGED_PETITION));
    } else if (c.unit_id() == kConcluded) {
      EXPECT_TRUE(c.reinspection());
      EXPECT_EQ(c.last_inspection_id(), ins);
      EXPECT_THAT(Kinds(c), Contains(v1::REASON_PETITIONS_AFTER_CONCLUSION));
      EXPECT_THAT(Kinds(c), Contains(v1::REASON_REMEDIATION_OVERDUE));
    }
  }
  const v1::InspectionCoverage& coverage = answer.coverage();
  EXPECT_EQ(coverage.surprise_inspections_target(), 15);
  EXPECT_GE(coverage.offices_handling_procedures(),
            coverage.offices_inspected());
  EXPECT_EQ(coverage.offices_inspected_floor(), 0.5);

  // The report of the visit in three days is overdue: its alert is listed
  // with the unit's alerts (every page of them).
  auto query_stub = v1::QueryService::NewStub(channel);
  auto report_alert_firing = [&] {
    v1::ListAlertsRequest alerts_request;
    alerts_request.set_unit_id(kNoReport);
    alerts_request.set_state(v1::ALERT_FIRING);
    alerts_request.set_page_size(500);
    do {
      grpc::ClientContext context;
      context.AddMetadata("authorization", "Bearer " + city_token);
      v1::ListAlertsResponse alerts;
      if (!query_stub->ListAlerts(&context, alerts_request, &alerts).ok()) {
        return false;
      }
      for (const v1::Alert& a : alerts.alerts()) {
        if (a.rule_id() == "INSPECTION_REPORT_NOT_RECEIVED" &&
            a.subject_id() == p + "INS-N") {
          return true;
        }
      }
      alerts_request.set_page_token(alerts.next_page_token());
    } while (!alerts_request.page_token().empty());
    return false;
  };
  EXPECT_TRUE(testing::Eventually(report_alert_firing, absl::Seconds(60)));

  // A ward's token may plan its own subtree, not the city.
  v1::ListInspectionCandidatesResponse denied;
  EXPECT_EQ(call(ward_token, &denied).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  request.set_scope("HN.UBND.BADINH");
  v1::ListInspectionCandidatesResponse ward;
  ASSERT_TRUE(call(ward_token, &ward).ok());
  ASSERT_GE(ward.candidates_size(), 1);
  EXPECT_EQ(ward.candidates(0).unit_id(), kConcluded);

  // The same for people.
  testing::Subprocess ctl(
      BinaryOf("ctl"),
      {"--query", address, "--token", city_token, "inspections", "--scope",
       "HN", "--from", Day(start), "--to", Day(now), "--lang", "en"},
      dir + "/ctl-inspections.log");
  ASSERT_EQ(ctl.WaitForExit(absl::Seconds(60)), 0) << ctl.Output();
  EXPECT_THAT(ctl.Output(), HasSubstr(kLate));
  EXPECT_THAT(ctl.Output(), HasSubstr("[re-inspection]"));
  EXPECT_THAT(ctl.Output(), HasSubstr("PETITIONS_AFTER_CONCLUSION"));
  EXPECT_THAT(ctl.Output(), HasSubstr("surprise inspections 1 of 15"));
}

}  // namespace
}  // namespace giamsat::e2e
