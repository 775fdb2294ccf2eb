#include "services/ingestor/validator.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/core/proto_time.h"
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

TEST(ValidatorTest, InspectionDatesAndShortcomingsAreChecked) {
  v1::Event i = DossierReceived("e", "D", "U", kNow);
  v1::InspectionEvent* s = i.mutable_inspection();
  s->set_inspection_id("I1");
  s->set_kind(v1::INSPECTION_SCHEDULED);
  *s->mutable_visit_at() = core::ToProto(kNow + absl::Hours(24 * 10));
  *s->mutable_report_due_at() = core::ToProto(kNow + absl::Hours(24 * 11));
  EXPECT_THAT(Problems(i), ::testing::ElementsAre(
                               P{"inspection.reportDueAt", "out_of_range"}));
  s->clear_report_due_at();
  EXPECT_THAT(Problems(i), ::testing::IsEmpty());

  s->set_kind(v1::INSPECTION_CONCLUSION_ISSUED);
  s->add_shortcomings("tra-ket-qua-tre-han");
  s->add_shortcomings("");
  s->add_shortcomings(std::string(501, 'x'));
  EXPECT_THAT(Problems(i), ::testing::ElementsAre(
                               P{"inspection.shortcomings[1]", "required"},
                               P{"inspection.shortcomings[2]", "too_long"}));
}

TEST(ValidatorTest, UnknownEnumNumbersAreRejected) {
  v1::Event e = DossierReceived("e", "D", "U", kNow);
  e.mutable_dossier()->set_channel(static_cast<v1::Channel>(42));
  e.mutable_dossier()->mutable_legal_duration()->set_counting_mode(
      static_cast<v1::CountingMode>(9));
  EXPECT_THAT(Problems(e),
              ::testing::UnorderedElementsAre(
                  P{"dossier.channel", "unknown_enum"},
                  P{"dossier.legalDuration.countingMode", "unknown_enum"}));
}

TEST(ValidatorTest, TimestampsOutsideTheRangeAreRejected) {
  v1::Event e = DossierReceived("e", "D", "U", kNow);
  e.mutable_occurred_at()->set_nanos(-1);
  EXPECT_THAT(Problems(e),
              ::testing::ElementsAre(P{"occurredAt", "bad_timestamp"}));
}

TEST(ValidatorTest, LateCausesAreKnownValues) {
  v1::Event e = DossierResolved("e", "D", "U", kNow);
  e.mutable_dossier()->set_late_cause("weather");
  EXPECT_THAT(Problems(e),
              ::testing::ElementsAre(P{"dossier.lateCause", "unknown_value"}));
  v1::Event f = DossierReceived("e", "D", "U", kNow);
  f.mutable_feedback()->set_feedback_id("F");
  f.mutable_feedback()->set_kind(v1::FEEDBACK_RESPONDED);
  f.mutable_feedback()->set_late_cause("objective");
  EXPECT_THAT(Problems(f), IsEmpty());
}

TEST(ValidatorTest, SatisfactionRatingIsOneToFive) {
  v1::Event e = DossierResolved("e", "D", "U", kNow);
  e.mutable_dossier()->set_kind(v1::DOSSIER_SATISFACTION_RATED);
  EXPECT_THAT(Problems(e),
              ::testing::ElementsAre(P{"dossier.rating", "out_of_range"}));
  e.mutable_dossier()->set_rating(5);
  EXPECT_THAT(Problems(e), IsEmpty());
}

class ReferenceValidatorTest : public ::testing::Test {
 protected:
  ReferenceValidatorTest() {
    auto data = ReferenceData::Parse(
        "units:\n"
        "  - {id: HN, name: City, level: city}\n"
        "  - {id: HN.W, name: Ward, level: ward, parent: HN}\n",
        "units.yaml",
        "procedures:\n"
        "  - {code: P1, name: One, field: ho-tich,"
        "     legal_duration: {working_days: 3}}\n"
        "  - {code: P2, name: Two, field: chung-thuc,"
        "     legal_duration: {working_hours: 8}}\n",
        "procedures.yaml");
    EXPECT_TRUE(data.ok()) << data.status();
    data_ = *data;
  }

