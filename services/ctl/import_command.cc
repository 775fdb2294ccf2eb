#include "services/ctl/import_command.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <memory>
#include <ostream>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"
#include "grpcpp/grpcpp.h"
#include "services/ingestor/csv_codec.h"

namespace giamsat::ctl {
namespace {

struct Record {
  std::string text;
  std::string origin;
};

struct Tally {
  int64_t records = 0;
  int64_t accepted = 0;
  int64_t duplicates = 0;
  int64_t rejected = 0;
  int64_t undelivered = 0;
  int64_t retries = 0;
  std::map<std::string, int64_t> reasons;
  int printed = 0;
};

// Reads records one at a time from a JSONL or CSV file.
class RecordReader {
 public:
  RecordReader(std::istream& in, std::string name, bool csv)
      : in_(in), name_(std::move(name)), csv_(csv) {}

  // The CSV header record (CSV only); false at end of input.
  bool ReadHeader(std::string* header) {
    int64_t line = 0;
    if (!NextCsv(header, &line)) return false;
    if (absl::StartsWith(*header, "\xEF\xBB\xBF")) header->erase(0, 3);
    return true;
  }

  bool Next(Record* record) {
    if (csv_) {
      int64_t line = 0;
      while (NextCsv(&record->text, &line)) {
        if (absl::StripAsciiWhitespace(record->text).empty()) continue;
        record->origin = absl::StrCat(name_, ":", line);
        return true;
      }
      return false;
    }
    std::string text;
    while (std::getline(in_, text)) {
      ++line_;
      const absl::string_view stripped = absl::StripAsciiWhitespace(text);
      if (stripped.empty()) continue;
      if (line_ == 1 && absl::StartsWith(stripped, "\xEF\xBB\xBF")) {
        record->text = std::string(stripped.substr(3));
      } else {
        record->text = std::string(stripped);
      }
      record->origin = absl::StrCat(name_, ":", line_);
      return true;
    }
    return false;
  }

  int64_t position() {
    return in_.good() ? static_cast<int64_t>(in_.tellg()) : -1;
  }

 private:
  bool NextCsv(std::string* record, int64_t* line) {
    while (true) {
      if (splitter_.Next(record, line)) return true;
      std::string text;
      if (!std::getline(in_, text)) {
        return splitter_.TakeIncomplete(record, line);
      }
      splitter_.AddLine(std::move(text));
    }
  }

  std::istream& in_;
  const std::string name_;
  const bool csv_;
  int64_t line_ = 0;
  ingestor::CsvRecordSplitter splitter_;
};

class Progress {
 public:
  Progress(std::ostream& err, const core::Clock& clock, bool tty,
           int64_t total_bytes, std::string name)
      : err_(err),
        clock_(clock),
        tty_(tty),
        total_(total_bytes),
        name_(std::move(name)),
        start_(clock.Now()),
        last_(start_) {}

  void Update(const Tally& t, int64_t position, bool final) {
    const absl::Time now = clock_.Now();
    const absl::Duration every =
        tty_ ? absl::Milliseconds(200) : absl::Seconds(5);
    if (!final && now - last_ < every) return;
    last_ = now;
    const double seconds = std::max(1e-3, absl::ToDoubleSeconds(now - start_));
    const double percent =
        total_ > 0 && position >= 0
            ? std::min(100.0, 100.0 * static_cast<double>(position) /
                                  static_cast<double>(total_))
            : (final ? 100.0 : 0.0);
    const std::string counts = absl::StrFormat(
        "%d records, accepted %d, duplicates %d, rejected %d, %.0f records/s",
        t.records, t.accepted, t.duplicates, t.rejected,
        static_cast<double>(t.records) / seconds);
    if (tty_) {
      constexpr int kWidth = 30;
      const int filled = static_cast<int>(percent / 100.0 * kWidth);
      err_ << "\r[" << std::string(filled, '#')
           << std::string(kWidth - filled, ' ') << "] "
           << absl::StrFormat("%5.1f%% ", percent) << counts << "\x1b[K";
      if (final) err_ << "\n";
    } else {
      err_ << "import " << name_ << ": " << absl::StrFormat("%.0f%%, ", percent)
           << counts << "\n";
    }
    err_.flush();
  }

  absl::Duration elapsed() const { return clock_.Now() - start_; }

 private:
  std::ostream& err_;
  const core::Clock& clock_;
  const bool tty_;
  const int64_t total_;
  const std::string name_;
  const absl::Time start_;
  absl::Time last_;
};

std::string Trailer(const grpc::ClientContext& ctx, const std::string& key) {
  const auto& md = ctx.GetServerTrailingMetadata();
  auto it = md.find(key);
  if (it == md.end()) return "";
  return std::string(it->second.data(), it->second.size());
}

class Importer {
 public:
  Importer(v1::IngestService::StubInterface& stub, const ImportOptions& options,
           std::ostream& err, const core::Clock& clock, const SleepFn& sleep,
           bool csv, std::string header, Tally& tally)
      : stub_(stub),
        options_(options),
        err_(err),
        clock_(clock),
        sleep_(sleep),
        csv_(csv),
        header_(std::move(header)),
        tally_(tally) {}

