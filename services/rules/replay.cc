#include "services/rules/replay.h"

#include <algorithm>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "giamsat/v1/state.pb.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "google/protobuf/util/message_differencer.h"

namespace giamsat::rules {
namespace {

// The fields whose values differ ("field live X replay Y"); an absent
// field reads as `absent` (counters: "0").
std::string HashDiff(const store::Hash& replayed, const store::Hash& live,
                     const std::string& absent = "0") {
  std::vector<std::string> out;
  std::set<std::string> fields;
  for (const auto& [f, v] : replayed) fields.insert(f);
  for (const auto& [f, v] : live) fields.insert(f);
  for (const std::string& f : fields) {
    auto r = replayed.find(f);
    auto l = live.find(f);
    const std::string rv = r == replayed.end() ? absent : r->second;
    const std::string lv = l == live.end() ? absent : l->second;
    if (rv != lv) out.push_back(absl::StrCat(f, " live ", lv, " replay ", rv));
  }
  return absl::StrJoin(out, ", ");
}

// Alert lists compare by the ids firing now: an alert raised and resolved
// again depends on when the events arrived, not only on what they say.
store::Hash FiringAlerts(const store::Hash& alerts) {
  store::Hash out;
  for (const auto& [id, bytes] : alerts) {
    v1::Alert a;
    if (!a.ParseFromString(bytes)) {
      out[id] = "(unreadable)";
    } else if (a.state() == v1::ALERT_FIRING) {
      out[id] = "firing";
    }
  }
  return out;
}

// The fields that differ between two serialized states of type State, in
// MessageDifferencer's words on one line (cut at 400 characters); empty
// when either does not parse.
template <typename State>
std::string FieldDiff(const std::string& replayed, const std::string& live) {
  State r;
  State l;
  if (!r.ParseFromString(replayed) || !l.ParseFromString(live)) return {};
  std::string out;
  {
    google::protobuf::io::StringOutputStream stream(&out);
    google::protobuf::util::MessageDifferencer::StreamReporter reporter(
        &stream);
    google::protobuf::util::MessageDifferencer differ;
    differ.ReportDifferencesTo(&reporter);
    differ.Compare(r, l);
  }
  absl::StrReplaceAll({{"\n", "; "}}, &out);
  constexpr size_t kMax = 400;
  if (out.size() > kMax) out = absl::StrCat(out.substr(0, kMax), "...");
  return out;
}

// "<key>: state differs", with the fields when the key names a dossier or
// feedback state.
std::string StateDiff(const store::KeyLayout& layout, const std::string& key,
                      const std::string& replayed, const std::string& live) {
  std::string fields;
  if (absl::StartsWith(key, layout.Dossier(""))) {
    fields = FieldDiff<v1::DossierState>(replayed, live);
  } else if (absl::StartsWith(key, layout.Feedback(""))) {
    fields = FieldDiff<v1::FeedbackState>(replayed, live);
  }
  if (fields.empty()) return key + ": state differs";
  return absl::StrCat(key, ": state differs (replay -> live): ", fields);
}

}  // namespace

Replay::Replay(store::KeyLayout layout, const core::Clock& clock,
               const domain::DossierRules& dossiers,
               const domain::FeedbackRules& feedback,
               const domain::UnitRules& units)
    : layout_(layout),
      clock_(clock),
      unit_rules_(units),
      probe_(registry_),
      outbox_(state_, layout, "replay"),
      processor_(state_, layout, clock, dossiers, feedback, outbox_, probe_) {}

absl::Status Replay::Apply(const std::vector<events::InRecord>& records) {
  bool grew = false;
  for (const events::InRecord& r : records) {
    const events::TopicPartition tp{r.topic, r.partition};
    if (std::find(seen_.begin(), seen_.end(), tp) == seen_.end()) {
      seen_.push_back(tp);
      grew = true;
    }
  }
  // The processor keeps timers of owned partitions only.
  if (grew) {
    processor_.OnAssignment(seen_);
  }
  records_ += static_cast<int64_t>(records.size());
  // Behind the log's end all along, as the live service was while it had
  // a backlog: deadlines by event time (docs/rules.md).
  processor_.SetBehind(seen_);
  return processor_.Process(records);
}

absl::Status Replay::Finish() {
  // Read up to the live offsets: the clock rules again.
  processor_.SetBehind({});
  // A fired timer may schedule the next check at or before now (several
  // deadlines passed while nobody looked): fire until nothing is due.
  while (processor_.HasDueTimers()) {
    if (absl::Status s = processor_.FireDueTimers(100000); !s.ok()) return s;
  }
  if (unit_rules_.config().enabled) {
    UnitEvaluator units(state_, layout_, clock_, unit_rules_, outbox_, {});
    absl::StatusOr<size_t> n = units.RunNow();
    if (!n.ok()) return n.status();
  }
  return absl::OkStatus();
}

absl::StatusOr<ReplayReport> Replay::CompareWith(store::StateStore& live) {
  ReplayReport report;
  report.records = records_;
  const std::string outbox = layout_.AlertOutbox();
  for (const auto& [key, value] : state_.StringsSnapshot()) {
    absl::StatusOr<std::optional<std::string>> l = live.Get(key);
    if (!l.ok()) return l.status();
    ++report.keys_compared;
    if (!l->has_value()) {
      report.differences.push_back(key + ": missing in the live store");
    } else if (**l != value) {
      report.differences.push_back(StateDiff(layout_, key, value, **l));
    }
  }
  for (const auto& [key, hash] : state_.HashesSnapshot()) {
    if (key == outbox) continue;  // transient by design
    absl::StatusOr<std::vector<store::Hash>> l = live.GetHashes({key});
    if (!l.ok()) return l.status();
    ++report.keys_compared;
    const bool alerts =
        absl::EndsWith(key, ":alerts") || key == layout_.UnitRuleAlerts();
    const std::string diff =
        alerts ? HashDiff(FiringAlerts(hash), FiringAlerts(l->at(0)), "-")
               : HashDiff(hash, l->at(0));
    if (!diff.empty()) report.differences.push_back(key + ": " + diff);
  }
  for (const events::TopicPartition& tp : seen_) {
    absl::StatusOr<std::optional<int64_t>> r =
        state_.GetOffset(tp.topic, tp.partition);
    absl::StatusOr<std::optional<int64_t>> l =
        live.GetOffset(tp.topic, tp.partition);
    if (!l.ok()) return l.status();
    ++report.keys_compared;
    if (!r.ok() || *r != *l) {
      report.differences.push_back(absl::StrCat(
          layout_.Offsets(tp.topic), ": partition ", tp.partition, " live ",
          l->value_or(-1), " replay ", r.ok() ? r->value_or(-1) : -1));
    }
  }
  for (const auto& [key, members] : state_.SortedSetsSnapshot()) {
    absl::StatusOr<std::vector<std::pair<std::string, int64_t>>> l =
        live.GetSortedSet(key);
    if (!l.ok()) return l.status();
    ++report.keys_compared;
    store::Hash replayed, lived;
    for (const auto& [m, score] : members) replayed[m] = absl::StrCat(score);
    for (const auto& [m, score] : *l) lived[m] = absl::StrCat(score);
    const std::string diff = HashDiff(replayed, lived, "(none)");
    if (!diff.empty()) report.differences.push_back(key + ": " + diff);
  }
  return report;
}

int WriteReplayReport(const ReplayReport& report, size_t partitions, int show,
                      std::ostream& out) {
  out << "replayed " << report.records << " records of " << partitions
      << " partitions up to the live offsets; compared " << report.keys_compared
      << " keys: " << report.differences.size() << " differences\n";
  for (size_t i = 0; i < report.differences.size(); ++i) {
    if (static_cast<int>(i) >= show) {
      out << "... and " << report.differences.size() - i << " more\n";
      break;
    }
    out << "  " << report.differences[i] << "\n";
  }
  return report.differences.empty() ? 0 : 1;
}

}  // namespace giamsat::rules
