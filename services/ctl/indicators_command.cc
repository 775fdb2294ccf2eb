#include "services/ctl/indicators_command.h"

#include <ostream>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "google/protobuf/util/json_util.h"
#include "grpcpp/grpcpp.h"

namespace giamsat::ctl {
namespace {

bool IsDate(absl::string_view s) {
  return s.size() == 10 && s[4] == '-' && s[7] == '-';
}

std::string Rate(const v1::Indicator766& i) {
  if (!i.applicable()) return "n/a";
  if (i.id() == "2.2") return absl::StrFormat("%.1f h", i.rate() / 3600.0);
  return absl::StrFormat("%.1f%%", i.rate() * 100.0);
}

}  // namespace

absl::StatusOr<v1::Period> ParsePeriodFlag(const std::string& text) {
  v1::Period p;
  int year = 0;
  if (text.empty()) return p;
  if (text.size() == 4 && absl::SimpleAtoi(text, &year)) {
    p.set_year(year);
  } else if (text.size() == 7 && text[4] == '-' && text[5] == 'Q') {
    p.set_quarter(text);
  } else if (text.size() == 7 && text[4] == '-') {
    p.set_month(text);
  } else if (IsDate(text)) {
    p.set_from_date(text);
  } else if (std::vector<std::string> range = absl::StrSplit(text, "..");
             range.size() == 2 && IsDate(range[0]) && IsDate(range[1])) {
    p.set_from_date(range[0]);
    p.set_to_date(range[1]);
  } else {
    return absl::InvalidArgumentError(
        "--period: expected YYYY, YYYY-MM, YYYY-Qn, YYYY-MM-DD or "
        "YYYY-MM-DD..YYYY-MM-DD, got \"" +
        text + "\"");
  }
  return p;
}

int Indicators(v1::QueryService::StubInterface& stub,
               const IndicatorsOptions& options, std::ostream& out,
               std::ostream& err) {
  absl::StatusOr<v1::Period> period = ParsePeriodFlag(options.period);
  if (!period.ok()) {
    err << "giamsatctl indicators: " << period.status().message() << "\n";
    return 2;
  }
  v1::GetUnitIndicatorsRequest request;
  request.set_unit_id(options.unit_id);
  *request.mutable_period() = *period;
  request.set_roll_up(options.roll_up);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(10));
  if (!options.auth.token.empty()) {
    context.AddMetadata("authorization", "Bearer " + options.auth.token);
  }
  v1::UnitIndicators r;
  grpc::Status rpc = stub.GetUnitIndicators(&context, request, &r);
  if (!rpc.ok()) {
    err << "giamsatctl indicators: " << rpc.error_message() << " (code "
        << rpc.error_code() << ")\n";
    return 1;
  }
  if (options.json) {
    std::string json;
    google::protobuf::util::JsonPrintOptions print;
    print.always_print_primitive_fields = true;
    (void)google::protobuf::util::MessageToJsonString(r, &json, print);
    out << json << "\n";
    return 0;
  }
  out << "Unit " << r.unit_id()
      << (r.unit_name().empty() ? "" : " (" + r.unit_name() + ")")
      << (r.rolled_up() ? ", with the units below it" : "") << ", "
      << (r.period().from_date().empty()
              ? std::string("all time")
              : r.period().from_date() + " to " + r.period().to_date())
      << "\n";
  const v1::Decision766& d = r.decision_766();
  out << "Decision 766/QĐ-TTg\n"
      << absl::StrFormat("  %-4s %-13s %-40s %9s %15s %13s\n", "#", "group",
                         "indicator", "rate", "num / den", "points");
  for (const v1::Indicator766& i : d.indicators()) {
    out << absl::StrFormat(
        "  %-4s %-13s %-40s %9s %15s %13s\n", i.id(), i.group(), i.title_en(),
        Rate(i), absl::StrFormat("%d / %d", i.numerator(), i.denominator()),
        !i.applicable() ? "n/a"
        : i.max_points() > 0
            ? absl::StrFormat("%.2f / %.2f", i.points(), i.max_points())
            : "monitored");
  }
  for (const v1::IndicatorGroup766& g : d.groups()) {
    out << absl::StrFormat("  group %-13s %.2f / %.2f\n", g.group(), g.points(),
                           g.max_points());
  }
  if (d.max_points() > 0) {
    out << absl::StrFormat("  score %.2f / 100 (%.2f of %.2f points apply)\n",
                           d.score(), d.points(), d.max_points());
  } else {
    out << "  score n/a (no indicator applies)\n";
  }
  const v1::Tt01Scoring& t = r.tt01();
  out << "TT 01/2018 (average per dossier, 0..2 each)\n";
  for (const v1::Tt01Index& i : t.indices()) {
    out << absl::StrFormat(
        "  %d %-42s %s\n", i.index(), i.title_en(),
        i.applicable()
            ? absl::StrFormat("%.2f (over %d)", i.points(), i.counted())
            : std::string("n/a"));
  }
  if (t.band().empty()) {
    out << "  band n/a (nothing to score)\n";
  } else {
    out << absl::StrFormat("  score %.2f / 18: %s\n", t.score(), t.band());
  }
  return 0;
}

}  // namespace giamsat::ctl
