// DossierRules: the life of one dossier under the law (domain.md section 3)
// and the rules evaluated on it (rule_catalogue.h).
//
// Pure and deterministic: Apply() takes an event, the dossier's state and
// the current wall-clock time, updates the state in place and returns what
// changed: per-unit counter deltas and alert transitions. Evaluate() runs
// the time-driven rules (due soon, overdue, no apology, result not returned)
// at `now`; NextCheck() tells when they must run next. Event time decides
// early / on time / late; `now` only decides what is overdue *now*, and a
// late event that proves a dossier was resolved in time corrects the figures
// and resolves the alert instead of double counting.
//
// Legal clock: counted from acceptance with the procedure's limit and mode;
// restarted from zero when a complete supplement is received (ND 61/2018
// art. 19(4)); extended by the working time of a suspension. The Decision 766
// clock subtracts the calendar time spent waiting on the citizen from the end
// time, and treats a second supplement request as late.
// Thread-safe (const methods over an immutable calendar).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "common/calendar/calendar.h"
#include "common/calendar/deadline.h"
#include "common/calendar/start_policy.h"
#include "common/calendar/timeliness.h"
#include "common/domain/counter_delta.h"
#include "giamsat/v1/alerts.pb.h"
#include "giamsat/v1/events.pb.h"
#include "giamsat/v1/state.pb.h"

namespace giamsat::domain {

struct DossierRulesConfig {
  // Mode for procedures whose event does not state one [open: domain.md 3].
  calendar::CountingMode default_mode = calendar::CountingMode::kDays;
  // Late-day cut-off and its policy [open: domain.md 3].
  calendar::StartPolicy start_policy;
  // "Due soon" thresholds [config].
  calendar::DueSoonPolicy due_soon;
  // A supplement must be requested within this many working days of
  // acceptance (ND 61/2018 art. 19(4)).
  int64_t supplement_request_within_days = 3;
  // The result must be returned within this working time of resolution.
  absl::Duration result_return_within = absl::Hours(8);
  // The source's appointment date may differ from the computed due time by
  // this much before it is flagged.
  absl::Duration appointment_tolerance = absl::Minutes(1);
  // A satisfaction rating (1-5) at or below this counts as a "dislike" for
  // Decision 766 indicator 5.4 [open].
  uint32_t dislike_rating_max = 2;
};

// How many timeline entries a dossier keeps (the oldest are dropped).
inline constexpr int kTimelineEntries = 100;

// Verdict codes kept in DossierState.verdict / verdict_766.
inline constexpr int kVerdictEarly = 1;
inline constexpr int kVerdictOnTime = 2;
inline constexpr int kVerdictLate = 3;

struct DossierOutcome {
  bool duplicate = false;
  std::vector<CounterDelta> deltas;
  std::vector<v1::Alert> alerts;
  // Deadlines that could not be computed (e.g. a day outside the calendar's
  // years); reported so the service logs and counts them.
  std::vector<std::string> problems;
};

class DossierRules {
 public:
  DossierRules(std::shared_ptr<const calendar::Calendar> calendar,
               DossierRulesConfig config);

  DossierOutcome Apply(const v1::Event& event, v1::DossierState& state,
                       absl::Time now) const;
  DossierOutcome Evaluate(v1::DossierState& state, absl::Time now) const;
  // The next wall-clock instant at which Evaluate() may change something;
  // nullopt when nothing is pending (closed and returned, or paused).
  std::optional<absl::Time> NextCheck(const v1::DossierState& state) const;

  const calendar::Calendar& calendar() const { return *calendar_; }

 private:
  class Run;
  std::shared_ptr<const calendar::Calendar> calendar_;
  DossierRulesConfig config_;
};

}  // namespace giamsat::domain
