#include "services/query/audit_reader.h"

#include "common/core/proto_time.h"
#include "common/escalation/audit_trail.h"
#include "services/query/page_token.h"
#include "services/query/stored_state.h"

namespace giamsat::query {

absl::StatusOr<v1::ListAuditTrailResponse> AuditReader::List(
    const v1::ListAuditTrailRequest& request, int64_t watermark_ms) {
  if (request.unit_id().empty()) {
    return absl::InvalidArgumentError("unit_id: required");
  }
  absl::StatusOr<int> page_size = PageSize(
      request.page_size(), limits_.default_page_size, limits_.max_page_size);
  if (!page_size.ok()) return page_size.status();
  escalation::AuditQuery query;
  query.limit = *page_size;
  query.alert_id = request.alert_id();
  if (request.has_since()) {
    query.since_micros = absl::ToUnixMicros(core::FromProto(request.since()));
  }
  const uint64_t fingerprint = RequestFingerprint(request);
  if (!request.page_token().empty()) {
    absl::StatusOr<PageCursor> cursor =
        DecodePageToken(request.page_token(), fingerprint);
    if (!cursor.ok()) return cursor.status();
    query.after = escalation::AuditCursor{cursor->last_score, cursor->last_id};
  }
  if (request.include_subtree()) {
    query.units = tree_.Subtree(request.unit_id());
  }
  if (query.units.empty()) query.units = {request.unit_id()};
  absl::StatusOr<escalation::AuditPage> page =
      escalation::ReadAuditTrail(store_, layout_, query);
  if (!page.ok()) return page.status();
  v1::ListAuditTrailResponse response;
  for (v1::AuditEntry& e : page->entries) {
    *response.add_entries() = std::move(e);
  }
  if (page->next.has_value()) {
    PageCursor cursor;
    cursor.last_score = page->next->micros;
    cursor.last_id = page->next->entry_id;
    response.set_next_page_token(EncodePageToken(fingerprint, cursor));
  }
  SetWatermark(watermark_ms, response);
  return response;
}

}  // namespace giamsat::query
