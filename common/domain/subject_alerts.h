// What the dossier and feedback rules share to raise a subject's alerts and
// figures (a subject: one dossier or one feedback item).
//
// An alert id is "<kind>:<subject id>:<rule id>:<version>", the version being
// the Unix second of the instant the breach belongs to, so the same breach
// always gets the same id. The subject's state keeps the ids firing now, in
// id order, so that the same alerts firing give the same state whatever the
// order they were raised in (events read live or replayed from a backlog):
// FireOnce raises an alert only when its id is not firing yet; ResolveRule
// emits one RESOLVED alert per firing id of a rule, in id order (for one
// rule: by the instant of the breach), and forgets them. Pure functions.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/domain/counter_delta.h"
#include "common/domain/rule_catalogue.h"
#include "giamsat/v1/alerts.pb.h"
#include "google/protobuf/repeated_ptr_field.h"

namespace giamsat::domain {

using FiringIds = google::protobuf::RepeatedPtrField<std::string>;

// "<kind>:<subject_id>:<rule id>:<version>".
std::string SubjectAlertId(absl::string_view kind, absl::string_view subject_id,
                           RuleId rule, absl::string_view version);

// The version of a breach belonging to instant `t`: its Unix second.
std::string AlertVersion(absl::Time t);

// An alert `alert_id` of `rule` about one subject, with the rule's severity
// and legal basis and `decided_at`; no state, explanation or due time yet.
v1::Alert SubjectAlert(RuleId rule, std::string alert_id,
                       v1::SubjectType subject_type,
                       const std::string& subject_id,
                       const std::string& unit_id, absl::Time decided_at);

// When `alert`'s id is not in `firing`: adds it there, marks the alert
// FIRING and appends it to `out`. Otherwise does nothing.
void FireOnce(v1::Alert alert, FiringIds& firing, std::vector<v1::Alert>& out);

// For every id in `firing` of `rule`: appends `alert_of(id)` marked RESOLVED
// with `why` as its resolution to `out`, and removes the id from `firing`.
void ResolveRule(RuleId rule, absl::string_view why, FiringIds& firing,
                 const std::function<v1::Alert(const std::string&)>& alert_of,
                 std::vector<v1::Alert>& out);

// A change of `field` of `unit` by `delta`: a flow figure of the Vietnam day
// of `at`, or a stock figure of now when `at` is unset.
CounterDelta UnitDelta(const std::string& unit, std::optional<absl::Time> at,
                       absl::string_view field, int64_t delta);

}  // namespace giamsat::domain
