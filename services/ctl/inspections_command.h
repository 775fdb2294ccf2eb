// `giamsatctl inspections`: the planning view for people
// (InspectionService.ListInspectionCandidates on giamsat-query): the units
// under a scope ranked with the reasons and figures behind each, then the
// coverage of the year's plan. Exit codes as in commands.h.
#pragma once

#include <iosfwd>
#include <string>

#include "CLI/CLI.hpp"
#include "giamsat/v1/inspection.grpc.pb.h"
#include "services/ctl/commands.h"

namespace giamsat::ctl {

struct InspectionsOptions {
  std::string scope;
  std::string month;    // "YYYY-MM"
  std::string quarter;  // "YYYY-Qn"
  int year = 0;
  std::string from_date;
  std::string to_date;
  int max = 0;
  bool all = false;
  std::string lang = "vi";  // explanation language: vi | en
  bool json = false;
  QueryAuth auth;
};

int Inspections(v1::InspectionService::StubInterface& stub,
                const InspectionsOptions& options, std::ostream& out,
                std::ostream& err);

// Registers the `inspections` subcommand on `app`; Run() after parsing when
// parsed() is true, with the query service's address and token.
class InspectionsCommand {
 public:
  explicit InspectionsCommand(CLI::App& app);
  bool parsed() const { return cmd_->parsed(); }
  int Run(const std::string& query_address, const QueryAuth& auth,
          std::ostream& out, std::ostream& err);

 private:
  CLI::App* cmd_;
  InspectionsOptions options_;
};

}  // namespace giamsat::ctl
