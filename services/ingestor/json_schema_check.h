// Checks a JSON event object against the event schema (the protobuf
// descriptors of giamsat.v1.Event) before it is parsed, so that every
// problem is reported with its field path and a stable reason instead of
// the parser's first complaint:
//   unknown_field      a key the schema does not have
//   wrong_type         e.g. a number where a string is expected
//   unknown_enum       a name (or number) the enum does not define
//   invalid_kind       a kind of another subject type (e.g. a feedback kind
//                      inside "dossier")
//   missing_utc_offset a timestamp without "Z" or "+hh:mm"
//   bad_timestamp      a timestamp that is not RFC 3339
//   out_of_range       an integer outside its type's range
//   ambiguous          more than one payload (dossier, feedback, inspection)
// Field paths use the JSON names ("dossier.legalDuration.workingDays",
// "inspection.shortcomings[1]"). Both lowerCamelCase and snake_case keys are
// accepted, as by the proto3 JSON parser; null means "not set". Pure.
#pragma once

#include <vector>

#include "giamsat/v1/events.pb.h"
#include "nlohmann/json_fwd.hpp"

namespace giamsat::ingestor {

std::vector<v1::FieldError> CheckEventJson(const nlohmann::ordered_json& event);

// Replaces the value of every key the schema does not know (at any depth)
// by the string "(removed)": such values are kept nowhere, not even in a
// dead letter, since unexpected personal data hides there. Returns the
// number of values replaced.
int RedactUnknownFields(nlohmann::ordered_json& event);

// Parses an RFC 3339 timestamp that must carry "Z" or a numeric offset;
// false with `reason` ("missing_utc_offset" or "bad_timestamp") otherwise.
bool ParseRfc3339WithOffset(const std::string& text, int64_t* unix_seconds,
                            int32_t* nanos, std::string* reason);

}  // namespace giamsat::ingestor