  // Sends one chunk until every record is settled or retries run out;
  // false on an error that stops the import (printed).
  bool Send(const std::vector<Record>& chunk) {
    std::vector<size_t> pending(chunk.size());
    for (size_t i = 0; i < chunk.size(); ++i) pending[i] = i;
    std::vector<bool> tried(chunk.size(), false);
    const absl::Time give_up = clock_.Now() + options_.retry_for;
    absl::Duration backoff = absl::Milliseconds(250);
    while (!pending.empty()) {
      grpc::ClientContext ctx;
      ctx.set_deadline(absl::ToChronoTime(absl::Now() + options_.call_timeout));
      v1::IngestBatchResult result;
      std::unique_ptr<grpc::ClientWriterInterface<v1::ImportRecord>> writer =
          stub_.Import(&ctx, &result);
      bool first = true;
      for (size_t i : pending) {
        v1::ImportRecord r;
        r.set_format(csv_ ? v1::ImportRecord::FORMAT_CSV
                          : v1::ImportRecord::FORMAT_JSON);
        r.set_text(chunk[i].text);
        r.set_origin(chunk[i].origin);
        if (csv_ && first) r.set_csv_header(header_);
        first = false;
        if (!writer->Write(r)) break;
      }
      writer->WritesDone();
      const grpc::Status status = writer->Finish();
      bool have_results = status.ok();
      if (!status.ok() &&
          status.error_code() == grpc::StatusCode::UNAVAILABLE &&
          result.ParseFromString(status.error_details()) &&
          result.results_size() == static_cast<int>(pending.size())) {
        have_results = true;
      }
      if (!status.ok() &&
          status.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED &&
          pending.size() > 1) {
        // The ingestor takes smaller batches: send this one in two halves.
        std::vector<Record> first_half, second_half;
        for (size_t k = 0; k < pending.size(); ++k) {
          (k < pending.size() / 2 ? first_half : second_half)
              .push_back(chunk[pending[k]]);
        }
        return Send(first_half) && Send(second_half);
      }
      if (!status.ok() && !have_results &&
          (status.error_code() == grpc::StatusCode::INVALID_ARGUMENT ||
           status.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED ||
           status.error_code() == grpc::StatusCode::UNIMPLEMENTED ||
           status.error_code() == grpc::StatusCode::PERMISSION_DENIED ||
           status.error_code() == grpc::StatusCode::UNAUTHENTICATED)) {
        err_ << "giamsatctl import: " << status.error_message() << " (code "
             << status.error_code() << ")\n";
        tally_.undelivered += static_cast<int64_t>(pending.size());
        return false;
      }
      std::vector<size_t> again;
      if (have_results &&
          result.results_size() == static_cast<int>(pending.size())) {
        for (size_t k = 0; k < pending.size(); ++k) {
          const size_t i = pending[k];
          const v1::IngestResult& r = result.results(static_cast<int>(k));
          if (r.unavailable()) {
            again.push_back(i);
            tried[i] = true;
          } else if (r.accepted()) {
            // A duplicate of our own earlier attempt was written by it.
            if (r.duplicate() && !tried[i]) {
              ++tally_.duplicates;
            } else {
              ++tally_.accepted;
            }
          } else {
            Rejected(chunk[i], r);
          }
        }
      } else {
        again = pending;
        for (size_t i : pending) tried[i] = true;
      }
      pending = std::move(again);
      if (pending.empty()) break;
      ++tally_.retries;
      if (clock_.Now() >= give_up) {
        err_ << "giamsatctl import: giving up on " << pending.size()
             << " records after " << absl::FormatDuration(options_.retry_for)
             << " (last error: " << status.error_message() << ")\n";
        tally_.undelivered += static_cast<int64_t>(pending.size());
        return true;
      }
      absl::Duration wait = backoff;
      int64_t seconds = 0;
      if (absl::SimpleAtoi(Trailer(ctx, "retry-after"), &seconds) &&
          seconds > 0) {
        wait = std::min(absl::Seconds(seconds), options_.retry_for);
      }
      backoff = std::min(backoff * 2, absl::Seconds(10));
      if (tally_.retries == 1 || tally_.retries % 10 == 0) {
        err_ << "\ngiamsatctl import: " << pending.size()
             << " records not written now (" << status.error_message()
             << "); retrying in " << absl::FormatDuration(wait) << "\n";
      }
      sleep_(wait);
    }
    return true;
  }

