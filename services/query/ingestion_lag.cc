#include "services/query/ingestion_lag.h"

#include <algorithm>

#include "common/core/proto_time.h"

namespace giamsat::query {

v1::IngestionLag ComputeIngestionLag(
    const std::vector<v1::PartitionProgress>& partitions, bool complete,
    absl::Time now) {
  v1::IngestionLag lag;
  lag.set_partitions(static_cast<int32_t>(partitions.size()));
  if (partitions.empty()) return lag;
  absl::Time covered = absl::InfiniteFuture();
  absl::Time reported = absl::InfiniteFuture();
  for (const v1::PartitionProgress& p : partitions) {
    lag.set_events(lag.events() +
                   std::max<int64_t>(0, p.end_offset() - p.next_offset()));
    if (p.has_covered_until()) {
      covered = std::min(covered, core::FromProto(p.covered_until()));
    } else {
      complete = false;
    }
    reported = std::min(reported, core::FromProto(p.reported_at()));
  }
  *lag.mutable_reported_at() = core::ToProto(reported);
  if (complete) {
    lag.set_seconds(std::max(0.0, absl::ToDoubleSeconds(now - covered)));
    lag.set_seconds_known(true);
  }
  return lag;
}

absl::StatusOr<v1::IngestionLag> LagReader::Current() {
  const absl::Time now = clock_.Now();
  absl::MutexLock lock(&mu_);
  if (now - read_at_ >= keep_) {
    absl::StatusOr<std::vector<store::Hash>> hashes =
        store_.GetHashes({layout_.IngestProgress()});
    if (!hashes.ok()) return hashes.status();
    partitions_.clear();
    complete_ = true;
    for (const auto& [field, bytes] : hashes->front()) {
      if (!partitions_.emplace_back().ParseFromString(bytes)) {
        partitions_.pop_back();
        complete_ = false;
      }
    }
    read_at_ = now;
  }
  return ComputeIngestionLag(partitions_, complete_, now);
}

}  // namespace giamsat::query
