// Names of the per-unit figures kept in the state store's counter hashes.
// The rules service writes them; the query service reads them.
#pragma once

#include <string>

#include "absl/strings/str_cat.h"
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
// Decision 766 attributes (domain.md section 5). Received online, counted
// on the day of receipt; the others on the day the dossier was resolved:
// of fee-bearing procedures, paid online, with an electronic result, with
// digitised inputs and an electronic result, re-using digitised data; the
// sum of processing times (receipt to resolution) in seconds; dossiers the
// citizen rated at or below the dislike threshold (day of the rating).
inline constexpr absl::string_view kFieldReceivedOnline =
    "dossiers_received_online";
inline constexpr absl::string_view kFieldResolvedFeeBearing =
    "dossiers_resolved_fee_bearing";
inline constexpr absl::string_view kFieldResolvedPaidOnline =
    "dossiers_resolved_paid_online";
inline constexpr absl::string_view kFieldResolvedEResult =
    "dossiers_resolved_e_result";
inline constexpr absl::string_view kFieldResolvedDigitised =
    "dossiers_resolved_digitised";
inline constexpr absl::string_view kFieldResolvedReused =
    "dossiers_resolved_reused_data";
inline constexpr absl::string_view kFieldProcessingSeconds =
    "dossiers_processing_seconds";
inline constexpr absl::string_view kFieldDisliked = "dossiers_disliked";
// Newest event time applied, in Unix milliseconds.
inline constexpr absl::string_view kFieldWatermark = "watermark_unix_ms";

// Feedback and petitions (PAKN, domain.md section 4). Flow figures (counted
// on the Vietnam day of the event): received, for the receiving unit; the
// first answer on time / late, for the unit that answered; reopenings;
// petitions rated unsatisfied (once per petition).
inline constexpr absl::string_view kFieldFeedbackReceived = "feedback_received";
inline constexpr absl::string_view kFieldFeedbackAnsweredOnTime =
    "feedback_answered_on_time";
inline constexpr absl::string_view kFieldFeedbackAnsweredLate =
    "feedback_answered_late";
inline constexpr absl::string_view kFieldFeedbackReopened = "feedback_reopened";
inline constexpr absl::string_view kFieldFeedbackUnsatisfied =
    "feedback_unsatisfied";
// Petitions flagged complex, urgent or causing public outrage (a
// surprise-inspection trigger), on the day they were flagged, once each.
inline constexpr absl::string_view kFieldFeedbackFlagged = "feedback_flagged";
// Stock figures (live hash) of the unit handling the item now: not yet
// answered nor closed, and of those, past the answer deadline.
inline constexpr absl::string_view kFieldFeedbackOpen = "feedback_open";
inline constexpr absl::string_view kFieldFeedbackOpenOverdue =
    "feedback_open_overdue";

// Breakdowns: beside each figure, in the same hash, the same figure of the
// subjects of one field (lĩnh vực, dossiers only) or of one channel, as
// "<figure>|<dimension>=<value>" (e.g. "dossiers_received|field=ho-tich").
// Channel values are the enum names (CHANNEL_ONLINE, FEEDBACK_CHANNEL_IHANOI).
// Subjects without a field code have no field breakdown.
inline constexpr absl::string_view kDimensionField = "field";
inline constexpr absl::string_view kDimensionChannel = "channel";

inline std::string BreakdownField(absl::string_view figure,
                                  absl::string_view dimension,
                                  absl::string_view value) {
  return absl::StrCat(figure, "|", dimension, "=", value);
}
// The same, written into `out` (replacing what it held), so that a caller
// naming many fields reuses one buffer.
inline void BreakdownFieldInto(std::string& out, absl::string_view figure,
                               absl::string_view dimension,
                               absl::string_view value) {
  out.clear();
  absl::StrAppend(&out, figure, "|", dimension, "=", value);
}

}  // namespace giamsat::domain
