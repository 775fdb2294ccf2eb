// GetFeedback's reader over states built by the real feedback rules on the
// shipped calendar.
#include "services/query/feedback_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/testing/in_memory_state_store.h"
#include "tests/support/event_builders.h"
#include "tests/support/shipped_calendar.h"

namespace giamsat::query {
namespace {

using ::giamsat::testing::FeedbackEvent;
using ::giamsat::testing::VnTime;
using ::testing::HasSubstr;

class FeedbackReaderTest : public ::testing::Test {
 protected:
  void Apply(const v1::Event& e) {
    domain::FeedbackOutcome out = rules_->Apply(e, state_, now_);
    ASSERT_TRUE(out.problems.empty()) << out.problems.front();
    store::WriteBatch b;
    b.Put(layout_.Feedback(state_.feedback_id()), state_.SerializeAsString());
    ASSERT_TRUE(store_.Commit(b).ok());
  }

  const absl::Time now_ = VnTime("2026-05-04T10:00:00+07:00");
  std::shared_ptr<const domain::FeedbackRules> rules_ =
      std::make_shared<domain::FeedbackRules>(testing::ShippedCalendar(),
                                              domain::FeedbackRulesConfig());
  testing::InMemoryStateStore store_;
  store::KeyLayout layout_{"gs:"};
  v1::FeedbackState state_;
  FeedbackReader reader_{store_, layout_, rules_};
};

TEST_F(FeedbackReaderTest, ViewHasTimelineDeadlinesAndTheirExplanation) {
  // Received Friday 24/04/2026, transferred on Monday 27/04; the answer
  // clock restarts at the transfer and skips 30/04 and 01/05.
  Apply(FeedbackEvent("e1", "F1", v1::FEEDBACK_RECEIVED, "U1",
                      VnTime("2026-04-24T09:00:00+07:00")));
  v1::Event transfer = FeedbackEvent("e2", "F1", v1::FEEDBACK_ASSIGNED, "U1",
                                     VnTime("2026-04-27T09:00:00+07:00"));
  transfer.mutable_feedback()->set_assigned_unit_id("U2");
  Apply(transfer);

  auto state = reader_.GetState("F1");
  ASSERT_TRUE(state.ok()) << state.status();
  v1::FeedbackView v = reader_.View(*state, 1777600000000);
  EXPECT_EQ(v.feedback_id(), "F1");
  EXPECT_EQ(v.unit_id(), "U2");
  EXPECT_EQ(v.received_unit_id(), "U1");
  EXPECT_EQ(v.status(), "open");
  EXPECT_EQ(v.level(), "normal");
  EXPECT_EQ(v.clock_start(), "transfer");
  EXPECT_EQ(v.transfers(), 1);
  EXPECT_EQ(v.channel(), v1::FEEDBACK_CHANNEL_IHANOI);
  ASSERT_EQ(v.timeline_size(), 2);
  EXPECT_EQ(v.timeline(0).kind(), v1::FEEDBACK_RECEIVED);
  EXPECT_EQ(v.timeline(1).kind(), v1::FEEDBACK_ASSIGNED);
  EXPECT_EQ(v.timeline(1).unit_id(), "U2");
  EXPECT_EQ(v.answer_due_at().seconds(), state->answer_due_at().seconds());
  EXPECT_TRUE(v.has_acknowledge_due_at());
  EXPECT_THAT(v.answer_explanation_en(), HasSubstr("Answer (normal)"));
  EXPECT_THAT(v.answer_explanation_en(), HasSubstr("latest transfer"));
  EXPECT_THAT(v.answer_explanation_en(), HasSubstr("public holiday"));
  EXPECT_THAT(v.answer_explanation_vi(), HasSubstr("nghỉ lễ"));
  EXPECT_THAT(v.acknowledge_explanation_en(), HasSubstr("Acceptance"));
  EXPECT_EQ(v.watermark().seconds(), 1777600000);
}

TEST_F(FeedbackReaderTest, AnsweredItemHasVerdictAndNoOpenDeadline) {
  Apply(FeedbackEvent("e1", "F2", v1::FEEDBACK_RECEIVED, "U1",
                      VnTime("2026-04-24T09:00:00+07:00")));
  Apply(FeedbackEvent("e2", "F2", v1::FEEDBACK_RESPONDED, "U1",
                      VnTime("2026-04-28T09:00:00+07:00")));
  auto state = reader_.GetState("F2");
  ASSERT_TRUE(state.ok()) << state.status();
  v1::FeedbackView v = reader_.View(*state, 0);
  EXPECT_EQ(v.status(), "answered");
  EXPECT_EQ(v.answer_verdict(), "on_time");
  EXPECT_EQ(v.answered_unit_id(), "U1");
  EXPECT_FALSE(v.has_watermark());
}

TEST_F(FeedbackReaderTest, ErrorsNameTheFieldOrTheItem) {
  EXPECT_EQ(reader_.GetState("NOPE").status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_THAT(reader_.GetState("").status().message(),
              HasSubstr("feedback_id"));
  store::WriteBatch b;
  b.Put(layout_.Feedback("BAD"), "\xff\xff not a proto");
  ASSERT_TRUE(store_.Commit(b).ok());
  EXPECT_EQ(reader_.GetState("BAD").status().code(),
            absl::StatusCode::kDataLoss);
}

}  // namespace
}  // namespace giamsat::query
