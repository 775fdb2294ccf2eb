#include "services/query/alert_reader.h"

#include "absl/strings/str_cat.h"
#include "common/core/proto_time.h"
#include "services/query/page_token.h"

namespace giamsat::query {

absl::StatusOr<v1::ListAlertsResponse> AlertReader::List(
    const v1::ListAlertsRequest& request, int64_t watermark_ms) {
  if (request.unit_id().empty()) {
    return absl::InvalidArgumentError("unit_id: required");
  }
  if (!v1::AlertState_IsValid(request.state())) {
    return absl::InvalidArgumentError("state: unknown value");
  }
  if (!v1::Severity_IsValid(request.severity())) {
    return absl::InvalidArgumentError("severity: unknown value");
  }
  absl::StatusOr<int> page_size = PageSize(
      request.page_size(), limits_.default_page_size, limits_.max_page_size);
  if (!page_size.ok()) return page_size.status();
  const uint64_t fingerprint = RequestFingerprint(request);
  std::string after;
  if (!request.page_token().empty()) {
    absl::StatusOr<PageCursor> decoded =
        DecodePageToken(request.page_token(), fingerprint);
    if (!decoded.ok()) return decoded.status();
    after = decoded->last_id;
  }
  absl::StatusOr<std::vector<store::Hash>> hashes =
      store_.GetHashes({layout_.UnitAlerts(request.unit_id())});
  if (!hashes.ok()) return hashes.status();
  v1::ListAlertsResponse response;
  if (watermark_ms > 0) {
    *response.mutable_watermark() =
        core::ToProto(absl::FromUnixMillis(watermark_ms));
  }
  const store::Hash& alerts = hashes->front();
  std::string last_key;
  // The hash is ordered by alert id: start after the previous page.
  for (auto it = after.empty() ? alerts.begin() : alerts.upper_bound(after);
       it != alerts.end(); ++it) {
    v1::Alert alert;
    if (!alert.ParseFromString(it->second)) {
      return absl::DataLossError(
          absl::StrCat("stored alert ", it->first, " cannot be parsed"));
    }
    if (request.state() != v1::ALERT_STATE_UNSPECIFIED &&
        alert.state() != request.state()) {
      continue;
    }
    if (request.severity() != v1::SEVERITY_UNSPECIFIED &&
        alert.severity() != request.severity()) {
      continue;
    }
    if (response.alerts_size() == *page_size) {
      PageCursor cursor;
      cursor.last_id = last_key;
      response.set_next_page_token(EncodePageToken(fingerprint, cursor));
      break;
    }
    *response.add_alerts() = std::move(alert);
    last_key = it->first;
  }
  return response;
}

}  // namespace giamsat::query
