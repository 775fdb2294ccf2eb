#include "common/domain/subject_alerts.h"

#include <algorithm>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/core/proto_time.h"
#include "common/core/vietnam_time.h"

namespace giamsat::domain {

std::string SubjectAlertId(absl::string_view kind, absl::string_view subject_id,
                           RuleId rule, absl::string_view version) {
  return absl::StrCat(kind, ":", subject_id, ":", Rule(rule).id, ":", version);
}

std::string AlertVersion(absl::Time t) {
  return absl::StrCat(absl::ToUnixSeconds(t));
}

v1::Alert SubjectAlert(RuleId rule, std::string alert_id,
                       v1::SubjectType subject_type,
                       const std::string& subject_id,
                       const std::string& unit_id, absl::Time decided_at) {
  const RuleInfo& info = Rule(rule);
  v1::Alert a;
  a.set_alert_id(std::move(alert_id));
  a.set_rule_id(std::string(info.id));
  a.set_severity(info.severity);
  a.set_subject_type(subject_type);
  a.set_subject_id(subject_id);
  a.set_unit_id(unit_id);
  a.set_legal_basis(std::string(info.legal_basis));
  *a.mutable_decided_at() = core::ToProto(decided_at);
  return a;
}

void FireOnce(v1::Alert alert, FiringIds& firing, std::vector<v1::Alert>& out) {
  // Kept in id order; states written before that may be in any order, so
  // the search is linear (a subject has a handful of alerts at most).
  if (std::find(firing.begin(), firing.end(), alert.alert_id()) !=
      firing.end()) {
    return;
  }
  firing.Add()->assign(alert.alert_id());
  for (int i = firing.size() - 1; i > 0 && firing.Get(i) < firing.Get(i - 1);
       --i) {
    firing.SwapElements(i, i - 1);
  }
  alert.set_state(v1::ALERT_FIRING);
  out.push_back(std::move(alert));
}

void ResolveRule(RuleId rule, absl::string_view why, FiringIds& firing,
                 const std::function<v1::Alert(const std::string&)>& alert_of,
                 std::vector<v1::Alert>& out) {
  const std::string needle = absl::StrCat(":", Rule(rule).id, ":");
  for (int i = 0; i < firing.size();) {
    if (!absl::StrContains(firing.Get(i), needle)) {
      ++i;
      continue;
    }
    v1::Alert a = alert_of(firing.Get(i));
    a.set_state(v1::ALERT_RESOLVED);
    a.set_resolution(std::string(why));
    out.push_back(std::move(a));
    firing.DeleteSubrange(i, 1);
  }
}

CounterDelta UnitDelta(const std::string& unit, std::optional<absl::Time> at,
                       absl::string_view field, int64_t delta) {
  std::optional<absl::CivilDay> day;
  if (at.has_value()) day = core::VietnamDay(*at);
  return {unit, day, field, delta};
}

}  // namespace giamsat::domain
