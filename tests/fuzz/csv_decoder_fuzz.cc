// libFuzzer target: the CSV path of the ingestor. The input is a CSV file:
// its first record is the header, the others are records, split the way
// giamsatctl import splits a file (quoted fields may span lines) and
// decoded as the Import RPC decodes them. Built and run by tests/fuzz/run.sh.
#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/strings/str_split.h"
#include "services/ingestor/csv_codec.h"
#include "services/ingestor/json_decoder.h"

namespace {

const giamsat::ingestor::EventDecoder& Decoder() {
  static const auto* decoder = [] {
    giamsat::ingestor::PiiPolicy policy;
    policy.drop_fields = {"citizenName", "phone"};
    policy.hash_fields = {"cccd"};
    policy.hash_key = "fuzz-key";
    return new giamsat::ingestor::EventDecoder(policy);
  }();
  return *decoder;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  (void)giamsat::ingestor::ParseCsvRecord(text);
  giamsat::ingestor::CsvRecordSplitter splitter;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    splitter.AddLine(std::string(line));
  }
  std::string record;
  int64_t first_line = 0;
  if (!splitter.Next(&record, &first_line)) return 0;
  absl::StatusOr<giamsat::ingestor::CsvHeader> header =
      giamsat::ingestor::CsvHeader::Parse(record);
  if (!header.ok()) return 0;
  int records = 0;
  while (records < 64 && splitter.Next(&record, &first_line)) {
    ++records;
    (void)Decoder().DecodeCsv(*header, record);
  }
  if (splitter.TakeIncomplete(&record, &first_line)) {
    (void)Decoder().DecodeCsv(*header, record);
  }
  return 0;
}
