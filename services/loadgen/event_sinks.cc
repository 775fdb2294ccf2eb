#include "services/loadgen/event_sinks.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "google/protobuf/util/json_util.h"

namespace giamsat::loadgen {

absl::Status JsonlSink::Write(const v1::Event& event) {
  if (!out_.is_open() || (max_lines_ > 0 && lines_ == max_lines_)) {
    if (out_.is_open()) out_.close();
    const std::string name =
        max_lines_ > 0
            ? absl::StrFormat("%s.%05d", path_, static_cast<int>(files_.size()))
            : path_;
    out_.open(name, std::ios::trunc);
    if (!out_)
      return absl::UnavailableError(absl::StrCat("cannot write ", name));
    files_.push_back(name);
    lines_ = 0;
  }
  json_.clear();
  auto status = google::protobuf::util::MessageToJsonString(event, &json_);
  if (!status.ok()) {
    return absl::InternalError(
        absl::StrCat("event ", event.event_id(), ": ", status.ToString()));
  }
  out_ << json_ << '\n';
  ++lines_;
  return out_ ? absl::OkStatus()
              : absl::UnavailableError(
                    absl::StrCat("cannot write ", files_.back()));
}

absl::Status JsonlSink::Flush() {
  if (!out_.is_open()) return absl::OkStatus();
  out_.flush();
  return out_ ? absl::OkStatus()
              : absl::UnavailableError(
                    absl::StrCat("cannot write ", files_.back()));
}

KafkaSink::KafkaSink(events::EventPublisher& publisher, events::Topics topics,
                     double rate, size_t batch, const core::Clock& clock,
                     SleepFn sleep)
    : publisher_(publisher),
      topics_(std::move(topics)),
      rate_(rate),
      batch_(std::max<size_t>(1, batch)),
      clock_(clock),
      sleep_(sleep) {}

absl::Status KafkaSink::Write(const v1::Event& event) {
  pending_.push_back({topics_.ForEvent(event),
                      std::string(events::SubjectId(event)),
                      event.SerializeAsString()});
  return pending_.size() >= batch_ ? Flush() : absl::OkStatus();
}

absl::Status KafkaSink::Flush() {
  if (pending_.empty()) return absl::OkStatus();
  if (rate_ > 0) {
    if (started_ == absl::InfinitePast()) started_ = clock_.Now();
    const absl::Time due =
        started_ +
        absl::Seconds(static_cast<double>(published_ + pending_.size()) /
                      rate_);
    const absl::Time now = clock_.Now();
    if (now < due) sleep_(due - now);
  }
  const std::vector<absl::Status> results = publisher_.PublishBatch(pending_);
  for (size_t i = 0; i < results.size(); ++i) {
    if (!results[i].ok()) {
      return absl::Status(results[i].code(),
                          absl::StrCat("publishing ", pending_[i].key, ": ",
                                       results[i].message()));
    }
  }
  published_ += static_cast<int64_t>(pending_.size());
  pending_.clear();
  return absl::OkStatus();
}

}  // namespace giamsat::loadgen