 private:
  void Rejected(const Record& record, const v1::IngestResult& r) {
    ++tally_.rejected;
    for (const v1::FieldError& e : r.errors()) ++tally_.reasons[e.reason()];
    if (tally_.printed < options_.max_printed_rejects) {
      ++tally_.printed;
      err_ << "\n" << record.origin << ":";
      if (!r.event_id().empty()) err_ << " " << r.event_id() << ":";
      bool first = true;
      for (const v1::FieldError& e : r.errors()) {
        err_ << (first ? " " : "; ") << e.field() << ": " << e.message() << " ("
             << e.reason() << ")";
        first = false;
      }
      err_ << "\n";
    }
  }

  v1::IngestService::StubInterface& stub_;
  const ImportOptions& options_;
  std::ostream& err_;
  const core::Clock& clock_;
  const SleepFn& sleep_;
  const bool csv_;
  const std::string header_;
  Tally& tally_;
};

void PrintSummary(const ImportOptions& options, const Tally& t,
                  absl::Duration elapsed, std::ostream& out) {
  if (options.json) {
    out << "{\"records\":" << t.records << ",\"accepted\":" << t.accepted
        << ",\"duplicates\":" << t.duplicates << ",\"rejected\":" << t.rejected
        << ",\"notDelivered\":" << t.undelivered << ",\"rejectedByReason\":{";
    bool first = true;
    for (const auto& [reason, n] : t.reasons) {
      out << (first ? "" : ",") << "\"" << reason << "\":" << n;
      first = false;
    }
    out << "}}\n";
    return;
  }
  out << absl::StrFormat("import %s: %d records in %.1f s\n", options.file,
                         t.records, absl::ToDoubleSeconds(elapsed));
  out << absl::StrFormat("  accepted       %d\n", t.accepted);
  out << absl::StrFormat(
      "  duplicates     %d (accepted before, not written again)\n",
      t.duplicates);
  out << absl::StrFormat("  rejected       %d\n", t.rejected);
  for (const auto& [reason, n] : t.reasons) {
    out << absl::StrFormat("    %-24s %d\n", reason, n);
  }
  if (t.undelivered > 0) {
    out << absl::StrFormat("  not delivered  %d (retry the import)\n",
                           t.undelivered);
  }
}

}  // namespace

int Import(v1::IngestService::StubInterface& stub, const ImportOptions& options,
           std::ostream& out, std::ostream& err, const core::Clock& clock,
           const SleepFn& sleep) {
  std::string format = absl::AsciiStrToLower(options.format);
  if (format.empty()) {
    format = absl::EndsWithIgnoreCase(options.file, ".csv") ? "csv" : "jsonl";
  }
  if (format != "jsonl" && format != "csv") {
    err << "giamsatctl import: --format must be jsonl or csv\n";
    return 2;
  }
  const bool csv = format == "csv";
  std::ifstream in(options.file, std::ios::binary);
  if (!in) {
    err << "giamsatctl import: cannot read " << options.file << "\n";
    return 2;
  }
  in.seekg(0, std::ios::end);
  const int64_t total = static_cast<int64_t>(in.tellg());
  in.seekg(0, std::ios::beg);
  RecordReader reader(in, options.file, csv);
  std::string header;
  if (csv) {
    if (!reader.ReadHeader(&header)) {
      err << "giamsatctl import: " << options.file << " is empty\n";
      return 2;
    }
    absl::StatusOr<ingestor::CsvHeader> parsed =
        ingestor::CsvHeader::Parse(header);
    if (!parsed.ok()) {
      err << "giamsatctl import: " << options.file
          << ":1: " << parsed.status().message() << "\n";
      return 2;
    }
  }
  Tally tally;
  Progress progress(err, clock, options.progress_tty, total, options.file);
  Importer importer(stub, options, err, clock, sleep, csv, header, tally);
  std::vector<Record> chunk;
  int64_t chunk_bytes = 0;
  bool ok = true;
  auto flush = [&] {
    if (chunk.empty()) return;
    ok = importer.Send(chunk);
    chunk.clear();
    chunk_bytes = 0;
    progress.Update(tally, reader.position(), false);
  };
  Record record;
  while (ok && reader.Next(&record)) {
    ++tally.records;
    chunk_bytes +=
        static_cast<int64_t>(record.text.size() + record.origin.size() + 16);
    chunk.push_back(std::move(record));
    if (static_cast<int>(chunk.size()) >= options.batch_records ||
        chunk_bytes >= options.batch_bytes) {
      flush();
    }
  }
  if (ok) flush();
  progress.Update(tally, total, true);
  PrintSummary(options, tally, progress.elapsed(), out);
  if (!ok) return 1;
  return tally.rejected + tally.undelivered == 0 ? 0 : 1;
}

}  // namespace giamsat::ctl
