// InspectionRules: the life of one inspection from the inspection team's
// records (scheduled with the visit date, the unit's report received, the
// visit done, the conclusion issued with its shortcomings, remediation
// reported) and the rules evaluated on it:
//   INSPECTION_REPORT_NOT_RECEIVED  the unit's report is not in by its due
//       time: the event's report_due_at, else the close of business of the
//       working day `report_working_days_before` working days before the
//       visit day (the plans: "at least 5 working days before the visit");
//       never for a surprise inspection.
//   INSPECTION_REMEDIATION_OVERDUE  the conclusion's remediation deadline
//       passed without a remediation report.
//
// Same shape as domain::DossierRules: pure and deterministic; Apply() takes
// an event, the state and the wall-clock now, updates the state in place and
// returns counter deltas (inspections done, surprise inspections done,
// conclusions, on the Vietnam day of the event) and alert transitions;
// Evaluate() runs the time-driven rules at `now`; NextCheck() says when
// they must run next (the durable timer). A report that arrives after its
// alert fired resolves it. Alert ids: "inspection:<id>:<rule id>".
// Thread-safe (const methods over an immutable calendar).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "common/calendar/calendar.h"
#include "common/domain/counter_delta.h"
#include "giamsat/v1/alerts.pb.h"
#include "giamsat/v1/events.pb.h"
#include "giamsat/v1/inspection.pb.h"

namespace giamsat::inspection {

// Flow figures of the inspected unit (day and total hashes).
inline constexpr absl::string_view kFieldInspectionsDone = "inspections_done";
inline constexpr absl::string_view kFieldSurpriseInspectionsDone =
    "surprise_inspections_done";
inline constexpr absl::string_view kFieldInspectionConclusions =
    "inspection_conclusions";

struct InspectionRulesConfig {
  // The unit's report is due by the close of business of the working day
  // this many working days before the visit day (inspection plans: 5; 1 is
  // the working day before the visit). At least 1.
  int report_working_days_before = 5;
};

// InvalidArgument naming the field (under `section`).
absl::Status ValidateInspectionRulesConfig(const InspectionRulesConfig& config,
                                           const std::string& section);

struct InspectionOutcome {
  bool duplicate = false;
  std::vector<domain::CounterDelta> deltas;
  std::vector<v1::Alert> alerts;
  // Due times that could not be computed (e.g. outside the calendar).
  std::vector<std::string> problems;
};

class InspectionRules {
 public:
  InspectionRules(std::shared_ptr<const calendar::Calendar> calendar,
                  InspectionRulesConfig config)
      : calendar_(std::move(calendar)), config_(config) {}

  InspectionOutcome Apply(const v1::Event& event, v1::InspectionState& state,
                          absl::Time now) const;
  InspectionOutcome Evaluate(v1::InspectionState& state, absl::Time now) const;
  std::optional<absl::Time> NextCheck(const v1::InspectionState& state) const;

  const InspectionRulesConfig& config() const { return config_; }

 private:
  // Sets report_due_at and its explanation for a scheduled visit.
  void ComputeReportDue(const v1::InspectionEvent& event,
                        v1::InspectionState& state,
                        InspectionOutcome& out) const;

  std::shared_ptr<const calendar::Calendar> calendar_;
  InspectionRulesConfig config_;
};

// "inspection:<id>:<rule id>".
std::string InspectionAlertId(const std::string& inspection_id,
                              absl::string_view rule_id);

}  // namespace giamsat::inspection
