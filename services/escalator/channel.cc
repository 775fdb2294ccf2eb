#include "services/escalator/channel.h"

#include "absl/strings/str_cat.h"
#include "google/protobuf/util/json_util.h"

namespace giamsat::escalator {

std::string NotificationJson(const v1::Notification& notification) {
  std::string out;
  google::protobuf::util::JsonPrintOptions options;
  options.always_print_primitive_fields = true;
  // Our own message always converts; a failure would be a programming error.
  (void)google::protobuf::util::MessageToJsonString(notification, &out,
                                                    options);
  return out;
}

absl::Status HttpOutcome(const std::string& what, int status,
                         const std::string& error) {
  if (status <= 0) {
    return absl::UnavailableError(absl::StrCat(what, ": ", error));
  }
  if (status >= 200 && status < 300) return absl::OkStatus();
  if (status == 408 || status == 429 || status >= 500) {
    return absl::UnavailableError(absl::StrCat(what, ": HTTP ", status));
  }
  return absl::FailedPreconditionError(absl::StrCat(what, ": HTTP ", status));
}

}  // namespace giamsat::escalator
