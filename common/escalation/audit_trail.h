// AuditTrail: reads the escalation audit trail giamsat-escalator stores
// (KeyLayout::AuditEntry / AuditIndex, docs/state-layout.md), oldest first,
// for the escalator's own EscalationService.ListAuditEntries and the query
// service's QueryService.ListAuditEntries alike.
//
// Reads one or several indexes (the all-units index, or the indexes of
// given units, merged by time then entry id), from an instant on, after a
// keyset cursor (the (time, id) of the last entry of the previous page, so
// entries written meanwhile are neither repeated nor skipped), optionally
// only the entries about one alert. Thread-safe as the store is.
// Errors: the store's (Unavailable), DataLoss for a stored entry that cannot
// be parsed.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/store/key_layout.h"
#include "common/store/state_store.h"
#include "giamsat/v1/escalation.pb.h"

namespace giamsat::escalation {

// A position in the trail: entries sort by (Unix micros, entry id).
struct AuditCursor {
  int64_t micros = std::numeric_limits<int64_t>::min();
  std::string entry_id;
};

struct AuditQuery {
  // The units whose entries are read; empty: every unit (one index).
  std::vector<std::string> units;
  // Only entries about this alert (AuditEntry.alert_ids); empty: any.
  std::string alert_id;
  // Only entries at or after this instant (Unix micros).
  int64_t since_micros = std::numeric_limits<int64_t>::min();
  // Only entries after this position (nullopt: from the start).
  std::optional<AuditCursor> after;
  // At most this many entries (>= 1).
  int limit = 100;
};

struct AuditPage {
  std::vector<v1::AuditEntry> entries;
  // Where the next page starts; nullopt when no entry is left.
  std::optional<AuditCursor> next;
};

absl::StatusOr<AuditPage> ReadAuditTrail(store::StateStore& store,
                                         const store::KeyLayout& layout,
                                         const AuditQuery& query);

}  // namespace giamsat::escalation
