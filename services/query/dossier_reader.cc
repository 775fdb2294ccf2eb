#include "services/query/dossier_reader.h"

#include "absl/strings/str_cat.h"
#include "common/calendar/explanation.h"
#include "common/calendar/explanation_text.h"
#include "common/calendar/working_time.h"
#include "common/core/proto_time.h"
#include "services/query/page_token.h"
#include "services/query/stored_state.h"

namespace giamsat::query {
namespace {

// Longest "due within" horizon, in working hours.
constexpr int kMaxDueWithinHours = 2000;

std::string StatusOf(const v1::DossierState& s) {
  if (!s.received()) return "not_received";
  if (s.closed()) {
    return s.closed_by() == v1::DOSSIER_WITHDRAWN ? "withdrawn" : "resolved";
  }
  if (s.has_paused_since()) return s.suspended() ? "suspended" : "paused";
  return "in_progress";
}

}  // namespace

absl::StatusOr<v1::DossierState> DossierReader::GetState(
    absl::string_view dossier_id) {
  return LoadState<v1::DossierState>(store_, layout_.Dossier(dossier_id),
                                     "dossier", "dossier_id", dossier_id);
}

std::pair<std::string, std::string> DossierReader::Explain(
    const v1::DossierState& s) const {
  if (!s.received() || !s.has_clock_start_at()) return {"", ""};
  if (calendar_ == nullptr) {
    return {"Không có lịch làm việc để giải thích thời hạn.",
            "No calendar is configured to explain the deadline."};
  }
  const v1::LegalDuration& d = s.legal_duration();
  const calendar::Limit limit =
      d.working_hours() > 0 ? calendar::Limit::WorkingHours(d.working_hours())
                            : calendar::Limit::WorkingDays(d.working_days());
  calendar::CountingMode mode = settings_.default_mode;
  if (s.counting_mode() == v1::COUNTING_MODE_HOURS || d.working_hours() > 0) {
    mode = calendar::CountingMode::kHours;
  } else if (s.counting_mode() == v1::COUNTING_MODE_DAYS) {
    mode = calendar::CountingMode::kDays;
  }
  absl::StatusOr<calendar::Deadline> deadline =
      calendar::DueTime(*calendar_, core::FromProto(s.clock_start_at()), limit,
                        mode, settings_.start_policy);
  absl::StatusOr<calendar::DeadlineExplanation> e =
      deadline.ok()
          ? calendar::ExplainDeadline(*calendar_, *deadline)
          : absl::StatusOr<calendar::DeadlineExplanation>(deadline.status());
  if (!e.ok()) {
    const std::string why(e.status().message());
    return {"Không giải thích được thời hạn: " + why,
            "The deadline cannot be explained: " + why};
  }
  std::string vi = calendar::RenderVi(*e);
  std::string en = calendar::RenderEn(*e);
  if (s.has_due_at() && core::FromProto(s.due_at()) != deadline->due) {
    const absl::Time due = core::FromProto(s.due_at());
    absl::StrAppend(&vi, " Hạn hiện tại là ", calendar::FormatInstantVi(due),
                    " vì thời gian tạm dừng hoặc xin lỗi, hẹn lại đã dời hạn.");
    absl::StrAppend(&en, " The current due time is ",
                    calendar::FormatInstantEn(due),
                    ": a suspension or an apology with a new date moved it.");
  }
  if (s.supplement_requests() > 0) {
    absl::StrAppend(&vi,
                    " Thời hạn được tính lại từ khi nhận đủ hồ sơ bổ sung (",
                    s.supplement_requests(), " lần yêu cầu bổ sung).");
    absl::StrAppend(&en,
                    " The clock restarted when the complete supplement was "
                    "received (",
                    s.supplement_requests(), " supplement request(s)).");
  }
  return {vi, en};
}

v1::DossierView DossierReader::View(const v1::DossierState& s,
                                    int64_t watermark_ms) const {
  v1::DossierView v;
  v.set_dossier_id(s.dossier_id());
  v.set_unit_id(s.unit_id());
  v.set_procedure_code(s.procedure_code());
  v.set_field_code(s.field_code());
  v.set_channel(s.channel());
  v.set_status(StatusOf(s));
  if (s.has_received_at()) *v.mutable_received_at() = s.received_at();
  if (s.has_closed_at()) *v.mutable_closed_at() = s.closed_at();
  if (s.has_due_at()) *v.mutable_due_at() = s.due_at();
  if (s.has_original_due_at()) {
    *v.mutable_original_due_at() = s.original_due_at();
  }
  if (s.has_clock_start_at()) *v.mutable_clock_start_at() = s.clock_start_at();
  *v.mutable_legal_duration() = s.legal_duration();
  v.set_overdue(s.overdue());
  v.set_verdict(VerdictName(s.verdict()));
  v.set_waiting_seconds(s.waiting_seconds());
  v.set_supplement_requests(s.supplement_requests());
  v.set_apologies(s.apologies());
  auto [vi, en] = Explain(s);
  v.set_deadline_explanation_vi(std::move(vi));
  v.set_deadline_explanation_en(std::move(en));
  for (const v1::TimelineEntry& t : s.timeline()) {
    v1::DossierEventView& e = *v.add_timeline();
    e.set_event_id(t.event_id());
    e.set_kind(t.kind());
    *e.mutable_occurred_at() = t.occurred_at();
    e.set_unit_id(t.unit_id());
    e.set_step_id(t.step_id());
    e.set_reason(t.reason());
  }
  v.mutable_firing_alert_ids()->CopyFrom(s.firing_alerts());
  SetWatermark(watermark_ms, v);
  return v;
}

absl::StatusOr<v1::ListDossiersResponse> DossierReader::List(
    const v1::ListDossiersRequest& request, int64_t watermark_ms) {
  if (request.unit_id().empty()) {
    return absl::InvalidArgumentError("unit_id: required");
  }
  if (!v1::ListDossiersRequest::Filter_IsValid(request.filter())) {
    return absl::InvalidArgumentError("filter: unknown value");
  }
  const bool due_within =
      request.filter() == v1::ListDossiersRequest::FILTER_DUE_WITHIN;
  if (due_within && (request.due_within_hours() < 1 ||
                     request.due_within_hours() > kMaxDueWithinHours)) {
    return absl::InvalidArgumentError(
        absl::StrCat("due_within_hours: must be 1..", kMaxDueWithinHours,
                     " with FILTER_DUE_WITHIN"));
  }
  if (!due_within && request.due_within_hours() != 0) {
    return absl::InvalidArgumentError(
        "due_within_hours: only with FILTER_DUE_WITHIN");
  }
  absl::StatusOr<int> page_size = PageSize(
      request.page_size(), limits_.default_page_size, limits_.max_page_size);
  if (!page_size.ok()) return page_size.status();
  const uint64_t fingerprint = RequestFingerprint(request);
  std::optional<PageCursor> after;
  PageCursor cursor;
  cursor.pinned_ms = absl::ToUnixMillis(clock_.Now());
  if (!request.page_token().empty()) {
    absl::StatusOr<PageCursor> decoded =
        DecodePageToken(request.page_token(), fingerprint);
    if (!decoded.ok()) return decoded.status();
    cursor = *decoded;
    after = cursor;
  }
  const absl::Time now = absl::FromUnixMillis(cursor.pinned_ms);
  int64_t min = INT64_MIN;
  int64_t max = INT64_MAX;
  switch (request.filter()) {
    case v1::ListDossiersRequest::FILTER_OVERDUE:
      max = cursor.pinned_ms - 1;
      break;
    case v1::ListDossiersRequest::FILTER_DUE_WITHIN: {
      if (calendar_ == nullptr) {
        return absl::FailedPreconditionError("no calendar configured");
      }
      absl::StatusOr<absl::Time> horizon = calendar::AddWorkingTime(
          *calendar_, now, absl::Hours(request.due_within_hours()));
      if (!horizon.ok()) return horizon.status();
      min = cursor.pinned_ms;
      max = absl::ToUnixMillis(*horizon);
      break;
    }
    default:
      break;
  }
  if (after.has_value()) min = std::max(min, after->last_score);

  // Keyset: skip members up to (last_score, last_id); fetch one extra to
  // know whether another page follows.
  const std::string key = layout_.UnitOpenDossiers(request.unit_id());
  const int64_t want = *page_size + 1;
  std::vector<std::pair<std::string, int64_t>> page;
  for (int64_t offset = 0;;) {
    absl::StatusOr<std::vector<std::pair<std::string, int64_t>>> chunk =
        store_.GetSortedSetRange(key, min, max, offset, want);
    if (!chunk.ok()) return chunk.status();
    for (auto& entry : *chunk) {
      if (after.has_value() && entry.second == after->last_score &&
          entry.first <= after->last_id) {
        continue;
      }
      if (static_cast<int64_t>(page.size()) < want) {
        page.push_back(std::move(entry));
      }
    }
    offset += static_cast<int64_t>(chunk->size());
    if (static_cast<int64_t>(page.size()) >= want ||
        static_cast<int64_t>(chunk->size()) < want) {
      break;
    }
  }

  v1::ListDossiersResponse response;
  *response.mutable_as_of() = core::ToProto(now);
  SetWatermark(watermark_ms, response);
  const bool more = static_cast<int64_t>(page.size()) > *page_size;
  if (more) page.resize(static_cast<size_t>(*page_size));
  for (const auto& [id, due_ms] : page) {
    v1::DossierSummary& d = *response.add_dossiers();
    d.set_dossier_id(id);
    *d.mutable_due_at() = core::ToProto(absl::FromUnixMillis(due_ms));
    d.set_overdue(due_ms < cursor.pinned_ms);
    absl::StatusOr<v1::DossierState> state = GetState(id);
    if (state.ok()) {
      d.set_procedure_code(state->procedure_code());
      if (state->has_received_at()) {
        *d.mutable_received_at() = state->received_at();
      }
    } else if (!absl::IsNotFound(state.status())) {
      return state.status();
    }
  }
  if (more) {
    cursor.last_score = page.back().second;
    cursor.last_id = page.back().first;
    response.set_next_page_token(EncodePageToken(fingerprint, cursor));
  }
  return response;
}

}  // namespace giamsat::query
