#include "services/query/feedback_reader.h"

#include "common/core/proto_time.h"
#include "services/query/stored_state.h"

namespace giamsat::query {
namespace {

std::string StatusOf(const v1::FeedbackState& s) {
  if (!s.received()) return "not_received";
  if (s.closed()) return s.refused() ? "refused" : "closed";
  return s.responded() ? "answered" : "open";
}

std::string LevelOf(const v1::FeedbackState& s) {
  if (s.urgent()) return "urgent";
  return s.complex() ? "complex" : "normal";
}

std::string ClockStartOf(v1::FeedbackState::ClockStart c) {
  switch (c) {
    case v1::FeedbackState::CLOCK_START_RECEIPT:
      return "receipt";
    case v1::FeedbackState::CLOCK_START_TRANSFER:
      return "transfer";
    case v1::FeedbackState::CLOCK_START_REOPEN:
      return "reopen";
    default:
      return "";
  }
}

}  // namespace

absl::StatusOr<v1::FeedbackState> FeedbackReader::GetState(
    absl::string_view feedback_id) {
  return LoadState<v1::FeedbackState>(store_, layout_.Feedback(feedback_id),
                                      "feedback", "feedback_id", feedback_id);
}

v1::FeedbackView FeedbackReader::View(const v1::FeedbackState& s,
                                      int64_t watermark_ms) const {
  v1::FeedbackView v;
  v.set_feedback_id(s.feedback_id());
  v.set_unit_id(s.unit_id());
  v.set_received_unit_id(s.received_unit_id());
  v.set_channel(s.channel());
  v.set_status(StatusOf(s));
  v.set_level(LevelOf(s));
  v.set_public_outrage(s.public_outrage());
  if (s.has_received_at()) *v.mutable_received_at() = s.received_at();
  if (s.has_clock_start_at()) *v.mutable_clock_start_at() = s.clock_start_at();
  v.set_clock_start(ClockStartOf(s.clock_start()));
  if (s.has_acknowledged_at()) {
    *v.mutable_acknowledged_at() = s.acknowledged_at();
  }
  if (s.has_acknowledge_due_at()) {
    *v.mutable_acknowledge_due_at() = s.acknowledge_due_at();
  }
  if (s.has_answer_due_at()) *v.mutable_answer_due_at() = s.answer_due_at();
  if (s.has_responded_at()) *v.mutable_responded_at() = s.responded_at();
  if (s.has_answered_at()) *v.mutable_answered_at() = s.answered_at();
  v.set_answer_verdict(VerdictName(s.answer_verdict()));
  v.set_answered_unit_id(s.answered_unit_id());
  if (s.has_closed_at()) *v.mutable_closed_at() = s.closed_at();
  v.set_acknowledge_overdue(s.acknowledge_overdue());
  v.set_answer_overdue(s.answer_overdue());
  v.set_transfers(s.transfers());
  v.set_reopen_count(s.reopen_count());
  v.set_unsatisfied(s.unsatisfied());
  v.set_escalated(s.escalated());
  if (rules_ == nullptr) {
    v.set_answer_explanation_vi(
        "Không có lịch làm việc để giải thích thời hạn.");
    v.set_answer_explanation_en(
        "No calendar is configured to explain the deadline.");
  } else {
    domain::FeedbackDeadlineText text = rules_->ExplainDeadlines(s);
    v.set_acknowledge_explanation_vi(std::move(text.acknowledge_vi));
    v.set_acknowledge_explanation_en(std::move(text.acknowledge_en));
    v.set_answer_explanation_vi(std::move(text.answer_vi));
    v.set_answer_explanation_en(std::move(text.answer_en));
  }
  for (const v1::FeedbackTimelineEntry& t : s.timeline()) {
    v1::FeedbackEventView& e = *v.add_timeline();
    e.set_event_id(t.event_id());
    e.set_kind(t.kind());
    *e.mutable_occurred_at() = t.occurred_at();
    e.set_unit_id(t.unit_id());
  }
  v.mutable_firing_alert_ids()->CopyFrom(s.firing_alerts());
  SetWatermark(watermark_ms, v);
  return v;
}

}  // namespace giamsat::query
