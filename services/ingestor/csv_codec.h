// CSV export files (RFC 4180) and their mapping to event JSON.
//
// Records are separated by CR LF or LF; fields by ','; a field in double
// quotes may contain ',', line breaks and doubled quotes (""). A UTF-8 byte
// order mark before the header is ignored. The header names each column by
// the JSON field path it fills ("eventId", "occurredAt",
// "dossier.legalDuration.workingDays"; snake_case paths work too). In a row
// an empty cell leaves its field unset; a cell of a boolean field takes
// true/false/1/0/yes/no; integer fields take decimal numbers; a repeated
// field takes its values separated by '|'. Columns the schema does not know
// are kept as strings, so that personal-data columns are dropped by the
// scrubber like JSON keys and anything else is reported as unknown_field.
// Pure; safe for concurrent use.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"

namespace giamsat::ingestor {

// Splits one CSV record (without its line break, which may also be left
// on) into fields. InvalidArgument naming the position for an unterminated
// quoted field or text after a closing quote.
absl::StatusOr<std::vector<std::string>> ParseCsvRecord(
    const std::string& text);

// Cuts a CSV text stream into records, honouring quoted line breaks.
// Feed lines (each without its '\n'); Next() then hands out the complete
// records with the number of the line each started on. Not thread-safe.
class CsvRecordSplitter {
 public:
  // Adds one line (the '\n' removed; a trailing '\r' is kept and ignored).
  void AddLine(std::string line);
  // Moves the next complete record into *record; false when none is ready.
  bool Next(std::string* record, int64_t* first_line);
  // True when a quoted field is still open (the input ended inside one).
  bool InsideQuotes() const { return in_quotes_; }
  // The pending incomplete record, if any (at end of input).
  bool TakeIncomplete(std::string* record, int64_t* first_line);

 private:
  std::string current_;
  int64_t current_first_line_ = 0;
  int64_t line_number_ = 0;
  bool in_quotes_ = false;
  bool has_current_ = false;
  std::vector<std::pair<std::string, int64_t>> ready_;
  size_t next_ready_ = 0;
};

// A parsed header: one JSON path per column.
class CsvHeader {
 public:
  // InvalidArgument naming the column for an empty name, a duplicate, or a
  // column that is both a value and a parent of another column.
  static absl::StatusOr<CsvHeader> Parse(const std::string& header_record);

  size_t columns() const { return paths_.size(); }
  const std::vector<std::string>& names() const { return names_; }

  // The event JSON object of one record's fields. With fewer or more
  // fields than columns, maps what it can and sets *mismatch.
  nlohmann::ordered_json ToJson(const std::vector<std::string>& fields,
                                bool* mismatch) const;

 private:
  struct Column {
    std::vector<std::string> segments;  // JSON names where known
    enum class Type { kString, kBool, kInteger, kNumber, kEnum } type;
    bool repeated = false;
  };
  static nlohmann::ordered_json Convert(const std::string& cell,
                                        Column::Type type);

  std::vector<std::string> names_;
  std::vector<Column> paths_;
};

}  // namespace giamsat::ingestor
