// UnitLister: ListUnitStatuses. Lists the units under a parent of the
// hierarchy, each rolled up over its own subtree, ranked by the requested
// sort and paginated with keyset page tokens (page_token.h): the period's
// "today" is pinned by the first page, and each page starts after the sort
// key of the previous page's last unit, so a unit is never listed twice.
// Figures are live, so a unit whose rank changes between pages may move
// across the page boundary (documented in docs/query-api.md).
// Errors: InvalidArgument naming the field, NotFound for a parent not in
// the hierarchy, Unavailable when the store cannot be reached.
#pragma once

#include "absl/status/statusor.h"
#include "giamsat/v1/query.pb.h"
#include "services/query/status_reader.h"

namespace giamsat::query {

struct PageLimits {
  int default_page_size = 50;
  int max_page_size = 500;
};

class UnitLister {
 public:
  UnitLister(StatusReader& reader, PageLimits limits)
      : reader_(reader), limits_(limits) {}

  absl::StatusOr<v1::ListUnitStatusesResponse> List(
      const v1::ListUnitStatusesRequest& request);

 private:
  StatusReader& reader_;
  const PageLimits limits_;
};

}  // namespace giamsat::query
