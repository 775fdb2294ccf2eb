#include "services/ingestor/json_decoder.h"

#include "absl/strings/str_cat.h"
#include "google/protobuf/util/json_util.h"
#include "nlohmann/json.hpp"

namespace giamsat::ingestor {

DecodedItem DecodeJsonEvent(const std::string& text) {
  DecodedItem item;
  item.raw = text;
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  auto status =
      google::protobuf::util::JsonStringToMessage(text, &item.event, options);
  if (status.ok()) {
    item.decoded = true;
  } else {
    v1::FieldError e;
    e.set_field("(event)");
    e.set_reason("malformed");
    e.set_message(std::string(status.message()));
    item.errors.push_back(std::move(e));
  }
  return item;
}

absl::StatusOr<std::vector<DecodedItem>> DecodeJsonEvents(
    const std::string& body) {
  nlohmann::json doc = nlohmann::json::parse(body, nullptr,
                                             /*allow_exceptions=*/false);
  if (doc.is_discarded()) {
    return absl::InvalidArgumentError("body: not valid JSON");
  }
  std::vector<DecodedItem> items;
  if (doc.is_object()) {
    items.push_back(DecodeJsonEvent(body));
    return items;
  }
  if (!doc.is_array()) {
    return absl::InvalidArgumentError(
        "body: expected one event object or an array of event objects");
  }
  items.reserve(doc.size());
  for (const auto& element : doc) {
    items.push_back(DecodeJsonEvent(element.dump()));
  }
  return items;
}

}  // namespace giamsat::ingestor
