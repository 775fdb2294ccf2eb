// Contract: the structured explanation of a computed deadline, detailed
// enough to redo the computation by hand: mode and legal rule, the start used
// and why it moved, every day skipped and why (weekend, named holiday,
// compensatory or swapped day), every worked make-up day counted, and the
// calendar version with its per-year revisions and provisional status.
// ExplainDeadline walks the days between acceptance and due (O(days)), so
// call it when an explanation is shown or stored, not on every evaluation.
// FailedPrecondition when the deadline was computed under another calendar
// version (fingerprints differ). Rendering is in explanation_text.h.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/calendar/calendar.h"
#include "common/calendar/deadline.h"

namespace giamsat::calendar {

struct ExplainedDay {
  absl::CivilDay day;
  DayReason reason = DayReason::kWeekend;
  bool in_working_week = false;
  std::string name_vi;  // empty for a plain weekend day
  std::string name_en;
  std::optional<absl::CivilDay> replaces;  // make-up day: the day it replaces
  std::string source;                      // source title, if listed
  bool provisional = false;
};

struct DeadlineExplanation {
  CountingMode mode = CountingMode::kDays;
  DeadlineRule rule = DeadlineRule::kCivilCodeDays;
  Limit limit = Limit::WorkingDays(0);
  absl::Time accepted;
  absl::Time counting_start;
  absl::Time due;
  StartAdjustment start_adjustment = StartAdjustment::kNone;
  StartPolicy start_policy;
  // DAYS mode only: acceptance was after the cut-off, which had no effect.
  bool cutoff_ignored_in_days_mode = false;
  absl::Duration total_working_time;
  std::string office_hours;  // standard hours, e.g. "08:00–12:00, 13:00–17:00"
  bool seasonal_hours = false;
  // Non-working days from the acceptance day to the due day, in order.
  std::vector<ExplainedDay> skipped_days;
  // Worked days outside the working week that were counted.
  std::vector<ExplainedDay> makeup_days;
  std::string calendar_id;
  std::vector<YearVersion> years;  // years the computation touched
  bool provisional = false;
  std::vector<std::string> sources;  // titles of the entries used, deduped
  uint64_t calendar_fingerprint = 0;
};

absl::StatusOr<DeadlineExplanation> ExplainDeadline(const Calendar& cal,
                                                    const Deadline& deadline);

}  // namespace giamsat::calendar