  std::vector<P> Check(const v1::Event& e, ValidationConfig config = {}) {
    std::vector<P> out;
    for (const auto& err : Validate(e, kNow, config, &data_)) {
      out.emplace_back(err.field(), err.reason());
    }
    return out;
  }

  v1::Event Received(const std::string& unit, const std::string& code) {
    v1::Event e = DossierReceived("e", "D", unit, kNow);
    e.mutable_dossier()->set_procedure_code(code);
    e.mutable_dossier()->clear_field_code();
    return e;
  }

  ReferenceData data_;
};

TEST_F(ReferenceValidatorTest, KnownUnitAndProcedurePass) {
  EXPECT_THAT(Check(Received("HN.W", "P1")), IsEmpty());
}

TEST_F(ReferenceValidatorTest, UnknownUnitsAreRejectedWhereverTheyAppear) {
  EXPECT_THAT(Check(Received("HN.X", "P1")),
              ::testing::ElementsAre(P{"unitId", "unknown_unit"}));
  v1::Event step = DossierResolved("e", "D", "HN.W", kNow);
  step.mutable_dossier()->set_kind(v1::DOSSIER_STEP_STARTED);
  step.mutable_dossier()->mutable_step()->set_step_id("s1");
  step.mutable_dossier()->mutable_step()->set_unit_id("HN.Y");
  EXPECT_THAT(Check(step),
              ::testing::ElementsAre(P{"dossier.step.unitId", "unknown_unit"}));
  v1::Event f = DossierReceived("e", "D", "HN.W", kNow);
  f.mutable_feedback()->set_feedback_id("F");
  f.mutable_feedback()->set_kind(v1::FEEDBACK_ASSIGNED);
  f.mutable_feedback()->set_assigned_unit_id("HN.Z");
  EXPECT_THAT(Check(f), ::testing::ElementsAre(
                            P{"feedback.assignedUnitId", "unknown_unit"}));
}

TEST_F(ReferenceValidatorTest, UnknownProcedureIsRejected) {
  EXPECT_THAT(
      Check(Received("HN.W", "P9")),
      ::testing::ElementsAre(P{"dossier.procedureCode", "unknown_procedure"}));
}

TEST_F(ReferenceValidatorTest, EnforcementCanBeTurnedOff) {
  ValidationConfig lax;
  lax.enforce_units = false;
  lax.enforce_procedures = false;
  EXPECT_THAT(Check(Received("HN.X", "P9"), lax), IsEmpty());
}

TEST_F(ReferenceValidatorTest, FieldMustMatchTheProcedure) {
  v1::Event e = Received("HN.W", "P1");
  e.mutable_dossier()->set_field_code("dat-dai");
  EXPECT_THAT(Check(e),
              ::testing::ElementsAre(P{"dossier.fieldCode", "field_mismatch"}));
}

TEST_F(ReferenceValidatorTest, LegalDurationMayNotExceedTheLaw) {
  v1::Event e = Received("HN.W", "P1");
  e.mutable_dossier()->mutable_legal_duration()->set_working_days(2);
  EXPECT_THAT(Check(e), IsEmpty());  // shortened by the province: fine
  e.mutable_dossier()->mutable_legal_duration()->set_working_days(4);
  EXPECT_THAT(Check(e), ::testing::ElementsAre(P{"dossier.legalDuration",
                                                 "exceeds_legal_duration"}));
  v1::Event hours = Received("HN.W", "P2");
  hours.mutable_dossier()->mutable_legal_duration()->clear_working_days();
  hours.mutable_dossier()->mutable_legal_duration()->set_working_hours(9);
  EXPECT_THAT(Check(hours),
              ::testing::ElementsAre(
                  P{"dossier.legalDuration", "exceeds_legal_duration"}));
}

TEST_F(ReferenceValidatorTest, NormaliseFillsTheFieldFromTheProcedure) {
  v1::Event e = Received("HN.W", "P1");
  Normalise(e, &data_);
  EXPECT_EQ(e.dossier().field_code(), "ho-tich");
}

}  // namespace
}  // namespace giamsat::ingestor
