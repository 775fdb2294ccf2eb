// Decoding of input events into v1::Event, the same way for every entry
// point: the canonical proto3 JSON form (one object, a JSON array of them,
// JSONL lines), CSV records through their header's column mapping, and
// protobuf from gRPC.
//
// Each element is decoded on its own, so one bad element does not hide the
// others. Personal data is removed first (PiiPolicy) and the element is
// checked against the schema (CheckEventJson) before the protobuf parser
// runs, so a decoding problem names the field and the reason. Fields the
// ingestor sets (ingestedAt, citizenRef) are ignored on input; protobuf
// fields unknown to this schema version are discarded. `raw` keeps the
// element without personal data for the dead-letter record, with the values
// of unknown fields replaced by "(removed)"; input that is not JSON at all
// is not kept (it could not be cleaned).
// EventDecoder is immutable after construction; safe for concurrent use.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "giamsat/v1/events.pb.h"
#include "nlohmann/json_fwd.hpp"
#include "services/ingestor/pii_scrubber.h"

namespace giamsat::ingestor {

class CsvHeader;

struct DecodedItem {
  // The element without personal data (JSON text, or protobuf bytes), for
  // the dead-letter record; empty when it could not be cleaned.
  std::string raw;
  // "json", "csv" or "protobuf".
  std::string encoding = "json";
  // Where it came from (e.g. "export.csv:17"), when the caller said so.
  std::string origin;
  // Set when the element decoded; `errors` lists why not otherwise.
  bool decoded = false;
  v1::Event event;
  // The event id when it could be read (also for undecodable elements).
  std::string event_id;
  std::vector<v1::FieldError> errors;
  // Personal data removed from this element.
  PiiReport pii;
};

class EventDecoder {
 public:
  // Without a policy nothing is treated as personal data (unknown keys are
  // then reported as unknown_field).
  EventDecoder() = default;
  explicit EventDecoder(PiiPolicy policy) : policy_(std::move(policy)) {}

  // One JSON object (e.g. one JSONL line).
  DecodedItem DecodeJson(const std::string& text) const;
  // InvalidArgument when `body` is not JSON, or is neither an object nor an
  // array; otherwise one item per element.
  absl::StatusOr<std::vector<DecodedItem>> DecodeJsonBody(
      const std::string& body) const;
  // One CSV record under `header`.
  DecodedItem DecodeCsv(const CsvHeader& header,
                        const std::string& record) const;
  // An event that arrived as protobuf (gRPC).
  DecodedItem FromProto(v1::Event event) const;

  const PiiPolicy& policy() const { return policy_; }

 private:
  DecodedItem FromJsonValue(nlohmann::ordered_json value,
                            std::string encoding) const;

  PiiPolicy policy_;
};

// Shorthands with an empty policy (tests and tools).
absl::StatusOr<std::vector<DecodedItem>> DecodeJsonEvents(
    const std::string& body);
DecodedItem DecodeJsonEvent(const std::string& text);

}  // namespace giamsat::ingestor
