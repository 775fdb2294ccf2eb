#include "services/query/status_reader.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/core/vietnam_time.h"
#include "common/domain/alert_fields.h"
#include "common/domain/figure_fields.h"
#include "google/protobuf/util/time_util.h"

namespace giamsat::query {
namespace {

int64_t Field(const store::Hash& hash, absl::string_view field) {
  auto it = hash.find(field);
  int64_t value = 0;
  if (it != hash.end() && absl::SimpleAtoi(it->second, &value)) return value;
  return 0;
}

}  // namespace

absl::StatusOr<v1::UnitStatus> StatusReader::GetUnitStatus(
    const v1::GetUnitStatusRequest& request) {
  if (request.unit_id().empty()) {
    return absl::InvalidArgumentError("unit_id: required");
  }
  std::vector<std::string> keys;
  const v1::Period& period = request.period();
  if (period.from_date().empty()) {
    if (!period.to_date().empty()) {
      return absl::InvalidArgumentError(
          "period.from_date: required when period.to_date is set");
    }
    keys.push_back(layout_.UnitTotal(request.unit_id()));
  } else {
    absl::StatusOr<absl::CivilDay> from =
        core::ParseDate(period.from_date(), "period.from_date");
    if (!from.ok()) return from.status();
    absl::CivilDay to = core::VietnamDay(clock_.Now());
    if (!period.to_date().empty()) {
      absl::StatusOr<absl::CivilDay> parsed =
          core::ParseDate(period.to_date(), "period.to_date");
      if (!parsed.ok()) return parsed.status();
      to = *parsed;
    }
    if (to < *from) {
      return absl::InvalidArgumentError("period: to_date is before from_date");
    }
    if (to - *from > kMaxPeriodDays) {
      return absl::InvalidArgumentError(
          absl::StrCat("period: longer than ", kMaxPeriodDays, " days"));
    }
    for (absl::CivilDay d = *from; d <= to; ++d) {
      keys.push_back(layout_.UnitDay(request.unit_id(), d));
    }
  }
  keys.push_back(layout_.UnitLive(request.unit_id()));
  absl::StatusOr<std::vector<store::Hash>> hashes = store_.GetHashes(keys);
  if (!hashes.ok()) return hashes.status();

  v1::UnitStatus status;
  status.set_unit_id(request.unit_id());
  *status.mutable_period() = period;
  v1::DossierFigures& d = *status.mutable_dossiers();
  for (size_t i = 0; i + 1 < hashes->size(); ++i) {
    const store::Hash& h = (*hashes)[i];
    d.set_received(d.received() + Field(h, domain::kFieldReceived));
    d.set_resolved(d.resolved() + Field(h, domain::kFieldResolved));
    d.set_resolved_early(d.resolved_early() +
                         Field(h, domain::kFieldResolvedEarly));
    d.set_resolved_on_time(d.resolved_on_time() +
                           Field(h, domain::kFieldResolvedOnTime));
    d.set_resolved_late(d.resolved_late() +
                        Field(h, domain::kFieldResolvedLate));
  }
  const store::Hash& live = hashes->back();
  d.set_in_progress(Field(live, domain::kFieldInProgress));
  d.set_in_progress_overdue(Field(live, domain::kFieldInProgressOverdue));
  const int64_t judged =
      d.resolved_early() + d.resolved_on_time() + d.resolved_late();
  if (judged > 0) {
    d.set_on_time_rate_percent(
        100.0 * static_cast<double>(d.resolved_early() + d.resolved_on_time()) /
        static_cast<double>(judged));
  }
  v1::AlertCounts& alerts = *status.mutable_open_alerts();
  alerts.set_critical(
      Field(live, domain::AlertsFiringField(v1::SEVERITY_CRITICAL)));
  alerts.set_warning(
      Field(live, domain::AlertsFiringField(v1::SEVERITY_WARNING)));
  alerts.set_info(Field(live, domain::AlertsFiringField(v1::SEVERITY_INFO)));
  const int64_t watermark_ms = Field(live, domain::kFieldWatermark);
  if (watermark_ms > 0) {
    *status.mutable_watermark() =
        google::protobuf::util::TimeUtil::MillisecondsToTimestamp(watermark_ms);
  }
  return status;
}

}  // namespace giamsat::query
