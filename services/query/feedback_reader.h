// FeedbackReader: GetFeedback from the state store. Decodes the item's
// stored FeedbackState and explains its acceptance and answer due times with
// the same feedback rules and calendar as giamsat-rules
// (domain::FeedbackRules::ExplainDeadlines). Thread-safe.
// Errors: InvalidArgument "feedback_id: required", NotFound for an unknown
// item, DataLoss for a stored state that cannot be parsed, Unavailable when
// the store cannot be reached.
#pragma once

#include <memory>

#include "absl/status/statusor.h"
#include "common/domain/feedback_rules.h"
#include "common/store/key_layout.h"
#include "common/store/state_store.h"
#include "giamsat/v1/query.pb.h"
#include "giamsat/v1/state.pb.h"

namespace giamsat::query {

class FeedbackReader {
 public:
  // `rules` null: views carry no explanation but say why.
  FeedbackReader(store::StateStore& store, store::KeyLayout layout,
                 std::shared_ptr<const domain::FeedbackRules> rules)
      : store_(store), layout_(std::move(layout)), rules_(std::move(rules)) {}

  // The stored state of an item (for access checks before viewing).
  absl::StatusOr<v1::FeedbackState> GetState(absl::string_view feedback_id);
  // The view of a state; `watermark_ms` of its unit (0: none).
  v1::FeedbackView View(const v1::FeedbackState& state,
                        int64_t watermark_ms) const;

 private:
  store::StateStore& store_;
  const store::KeyLayout layout_;
  const std::shared_ptr<const domain::FeedbackRules> rules_;
};

}  // namespace giamsat::query
