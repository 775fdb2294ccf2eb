// Removal of citizens' personal data from input events, before anything is
// validated, logged or written (docs/ingestion.md, "Personal data").
//
// JSON input: every object key (at any depth, also inside arrays) whose
// normalised name (lowercase, without '_' and '-') is in `drop_fields` is
// removed with its whole value; a key in `hash_fields` is removed too, and
// the first such value found (in the order of `hash_fields`) becomes the
// event's citizenRef: HMAC-SHA256 with `hash_key` of the value stripped of
// spaces, dots and dashes and upper-cased, in lowercase hex. Without a key,
// hash fields are only dropped. Free text (the values of "reason" and
// "shortcomings" keys in JSON, dossier.reason and inspection.shortcomings
// in protobuf) keeps its words but every run of at least
// `redact_digit_runs` digits (spaces, dots and dashes between digits
// allowed) becomes "***", which masks phone and ID numbers.
// Pure functions; safe for concurrent use.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "giamsat/v1/events.pb.h"
#include "nlohmann/json_fwd.hpp"

namespace giamsat::ingestor {

struct PiiPolicy {
  std::vector<std::string> drop_fields;
  std::vector<std::string> hash_fields;
  // The HMAC key (from the environment variable pii.hash_key_env); empty:
  // hash fields are dropped like drop_fields.
  std::string hash_key;
  // Shortest digit run masked in free text; 0 turns masking off.
  int redact_digit_runs = 9;
};

// What was removed from one event: (field name, action) with action
// "dropped", "hashed" or "redacted". Field names are spelled as in the
// policy's lists (or "reason"/"shortcomings"), so they are bounded metric
// labels whatever the input's spelling.
struct PiiReport {
  std::vector<std::pair<std::string, std::string>> actions;
};

// "citizen_Name" -> "citizenname".
std::string NormalisePiiName(const std::string& name);

// Removes personal data from `doc` in place; returns the citizenRef to set
// ("" when none). A top-level "citizenRef"/"citizen_ref" or "ingestedAt" /
// "ingested_at" sent by the caller is removed too (set by the ingestor).
std::string ScrubJson(nlohmann::ordered_json& doc, const PiiPolicy& policy,
                      PiiReport* report);

// Masks digit runs in the event's free-text fields.
void RedactFreeText(v1::Event& event, const PiiPolicy& policy,
                    PiiReport* report);

// Masks digit runs of at least `min_digits` digits in `text`; returns true
// when something was masked.
bool MaskDigitRuns(std::string& text, int min_digits);

// HMAC-SHA256(key, value) in lowercase hex.
std::string KeyedHash(const std::string& key, const std::string& value);

// The names in `policy` that are also field names of the event schema
// (such a policy would silently drop real data); empty when none.
std::vector<std::string> PiiNamesClashingWithSchema(const PiiPolicy& policy);

}  // namespace giamsat::ingestor
