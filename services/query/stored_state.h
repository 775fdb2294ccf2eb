// Helpers shared by the readers of stored subjects (dossiers, feedback).
// LoadState: reads one state the rules service stored (a DossierState, a
// FeedbackState) and parses it. Errors: InvalidArgument "<field>: required"
// for an empty id, NotFound for an unknown one, DataLoss for a value that
// cannot be parsed, the store's error (Unavailable) otherwise.
#pragma once

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "common/core/proto_time.h"
#include "common/store/state_store.h"

namespace giamsat::query {

// `what` names the subject in errors ("dossier"), `field` the request field.
template <typename State>
absl::StatusOr<State> LoadState(store::StateStore& store, absl::string_view key,
                                absl::string_view what, absl::string_view field,
                                absl::string_view id) {
  if (id.empty())
    return absl::InvalidArgumentError(absl::StrCat(field, ": required"));
  absl::StatusOr<std::optional<std::string>> stored = store.Get(key);
  if (!stored.ok()) return stored.status();
  if (!stored->has_value()) {
    return absl::NotFoundError(absl::StrCat(what, " ", id));
  }
  State state;
  if (!state.ParseFromString(**stored)) {
    return absl::DataLossError(
        absl::StrCat("stored state of ", what, " ", id, " cannot be parsed"));
  }
  return state;
}

// The verdict codes the rules service stores (1 early, 2 on time, 3 late;
// 0 none yet) as the API's words ("" for none).
inline std::string VerdictName(int verdict) {
  switch (verdict) {
    case 1:
      return "early";
    case 2:
      return "on_time";
    case 3:
      return "late";
    default:
      return "";
  }
}

// Sets a view's watermark from a unit's watermark in ms (0: none).
template <typename View>
void SetWatermark(int64_t watermark_ms, View& view) {
  if (watermark_ms > 0) {
    *view.mutable_watermark() =
        core::ToProto(absl::FromUnixMillis(watermark_ms));
  }
}

}  // namespace giamsat::query
