#include "services/ctl/indicators_command.h"

#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <sstream>

namespace giamsat::ctl {
namespace {

using ::testing::HasSubstr;

TEST(ParsePeriodFlagTest, EveryShapeOfPeriod) {
  EXPECT_EQ(ParsePeriodFlag("2026")->year(), 2026);
  EXPECT_EQ(ParsePeriodFlag("2026-10")->month(), "2026-10");
  EXPECT_EQ(ParsePeriodFlag("2026-Q4")->quarter(), "2026-Q4");
  EXPECT_EQ(ParsePeriodFlag("2025-07-01")->from_date(), "2025-07-01");
  EXPECT_TRUE(ParsePeriodFlag("2025-07-01")->to_date().empty());
  auto range = ParsePeriodFlag("2026-10-01..2026-10-15");
  ASSERT_TRUE(range.ok());
  EXPECT_EQ(range->from_date(), "2026-10-01");
  EXPECT_EQ(range->to_date(), "2026-10-15");
  EXPECT_EQ(ParsePeriodFlag("")->ByteSizeLong(), 0u);
  EXPECT_THAT(std::string(ParsePeriodFlag("last month").status().message()),
              HasSubstr("--period"));
}

// Answers GetUnitIndicators with a fixed scoring and records the request.
class FakeQuery final : public v1::QueryService::Service {
 public:
  grpc::Status GetUnitIndicators(grpc::ServerContext*,
                                 const v1::GetUnitIndicatorsRequest* request,
                                 v1::UnitIndicators* response) override {
    last = *request;
    response->set_unit_id(request->unit_id());
    response->mutable_period()->set_from_date("2026-10-01");
    response->mutable_period()->set_to_date("2026-10-31");
    v1::Decision766& d = *response->mutable_decision_766();
    v1::Indicator766& i = *d.add_indicators();
    i.set_id("3.3");
    i.set_group("online");
    i.set_title_en("Dossiers submitted online");
    i.set_applicable(true);
    i.set_numerator(5);
    i.set_denominator(20);
    i.set_rate(0.25);
    i.set_points(5.5);
    i.set_max_points(11);
    v1::Indicator766& n = *d.add_indicators();
    n.set_id("3.6");
    n.set_title_en("Dossiers paid online");
    d.set_points(5.5);
    d.set_max_points(11);
    d.set_score(50);
    v1::Tt01Scoring& t = *response->mutable_tt01();
    v1::Tt01Index& first = *t.add_indices();
    first.set_index(1);
    first.set_title_en("Total processing time against the limit");
    first.set_applicable(true);
    first.set_points(1.5);
    first.set_counted(4);
    t.set_score(13.5);
    t.set_band("good");
    return grpc::Status::OK;
  }
  v1::GetUnitIndicatorsRequest last;
};

TEST(IndicatorsCommandTest, PrintsEveryIndicatorAndTheBand) {
  FakeQuery fake;
  grpc::ServerBuilder builder;
  builder.RegisterService(&fake);
  auto server = builder.BuildAndStart();
  auto stub = v1::QueryService::NewStub(server->InProcessChannel({}));
  std::ostringstream out, err;
  IndicatorsOptions options;
  options.unit_id = "HN.W1";
  options.period = "2026-10";
  ASSERT_EQ(Indicators(*stub, options, out, err), 0) << err.str();
  EXPECT_EQ(fake.last.period().month(), "2026-10");
  const std::string text = out.str();
  EXPECT_THAT(text, HasSubstr("Unit HN.W1, 2026-10-01 to 2026-10-31"));
  EXPECT_THAT(text, HasSubstr("Dossiers submitted online"));
  EXPECT_THAT(text, HasSubstr("25.0%"));
  EXPECT_THAT(text, HasSubstr("5 / 20"));
  EXPECT_THAT(text, HasSubstr("5.50 / 11.00"));
  EXPECT_THAT(text, HasSubstr("score 50.00 / 100"));
  EXPECT_THAT(text, HasSubstr("1.50 (over 4)"));
  EXPECT_THAT(text, HasSubstr("score 13.50 / 18: good"));
  options.period = "soon";
  EXPECT_EQ(Indicators(*stub, options, out, err), 2);
  EXPECT_THAT(err.str(), HasSubstr("--period"));
  server->Shutdown();
}

}  // namespace
}  // namespace giamsat::ctl
