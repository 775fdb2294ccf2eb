// Names of the per-unit figures kept in the state store's counter hashes.
// The rules service writes them; the query service reads them.
#pragma once

#include "absl/strings/string_view.h"

namespace giamsat::domain {

inline constexpr absl::string_view kFieldReceived = "dossiers_received";
inline constexpr absl::string_view kFieldResolved = "dossiers_resolved";
inline constexpr absl::string_view kFieldResolvedEarly =
    "dossiers_resolved_early";
inline constexpr absl::string_view kFieldResolvedOnTime =
    "dossiers_resolved_on_time";
inline constexpr absl::string_view kFieldResolvedLate =
    "dossiers_resolved_late";
inline constexpr absl::string_view kFieldInProgress = "dossiers_in_progress";
inline constexpr absl::string_view kFieldInProgressOverdue =
    "dossiers_in_progress_overdue";
// Decision 766 clock (waiting time subtracted, second supplement late).
inline constexpr absl::string_view kFieldResolved766OnTime =
    "dossiers_resolved_on_time_766";
inline constexpr absl::string_view kFieldResolved766Late =
    "dossiers_resolved_late_766";
// Processing steps finished within / after their share of the deadline,
// counted for the unit that held the step.
inline constexpr absl::string_view kFieldStepsOnTime = "steps_on_time";
inline constexpr absl::string_view kFieldStepsLate = "steps_late";
// Newest event time applied, in Unix milliseconds.
inline constexpr absl::string_view kFieldWatermark = "watermark_unix_ms";

}  // namespace giamsat::domain
