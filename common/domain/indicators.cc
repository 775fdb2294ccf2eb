#include "common/domain/indicators.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "absl/strings/str_cat.h"

namespace giamsat::domain {
namespace {

struct Formula {
  const char* id;
  const char* title_vi;
  const char* title_en;
  // Numerator and denominator from the figures.
  int64_t (*numerator)(const IndicatorFigures&);
  int64_t (*denominator)(const IndicatorFigures&);
};

const Formula kFormulas[] = {
    {"2.1", "Hồ sơ giải quyết trước hạn, đúng hạn",
     "Dossiers processed early or on time",
     [](const IndicatorFigures& f) {
       return f.resolved_766_on_time +
              std::max<int64_t>(0, f.in_progress - f.in_progress_overdue);
     },
     [](const IndicatorFigures& f) {
       return f.resolved_766_on_time + f.resolved_766_late + f.in_progress;
     }},
    {"2.2", "Thời gian giải quyết trung bình (giây)",
     "Average processing time (seconds)",
     [](const IndicatorFigures& f) { return f.processing_seconds; },
     [](const IndicatorFigures& f) { return f.resolved; }},
    {"3.3", "Hồ sơ nộp trực tuyến", "Dossiers submitted online",
     [](const IndicatorFigures& f) { return f.received_online; },
     [](const IndicatorFigures& f) { return f.received; }},
    {"3.6", "Hồ sơ thanh toán trực tuyến", "Dossiers paid online",
     [](const IndicatorFigures& f) { return f.resolved_paid_online; },
     [](const IndicatorFigures& f) { return f.resolved_fee_bearing; }},
    {"4.1", "Hồ sơ có kết quả điện tử", "Dossiers with an electronic result",
     [](const IndicatorFigures& f) { return f.resolved_e_result; },
     [](const IndicatorFigures& f) { return f.resolved; }},
    {"4.2", "Hồ sơ được số hóa", "Dossiers digitised",
     [](const IndicatorFigures& f) { return f.resolved_digitised; },
     [](const IndicatorFigures& f) { return f.resolved; }},
    {"4.3", "Hồ sơ tái sử dụng dữ liệu số hóa",
     "Dossiers re-using digitised data",
     [](const IndicatorFigures& f) { return f.resolved_reused; },
     [](const IndicatorFigures& f) { return f.resolved; }},
    {"5.2", "Phản ánh, kiến nghị xử lý đúng hạn", "Petitions answered on time",
     [](const IndicatorFigures& f) { return f.feedback_answered_on_time; },
     [](const IndicatorFigures& f) {
       return f.feedback_answered_on_time + f.feedback_answered_late;
     }},
    {"5.3", "Mức độ hài lòng về xử lý phản ánh, kiến nghị",
     "Satisfaction with petition handling",
     [](const IndicatorFigures& f) {
       return std::max<int64_t>(
           0, f.feedback_received - f.feedback_unsatisfied -
                  f.feedback_answered_late - f.feedback_reopened);
     },
     [](const IndicatorFigures& f) { return f.feedback_received; }},
    {"5.4", "Mức độ hài lòng trong giải quyết TTHC",
     "Satisfaction with dossier handling",
     [](const IndicatorFigures& f) {
       return std::max<int64_t>(0,
                                f.resolved - f.resolved_766_late - f.disliked);
     },
     [](const IndicatorFigures& f) { return f.resolved; }},
};

const Formula* FindFormula(const std::string& id) {
  for (const Formula& f : kFormulas) {
    if (id == f.id) return &f;
  }
  return nullptr;
}

double Round2(double x) { return std::round(x * 100.0) / 100.0; }

}  // namespace

absl::Status ValidateIndicatorsConfig(const IndicatorsConfig& config,
                                      const std::string& section) {
  for (size_t i = 0; i < config.indicators.size(); ++i) {
    const IndicatorSpec& s = config.indicators[i];
    const std::string where = absl::StrCat(section, "[", i, "]");
    if (FindFormula(s.id) == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ".id: unknown indicator \"", s.id,
                       "\" (supported: 2.1 2.2 3.3 3.6 4.1 4.2 4.3 5.2 5.3 "
                       "5.4)"));
    }
    if (s.group.empty()) {
      return absl::InvalidArgumentError(where + ".group: must be set");
    }
    if (!(s.max_points >= 0)) {
      return absl::InvalidArgumentError(where + ".max_points: must be >= 0");
    }
    if (!(s.target > 0 && s.target <= 1)) {
      return absl::InvalidArgumentError(where +
                                        ".target: must be a share in (0, 1]");
    }
  }
  return absl::OkStatus();
}

IndicatorReport ComputeIndicators(const IndicatorFigures& figures,
                                  const IndicatorsConfig& config) {
  IndicatorReport report;
  std::map<std::string, size_t> group_index;
  for (const IndicatorSpec& spec : config.indicators) {
    const Formula* formula = FindFormula(spec.id);
    if (formula == nullptr) continue;  // rejected by validation
    IndicatorValue v;
    v.id = spec.id;
    v.group = spec.group;
    v.title_vi = formula->title_vi;
    v.title_en = formula->title_en;
    v.numerator = formula->numerator(figures);
    v.denominator = formula->denominator(figures);
    v.target = spec.target;
    v.max_points = spec.max_points;
    v.applicable = v.denominator > 0;
    if (v.applicable) {
      v.rate =
          static_cast<double>(v.numerator) / static_cast<double>(v.denominator);
      v.points = Round2(spec.max_points * std::min(1.0, v.rate / spec.target));
    }
    auto [it, fresh] =
        group_index.try_emplace(spec.group, report.groups.size());
    if (fresh) report.groups.push_back({spec.group, 0, 0});
    if (v.applicable) {
      report.groups[it->second].points += v.points;
      report.groups[it->second].max_points += v.max_points;
      report.points += v.points;
      report.max_points += v.max_points;
    }
    report.indicators.push_back(std::move(v));
  }
  for (IndicatorGroup& g : report.groups) {
    g.points = Round2(g.points);
    g.max_points = Round2(g.max_points);
  }
  report.points = Round2(report.points);
  report.max_points = Round2(report.max_points);
  if (report.max_points > 0) {
    report.score = Round2(report.points / report.max_points * 100.0);
  }
  return report;
}

}  // namespace giamsat::domain
