#include "services/ingestor/validator.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/support/event_builders.h"

namespace giamsat::ingestor {
namespace {

using ::giamsat::testing::DossierReceived;
using ::giamsat::testing::DossierResolved;
using ::giamsat::testing::VnTime;
using ::testing::IsEmpty;

const absl::Time kNow = VnTime("2026-04-24T17:00:00+07:00");

std::vector<std::pair<std::string, std::string>> Problems(const v1::Event& e) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& err : Validate(e, kNow, ValidationConfig{})) {
    EXPECT_FALSE(err.message().empty());
    out.emplace_back(err.field(), err.reason());
  }
  return out;
}

using P = std::pair<std::string, std::string>;

TEST(ValidatorTest, ValidEventsPass) {
  EXPECT_THAT(Problems(DossierReceived("e", "D", "U", kNow)), IsEmpty());
  EXPECT_THAT(Problems(DossierResolved("e", "D", "U", kNow)), IsEmpty());
}

TEST(ValidatorTest, EnvelopeFieldsAreRequired) {
  v1::Event e = DossierReceived("e", "D", "U", kNow);
  e.clear_event_id();
  e.clear_source_system();
  e.clear_unit_id();
  e.clear_occurred_at();
  EXPECT_THAT(Problems(e),
              ::testing::UnorderedElementsAre(
                  P{"eventId", "required"}, P{"sourceSystem", "required"},
                  P{"unitId", "required"}, P{"occurredAt", "required"}));
}

TEST(ValidatorTest, PayloadIsRequired) {
  v1::Event e = DossierReceived("e", "D", "U", kNow);
  e.clear_dossier();
  EXPECT_THAT(Problems(e), ::testing::ElementsAre(P{"payload", "required"}));
}

TEST(ValidatorTest, FutureBeyondSkewIsRejected) {
  EXPECT_THAT(Problems(DossierReceived("e", "D", "U", kNow + absl::Minutes(4))),
              IsEmpty());
  EXPECT_THAT(Problems(DossierReceived("e", "D", "U", kNow + absl::Minutes(6))),
              ::testing::ElementsAre(P{"occurredAt", "future_timestamp"}));
}

TEST(ValidatorTest, ReceiptNeedsProcedureAndLegalDuration) {
  v1::Event e = DossierReceived("e", "D", "U", kNow);
  e.mutable_dossier()->clear_procedure_code();
  e.mutable_dossier()->clear_legal_duration();
  EXPECT_THAT(Problems(e), ::testing::UnorderedElementsAre(
                               P{"dossier.procedureCode", "required"},
                               P{"dossier.legalDuration", "required"}));
}

TEST(ValidatorTest, LegalDurationIsDaysOrHoursNotBoth) {
  v1::Event e = DossierReceived("e", "D", "U", kNow);
  e.mutable_dossier()->mutable_legal_duration()->set_working_hours(4);
  EXPECT_THAT(Problems(e),
              ::testing::ElementsAre(P{"dossier.legalDuration", "ambiguous"}));
}

TEST(ValidatorTest, KindAndOutcomeAreRequired) {
  v1::Event e = DossierResolved("e", "D", "U", kNow);
  e.mutable_dossier()->clear_outcome();
  EXPECT_THAT(Problems(e),
              ::testing::ElementsAre(P{"dossier.outcome", "required"}));
  e.mutable_dossier()->clear_kind();
  EXPECT_THAT(Problems(e),
              ::testing::ElementsAre(P{"dossier.kind", "required"}));
}

TEST(ValidatorTest, OverlongIdsAreRejected) {
  v1::Event e = DossierReceived("e", std::string(200, 'x'), "U", kNow);
  EXPECT_THAT(Problems(e),
              ::testing::ElementsAre(P{"dossier.dossierId", "too_long"}));
}

TEST(ValidatorTest, StepEventsNeedTheirStep) {
  v1::Event e = DossierResolved("e", "D", "U", kNow);
  e.mutable_dossier()->set_kind(v1::DOSSIER_STEP_STARTED);
  EXPECT_THAT(Problems(e), ::testing::UnorderedElementsAre(
                               P{"dossier.step.stepId", "required"},
                               P{"dossier.step.unitId", "required"}));
}

TEST(ValidatorTest, FeedbackAndInspectionChecks) {
  v1::Event f = DossierReceived("e", "D", "U", kNow);
  f.mutable_feedback()->set_feedback_id("F1");
  f.mutable_feedback()->set_kind(v1::FEEDBACK_ASSIGNED);
  EXPECT_THAT(Problems(f),
              ::testing::ElementsAre(P{"feedback.assignedUnitId", "required"}));
  v1::Event i = DossierReceived("e", "D", "U", kNow);
  i.mutable_inspection()->set_inspection_id("I1");
  i.mutable_inspection()->set_kind(v1::INSPECTION_SCHEDULED);
  EXPECT_THAT(Problems(i),
              ::testing::ElementsAre(P{"inspection.visitAt", "required"}));
}

}  // namespace
}  // namespace giamsat::ingestor
