#include "common/domain/tt01_scoring.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "absl/strings/str_cat.h"

namespace giamsat::domain {
namespace {

struct IndexTitle {
  const char* vi;
  const char* en;
};

constexpr std::array<IndexTitle, 9> kTitles = {{
    {"Tổng thời gian giải quyết TTHC so với quy định",
     "Total processing time against the limit"},
    {"Thời gian thực hiện của từng cơ quan, đơn vị",
     "Each unit's step time against its share"},
    {"Số lần liên hệ để hoàn thiện hồ sơ",
     "Contacts needed to complete the dossier"},
    {"Số cơ quan, đơn vị phải liên hệ", "Bodies contacted"},
    {"Tiếp nhận, trả kết quả tại Bộ phận Một cửa", "One-stop handling"},
    {"Công khai thủ tục hành chính", "Publication of the procedure"},
    {"Thái độ của cán bộ, công chức", "Attitude of the officials"},
    {"Tiếp thu, giải trình phản ánh, kiến nghị", "Petitions answered"},
    {"Thực hiện dịch vụ công trực tuyến", "Online public service"},
}};

double Round2(double x) { return std::round(x * 100.0) / 100.0; }

int TimelinessPoints(Timeliness t) {
  switch (t) {
    case Timeliness::kEarly:
      return 2;
    case Timeliness::kOnTime:
      return 1;
    case Timeliness::kLate:
      return 0;
  }
  return 0;
}

int StepPoints(bool on_time, const Tt01Config& c) {
  return on_time ? c.step_on_time_points : 0;
}

int AttitudePoints(bool complained) { return complained ? 0 : 2; }

// TT 01/2018: 2 when every petition was answered on time, 1 from 90%.
int PetitionPoints(double on_time_share) {
  if (on_time_share >= 1.0) return 2;
  if (on_time_share >= 0.9) return 1;
  return 0;
}

int OnlinePoints(bool online, const Tt01Config& c) {
  return online ? c.online_points : 0;
}

// Points summed over `over` items (dossiers, steps) for one index;
// `counted` is what the answer reports (the petitions for index 8).
struct Tally {
  double sum = 0;
  int64_t over = 0;
  int64_t counted = 0;
  void Add(double points, int64_t n) {
    sum += points;
    over += n;
    counted += n;
  }
};

using Tallies = std::array<Tally, 9>;

Tally& At(Tallies& t, int index) { return t[static_cast<size_t>(index - 1)]; }

Tt01Score Finish(const Tallies& tallies, const Tt01Config& config) {
  Tt01Score s;
  for (size_t i = 0; i < tallies.size(); ++i) {
    Tt01IndexScore v;
    v.index = static_cast<int>(i) + 1;
    v.title_vi = kTitles[i].vi;
    v.title_en = kTitles[i].en;
    v.applicable = tallies[i].over > 0;
    v.counted = tallies[i].counted;
    if (v.applicable) {
      v.points = Round2(tallies[i].sum / static_cast<double>(tallies[i].over));
      s.points += v.points;
      s.max_points += 2;
    }
    s.indices.push_back(std::move(v));
  }
  s.points = Round2(s.points);
  s.applicable = s.max_points > 0;
  if (s.applicable) {
    s.score = Round2(s.points / s.max_points * 18.0);
    s.band = Tt01Band(s.score, config);
  }
  return s;
}

}  // namespace

absl::Status ValidateTt01Config(const Tt01Config& c,
                                const std::string& section) {
  const double bounds[] = {c.excellent_from, c.good_from, c.fair_from,
                           c.average_from};
  const char* names[] = {"excellent_from", "good_from", "fair_from",
                         "average_from"};
  for (size_t i = 0; i < 4; ++i) {
    if (!(bounds[i] >= 0 && bounds[i] <= 18)) {
      return absl::InvalidArgumentError(
          absl::StrCat(section, ".", names[i], ": must be in 0..18"));
    }
    if (i > 0 && !(bounds[i] < bounds[i - 1])) {
      return absl::InvalidArgumentError(absl::StrCat(
          section, ".", names[i], ": must be below ", names[i - 1]));
    }
  }
  if (c.step_on_time_points < 0 || c.step_on_time_points > 2) {
    return absl::InvalidArgumentError(
        absl::StrCat(section, ".step_on_time_points: must be 0..2"));
  }
  if (c.online_points < 0 || c.online_points > 2) {
    return absl::InvalidArgumentError(
        absl::StrCat(section, ".online_points: must be 0..2"));
  }
  return absl::OkStatus();
}

std::string Tt01Band(double score, const Tt01Config& c) {
  if (score >= c.excellent_from) return "excellent";
  if (score >= c.good_from) return "good";
  if (score >= c.fair_from) return "fair";
  if (score >= c.average_from) return "average";
  return "weak";
}

Tt01Score ScoreDossierTt01(const DossierTt01Facts& f,
                           const Tt01Config& config) {
  Tallies t;
  if (f.verdict.has_value()) At(t, 1).Add(TimelinessPoints(*f.verdict), 1);
  if (!f.steps_on_time.empty()) {
    // Several steps of the unit: their average.
    Tally steps;
    for (bool on_time : f.steps_on_time) {
      steps.Add(StepPoints(on_time, config), 1);
    }
    At(t, 2).Add(steps.sum / static_cast<double>(steps.over), 1);
  }
  At(t, 7).Add(AttitudePoints(f.complained), 1);
  if (f.petitions_on_time_share.has_value()) {
    At(t, 8).Add(PetitionPoints(*f.petitions_on_time_share), 1);
  }
  At(t, 9).Add(OnlinePoints(f.online, config), 1);
  return Finish(t, config);
}

Tt01Score ScoreUnitTt01(const Tt01UnitFigures& f, const Tt01Config& config) {
  Tallies t;
  // Each index: Σ points over the dossiers = points of a kind × how many.
  Tally& total = At(t, 1);
  total.Add(TimelinessPoints(Timeliness::kEarly) * f.resolved_early,
            f.resolved_early);
  total.Add(TimelinessPoints(Timeliness::kOnTime) * f.resolved_on_time,
            f.resolved_on_time);
  total.Add(TimelinessPoints(Timeliness::kLate) * f.resolved_late,
            f.resolved_late);
  At(t, 2).Add(StepPoints(true, config) * f.steps_on_time, f.steps_on_time);
  At(t, 2).Add(StepPoints(false, config) * f.steps_late, f.steps_late);
  // Ratings and resolutions fall on different days: at most every
  // resolved dossier disliked.
  const int64_t disliked = std::clamp<int64_t>(f.disliked, 0, f.resolved);
  At(t, 7).Add(AttitudePoints(false) * (f.resolved - disliked),
               f.resolved - disliked);
  At(t, 7).Add(AttitudePoints(true) * disliked, disliked);
  const int64_t answered =
      f.feedback_answered_on_time + f.feedback_answered_late;
  if (answered > 0) {
    // Every dossier of the unit scores the unit's petition handling.
    Tally& petitions = At(t, 8);
    petitions.Add(
        PetitionPoints(static_cast<double>(f.feedback_answered_on_time) /
                       static_cast<double>(answered)),
        1);
    petitions.counted = answered;
  }
  const int64_t online = std::clamp<int64_t>(f.received_online, 0, f.received);
  At(t, 9).Add(OnlinePoints(true, config) * online, online);
  At(t, 9).Add(OnlinePoints(false, config) * (f.received - online),
               f.received - online);
  return Finish(t, config);
}

}  // namespace giamsat::domain
