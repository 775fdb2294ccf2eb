#include "services/ctl/inspections_command.h"

#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <sstream>

namespace giamsat::ctl {
namespace {

using ::testing::HasSubstr;

// Answers every call with a fixed planning view and keeps the request.
class FakeInspections final : public v1::InspectionService::Service {
 public:
  grpc::Status ListInspectionCandidates(
      grpc::ServerContext* context,
      const v1::ListInspectionCandidatesRequest* request,
      v1::ListInspectionCandidatesResponse* response) override {
    request_ = *request;
    auto auth = context->client_metadata().find("authorization");
    if (auth == context->client_metadata().end() ||
        auth->second != "Bearer secret") {
      return {grpc::StatusCode::UNAUTHENTICATED, "unknown token"};
    }
    response->set_scope(request->scope());
    response->mutable_period()->set_from_date("2026-11-01");
    response->mutable_period()->set_to_date("2026-11-30");
    v1::InspectionCandidate& c = *response->add_candidates();
    c.set_rank(1);
    c.set_unit_id("W.B");
    c.set_unit_name("Phòng B");
    c.set_score(17.2);
    c.set_reinspection(true);
    v1::InspectionReason& r = *c.add_reasons();
    r.set_kind(v1::REASON_PETITIONS_AFTER_CONCLUSION);
    r.set_weight(15);
    r.set_explanation_vi("25 phản ánh sau kết luận");
    r.set_explanation_en("25 petitions since the conclusion");
    v1::InspectionCoverage& cov = *response->mutable_coverage();
    cov.set_year(2026);
    cov.set_offices_handling_procedures(4);
    cov.set_offices_inspected(1);
    cov.set_offices_inspected_share(0.25);
    cov.set_offices_inspected_floor(0.5);
    cov.set_surprise_inspections_done(2);
    cov.set_surprise_inspections_target(15);
    cov.add_offices_not_inspected("W.A");
    return grpc::Status::OK;
  }
  v1::ListInspectionCandidatesRequest request_;
};

class InspectionsCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    grpc::ServerBuilder builder;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                             &port_);
    builder.RegisterService(&service_);
    server_ = builder.BuildAndStart();
    ASSERT_NE(port_, 0);
    stub_ = v1::InspectionService::NewStub(
        grpc::CreateChannel("127.0.0.1:" + std::to_string(port_),
                            grpc::InsecureChannelCredentials()));
  }
  void TearDown() override { server_->Shutdown(); }

  FakeInspections service_;
  int port_ = 0;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<v1::InspectionService::Stub> stub_;
};

TEST_F(InspectionsCommandTest, PrintsTheRankingWithReasonsAndTheCoverage) {
  InspectionsOptions o;
  o.scope = "W";
  o.quarter = "2026-Q4";
  o.max = 5;
  o.lang = "en";
  o.auth.token = "secret";
  std::ostringstream out, err;
  ASSERT_EQ(Inspections(*stub_, o, out, err), 0) << err.str();
  EXPECT_EQ(service_.request_.scope(), "W");
  EXPECT_EQ(service_.request_.period().quarter(), "2026-Q4");
  EXPECT_EQ(service_.request_.max_candidates(), 5);
  EXPECT_THAT(out.str(),
              HasSubstr("  1    17.20  W.B  Phòng B  [re-inspection]"));
  EXPECT_THAT(out.str(), HasSubstr("PETITIONS_AFTER_CONCLUSION"));
  EXPECT_THAT(out.str(), HasSubstr("25 petitions since the conclusion"));
  EXPECT_THAT(out.str(),
              HasSubstr("inspected 1/4 (25.0%), floor more than 50%: NOT met; "
                        "surprise inspections 2 of 15"));
  EXPECT_THAT(out.str(), HasSubstr("not inspected yet: W.A"));

  o.lang = "vi";
  std::ostringstream vi;
  ASSERT_EQ(Inspections(*stub_, o, vi, err), 0);
  EXPECT_THAT(vi.str(), HasSubstr("25 phản ánh sau kết luận"));
}

TEST_F(InspectionsCommandTest, ErrorsAndBadUsage) {
  InspectionsOptions o;
  o.scope = "W";
  std::ostringstream out, err;
  EXPECT_EQ(Inspections(*stub_, o, out, err), 1);
  EXPECT_THAT(err.str(), HasSubstr("giamsatctl inspections: unknown token"));
  o.lang = "fr";
  EXPECT_EQ(Inspections(*stub_, o, out, err), 2);
  EXPECT_THAT(err.str(), HasSubstr("--lang"));
}

}  // namespace
}  // namespace giamsat::ctl
