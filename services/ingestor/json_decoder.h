// Decoding of the canonical proto3 JSON form of events: one event object or
// a JSON array of them. Each element is decoded on its own, so one bad
// element does not hide the others.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "giamsat/v1/events.pb.h"

namespace giamsat::ingestor {

struct DecodedItem {
  // The element's JSON text as received (for the dead-letter record).
  std::string raw;
  // Set when the element decoded; `errors` lists why not otherwise.
  bool decoded = false;
  v1::Event event;
  std::vector<v1::FieldError> errors;
};

// InvalidArgument when `body` is not JSON, or is neither an object nor an
// array of objects; otherwise one item per event.
absl::StatusOr<std::vector<DecodedItem>> DecodeJsonEvents(
    const std::string& body);

// Decodes one JSON object (e.g. one line of a JSONL file).
DecodedItem DecodeJsonEvent(const std::string& text);

}  // namespace giamsat::ingestor
