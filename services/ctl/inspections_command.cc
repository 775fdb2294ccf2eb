#include "services/ctl/inspections_command.h"

#include <grpcpp/grpcpp.h>

#include <ostream>

#include "absl/strings/match.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "common/core/proto_time.h"
#include "common/core/vietnam_time.h"
#include "google/protobuf/util/json_util.h"

namespace giamsat::ctl {
namespace {

// "LATE_DOSSIERS" for REASON_LATE_DOSSIERS.
std::string ReasonName(v1::InspectionReasonKind kind) {
  std::string name = v1::InspectionReasonKind_Name(kind);
  constexpr absl::string_view kPrefix = "REASON_";
  if (absl::StartsWith(name, kPrefix)) name = name.substr(kPrefix.size());
  return name;
}

void PrintCoverage(const v1::InspectionCoverage& c, std::ostream& out) {
  out << absl::StrFormat(
      "Coverage %d: offices handling procedures inspected %d/%d (%.1f%%), "
      "floor more than %.0f%%: %s; surprise inspections %d of %d\n",
      c.year(), c.offices_inspected(), c.offices_handling_procedures(),
      c.offices_inspected_share() * 100, c.offices_inspected_floor() * 100,
      c.offices_floor_met() ? "met" : "NOT met", c.surprise_inspections_done(),
      c.surprise_inspections_target());
  if (c.offices_not_inspected_size() > 0) {
    out << "  not inspected yet: "
        << absl::StrJoin(c.offices_not_inspected(), ", ") << "\n";
  }
}

}  // namespace

int Inspections(v1::InspectionService::StubInterface& stub,
                const InspectionsOptions& options, std::ostream& out,
                std::ostream& err) {
  if (options.lang != "vi" && options.lang != "en") {
    err << "giamsatctl inspections: --lang must be vi or en\n";
    return 2;
  }
  v1::ListInspectionCandidatesRequest request;
  request.set_scope(options.scope);
  v1::Period& p = *request.mutable_period();
  p.set_month(options.month);
  p.set_quarter(options.quarter);
  p.set_year(options.year);
  p.set_from_date(options.from_date);
  p.set_to_date(options.to_date);
  request.set_max_candidates(options.max);
  request.set_include_all(options.all);
  v1::ListInspectionCandidatesResponse response;
  const grpc::Status rpc = stub.ListInspectionCandidates(
      QueryContext(options.auth, 30).get(), request, &response);
  if (!rpc.ok()) return RpcFailed("inspections", rpc, err);
  if (options.json) {
    std::string json;
    (void)google::protobuf::util::MessageToJsonString(response, &json);
    out << json << "\n";
    return 0;
  }
  const bool vi = options.lang == "vi";
  out << "Inspection candidates under " << response.scope() << ", "
      << response.period().from_date() << " .. " << response.period().to_date();
  if (response.has_watermark()) {
    out << absl::FormatTime(" (events up to %Y-%m-%d %H:%M)",
                            core::FromProto(response.watermark()),
                            core::VietnamZone());
  }
  out << "\n";
  if (response.candidates().empty()) out << "  (no unit has a reason)\n";
  for (const v1::InspectionCandidate& c : response.candidates()) {
    out << absl::StrFormat("%3d  %7.2f  %s  %s%s\n", c.rank(), c.score(),
                           c.unit_id(), c.unit_name(),
                           c.reinspection() ? "  [re-inspection]" : "");
    for (const v1::InspectionReason& r : c.reasons()) {
      out << absl::StrFormat("       %-28s %6.2f  %s\n", ReasonName(r.kind()),
                             r.weight(),
                             vi ? r.explanation_vi() : r.explanation_en());
    }
  }
  PrintCoverage(response.coverage(), out);
  return 0;
}

InspectionsCommand::InspectionsCommand(CLI::App& app)
    : cmd_(app.add_subcommand(
          "inspections",
          "Rank the units under a scope for inspection, with the reasons, "
          "and show the coverage of the year's plan")) {
  cmd_->add_option("--scope", options_.scope, "Root unit id")->required();
  cmd_->add_option("--month", options_.month,
                   "A month, YYYY-MM (default: this month)");
  cmd_->add_option("--quarter", options_.quarter, "A quarter, YYYY-Qn");
  cmd_->add_option("--year", options_.year, "A year");
  cmd_->add_option("--from", options_.from_date, "First day, YYYY-MM-DD");
  cmd_->add_option("--to", options_.to_date, "Last day, YYYY-MM-DD");
  cmd_->add_option("--max", options_.max, "Most candidates (default 50)");
  cmd_->add_flag("--all", options_.all, "Also list units without a reason");
  cmd_->add_option("--lang", options_.lang, "Explanation language: vi | en");
  cmd_->add_flag("--json", options_.json, "Print JSON");
}

int InspectionsCommand::Run(const std::string& query_address,
                            const QueryAuth& auth, std::ostream& out,
                            std::ostream& err) {
  options_.auth = auth;
  auto stub = v1::InspectionService::NewStub(
      grpc::CreateChannel(query_address, grpc::InsecureChannelCredentials()));
  return Inspections(*stub, options_, out, err);
}

}  // namespace giamsat::ctl
