#include "services/query/unit_lister.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "common/core/proto_time.h"
#include "common/core/vietnam_time.h"
#include "services/query/page_token.h"

namespace giamsat::query {
namespace {

// The Decision 766 score in hundredths of a point (-1: nothing applies).
int64_t IndexScore(const v1::UnitStatus& s) {
  return s.has_decision_766() ? std::llround(s.decision_766().score() * 100)
                              : -1;
}

// The sort score of a unit (lower first); ties by unit id.
int64_t Score(const v1::UnitStatus& s, v1::ListUnitStatusesRequest::Sort sort) {
  // Rates in millionths of a percent; units without a rate rank last.
  const int64_t rate =
      s.dossiers().has_on_time_rate()
          ? std::llround(s.dossiers().on_time_rate_percent() * 1e6)
          : -1;
  switch (sort) {
    case v1::ListUnitStatusesRequest::SORT_ON_TIME_RATE_ASC:
      return rate < 0 ? INT64_MAX : rate;
    case v1::ListUnitStatusesRequest::SORT_ON_TIME_RATE_DESC:
      return -rate;
    case v1::ListUnitStatusesRequest::SORT_OVERDUE_DESC:
      return -s.dossiers().in_progress_overdue();
    case v1::ListUnitStatusesRequest::SORT_INDEX_SCORE_DESC:
      return -IndexScore(s);
    case v1::ListUnitStatusesRequest::SORT_INDEX_SCORE_ASC: {
      const int64_t score = IndexScore(s);
      return score < 0 ? INT64_MAX : score;
    }
    default:
      return 0;
  }
}

}  // namespace

absl::StatusOr<v1::ListUnitStatusesResponse> UnitLister::List(
    const v1::ListUnitStatusesRequest& request) {
  if (request.parent().empty()) {
    return absl::InvalidArgumentError("parent: required");
  }
  if (!request.level().empty() && !UnitTree::IsKnownLevel(request.level())) {
    return absl::InvalidArgumentError(
        absl::StrCat("level: unknown \"", request.level(), "\""));
  }
  if (!v1::ListUnitStatusesRequest::Sort_IsValid(request.sort())) {
    return absl::InvalidArgumentError("sort: unknown value");
  }
  if (reader_.tree().Find(request.parent()) == nullptr) {
    return absl::NotFoundError(absl::StrCat("parent: unit \"", request.parent(),
                                            "\" is not in the hierarchy"));
  }
  absl::StatusOr<int> page_size = PageSize(
      request.page_size(), limits_.default_page_size, limits_.max_page_size);
  if (!page_size.ok()) return page_size.status();
  const uint64_t fingerprint = RequestFingerprint(request);
  PageCursor cursor;
  const bool first_page = request.page_token().empty();
  if (first_page) {
    cursor.pinned_ms = absl::ToUnixMillis(reader_.clock().Now());
  } else {
    absl::StatusOr<PageCursor> decoded =
        DecodePageToken(request.page_token(), fingerprint);
    if (!decoded.ok()) return decoded.status();
    cursor = *decoded;
  }
  absl::StatusOr<ResolvedPeriod> period =
      ResolvePeriod(request.period(),
                    core::VietnamDay(absl::FromUnixMillis(cursor.pinned_ms)));
  if (!period.ok()) return period.status();

  const std::vector<std::string> units =
      reader_.tree().Below(request.parent(), request.level());
  absl::StatusOr<std::vector<v1::UnitStatus>> statuses =
      reader_.Read(units, *period, /*roll_up=*/true);
  if (!statuses.ok()) return statuses.status();
  std::vector<std::pair<int64_t, v1::UnitStatus*>> ranked;
  ranked.reserve(statuses->size());
  for (v1::UnitStatus& s : *statuses) {
    ranked.emplace_back(Score(s, request.sort()), &s);
  }
  std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first < b.first
                              : a.second->unit_id() < b.second->unit_id();
  });
  v1::ListUnitStatusesResponse response;
  response.set_total_size(static_cast<int32_t>(ranked.size()));
  for (const auto& [score, status] : ranked) {
    if (status->has_watermark() &&
        (!response.has_watermark() ||
         core::FromProto(status->watermark()) >
             core::FromProto(response.watermark()))) {
      *response.mutable_watermark() = status->watermark();
    }
  }
  auto it = ranked.begin();
  if (!first_page) {
    it = std::upper_bound(
        ranked.begin(), ranked.end(), cursor,
        [](const PageCursor& c, const std::pair<int64_t, v1::UnitStatus*>& e) {
          return c.last_score != e.first ? c.last_score < e.first
                                         : c.last_id < e.second->unit_id();
        });
  }
  for (; it != ranked.end() && response.statuses_size() < *page_size; ++it) {
    *response.add_statuses() = std::move(*it->second);
    cursor.last_score = it->first;
    cursor.last_id = response.statuses().rbegin()->unit_id();
  }
  if (it != ranked.end()) {
    response.set_next_page_token(EncodePageToken(fingerprint, cursor));
  }
  return response;
}

}  // namespace giamsat::query
