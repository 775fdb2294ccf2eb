// FeedbackRules: the life of one citizen feedback item or petition (phản
// ánh, kiến nghị, PAKN; domain.md section 4) and the FEEDBACK_* rules of the
// catalogue (rule_catalogue.h) evaluated on it.
//
// Pure and deterministic, shaped like DossierRules: Apply() takes an event,
// the item's state and the current wall-clock time, updates the state in
// place and returns what changed: per-unit counter deltas and alert
// transitions. Evaluate() runs the time-driven rules (not accepted in time,
// not answered in time) at `now`; NextCheck() tells when they must run next.
// Event time decides on time / late; `now` only decides what is overdue
// *now*, and a late event that proves an item was accepted or answered in
// time resolves the alert as "corrected" and fixes the counts instead of
// double counting. Events are de-duplicated by event id (bounded list).
//
// Clocks (national portal practice): the acceptance and answer limits run
// from receipt and restart at each transfer to another unit and at each
// reopening; an answer limit may instead run from the acceptance (iHanoi:
// urgent items are handled within 4 working hours of acceptance). The level
// is urgent if flagged urgent, else complex if flagged complex, else normal;
// flags may arrive on any event and only ever turn on. Each applied event
// is appended to the item's timeline (the latest kTimelineEntries).
// Figures: flows (feedback_received, feedback_answered_on_time/late for the
// first answer, feedback_reopened, feedback_unsatisfied once per item) carry
// the Vietnam day of the event; stocks (feedback_open, feedback_open_overdue)
// have no day and follow the unit handling the item now.
// Thread-safe (const methods over an immutable calendar).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "common/calendar/calendar.h"
#include "common/calendar/deadline.h"
#include "common/calendar/start_policy.h"
#include "common/domain/counter_delta.h"
#include "giamsat/v1/alerts.pb.h"
#include "giamsat/v1/events.pb.h"
#include "giamsat/v1/state.pb.h"

namespace giamsat::domain {

// One limit of the feedback process and how it is counted.
struct FeedbackLimit {
  calendar::Limit limit = calendar::Limit::WorkingDays(15);
  calendar::CountingMode mode = calendar::CountingMode::kDays;
  // True: counted from the acceptance by the handling unit (no answer due
  // until accepted; the acceptance timer covers that). False: from receipt,
  // the latest transfer or the latest reopening.
  bool from_acknowledgement = false;
};

struct FeedbackRulesConfig {
  // Acceptance (tiếp nhận) within 8 working hours of receipt or the latest
  // transfer (iHanoi, QĐ 1207/QĐ-UBND 2025) [practice]; applied to every
  // channel, as other platforms' acceptance limits are not known [open].
  FeedbackLimit acknowledge = {calendar::Limit::WorkingHours(8),
                               calendar::CountingMode::kHours, false};
  // Acceptance of an urgent item [open]: 4 working hours.
  FeedbackLimit acknowledge_urgent = {calendar::Limit::WorkingHours(4),
                                      calendar::CountingMode::kHours, false};
  // Answer of a normal item: 15 working days from receipt or the latest
  // transfer (national portal practice) [open for iHanoi].
  FeedbackLimit answer_normal = {calendar::Limit::WorkingDays(15),
                                 calendar::CountingMode::kDays, false};
  // Answer of a complex item [open]: 30 working days.
  FeedbackLimit answer_complex = {calendar::Limit::WorkingDays(30),
                                  calendar::CountingMode::kDays, false};
  // Answer of an urgent item: within 4 working hours of acceptance (iHanoi)
  // [practice].
  FeedbackLimit answer_urgent = {calendar::Limit::WorkingHours(4),
                                 calendar::CountingMode::kHours, true};
  // A petition outside the holder's authority is forwarded within 5 working
  // days of its receipt by that holder (ND 20/2008/NĐ-CP) [law].
  FeedbackLimit transfer = {calendar::Limit::WorkingDays(5),
                            calendar::CountingMode::kDays, false};
  // Late-day rule for HOURS-mode limits: the 15:00 cut-off is a dossier rule
  // (ND 61/2018), so by default it has no effect on feedback [open]; only
  // the snapping to office hours applies.
  calendar::StartPolicy start_policy = {absl::Hours(15),
                                        calendar::LateDayPolicy::kNoEffect};
};

// The limits an operator sets (the `feedback` section of rules.yaml, read
// by giamsat-query too to explain deadlines), each in the unit its name
// says; the rest of FeedbackRulesConfig keeps its defaults.
struct FeedbackLimitSettings {
  int acknowledge_working_hours = 8;
  int acknowledge_urgent_working_hours = 4;
  int answer_normal_working_days = 15;
  int answer_complex_working_days = 30;
  int answer_urgent_working_hours = 4;
  int transfer_working_days = 5;

  // The default FeedbackRulesConfig with these limits (validate it).
  FeedbackRulesConfig ToConfig() const;
  // Calls visit(key, field) for each setting, with its config key.
  template <typename Visit>
  void ForEachKey(Visit&& visit) {
    visit("acknowledge_working_hours", acknowledge_working_hours);
    visit("acknowledge_urgent_working_hours", acknowledge_urgent_working_hours);
    visit("answer_normal_working_days", answer_normal_working_days);
    visit("answer_complex_working_days", answer_complex_working_days);
    visit("answer_urgent_working_hours", answer_urgent_working_hours);
    visit("transfer_working_days", transfer_working_days);
  }
};

// InvalidArgument naming the field: a limit in hours counted in DAYS mode, a
// negative limit, or an acceptance / transfer limit counted from the
// acceptance. Call once at start-up.
absl::Status ValidateFeedbackRulesConfig(const FeedbackRulesConfig& config);

struct FeedbackOutcome {
  bool duplicate = false;
  std::vector<CounterDelta> deltas;
  std::vector<v1::Alert> alerts;
  // Deadlines that could not be computed (e.g. a day outside the calendar's
  // years) and inconsistent events; reported so the service logs and counts
  // them.
  std::vector<std::string> problems;
};

// How the due times of an item's current round were computed, in
// Vietnamese and English: the level, the limit, where the clock started
// (receipt, transfer, reopening or acceptance) and each day skipped. Empty
// when that due time is not set.
struct FeedbackDeadlineText {
  std::string acknowledge_vi;
  std::string acknowledge_en;
  std::string answer_vi;
  std::string answer_en;
};

class FeedbackRules {
 public:
  FeedbackRules(std::shared_ptr<const calendar::Calendar> calendar,
                FeedbackRulesConfig config);

  // `event` must carry a FeedbackEvent (anything else is reported as a
  // problem and changes nothing but the de-duplication list).
  FeedbackOutcome Apply(const v1::Event& event, v1::FeedbackState& state,
                        absl::Time now) const;
  FeedbackOutcome Evaluate(v1::FeedbackState& state, absl::Time now) const;
  // The next wall-clock instant at which Evaluate() may change something;
  // nullopt when nothing is pending (not received, answered or closed, or
  // every timer already fired).
  std::optional<absl::Time> NextCheck(const v1::FeedbackState& state) const;
  // Explains the acceptance and answer due times of `state` (the texts the
  // overdue alerts carry, for the query API).
  FeedbackDeadlineText ExplainDeadlines(const v1::FeedbackState& state) const;

  const calendar::Calendar& calendar() const { return *calendar_; }
  const FeedbackRulesConfig& config() const { return config_; }

 private:
  class Run;
  std::shared_ptr<const calendar::Calendar> calendar_;
  FeedbackRulesConfig config_;
};

}  // namespace giamsat::domain
