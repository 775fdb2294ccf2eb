// libFuzzer target: the JSON decoding path of the ingestor (one event, and a
// body that is an object or an array), with a
// personal-data policy so the scrubber, the schema check, the protobuf
// parser and free-text masking all run. Built and run by tests/fuzz/run.sh.
#include <cstddef>
#include <cstdint>
#include <string>

#include "services/ingestor/json_decoder.h"

namespace {

const giamsat::ingestor::EventDecoder& Decoder() {
  static const auto* decoder = [] {
    giamsat::ingestor::PiiPolicy policy;
    policy.drop_fields = {"citizenName", "phone", "address", "email"};
    policy.hash_fields = {"nationalId", "cccd"};
    policy.hash_key = "fuzz-key";
    policy.redact_digit_runs = 9;
    return new giamsat::ingestor::EventDecoder(policy);
  }();
  return *decoder;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const auto& decoder = Decoder();
  giamsat::ingestor::DecodedItem one = decoder.DecodeJson(text);
  if (one.decoded) {
    // What the pipeline does next with a decoded event.
    (void)one.event.SerializeAsString();
  }
  (void)decoder.DecodeJsonBody(text);
  std::string masked = text;
  giamsat::ingestor::MaskDigitRuns(masked, 9);
  return 0;
}
