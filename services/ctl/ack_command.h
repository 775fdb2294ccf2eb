// The escalator's commands. `giamsatctl ack` acknowledges an escalation on
// giamsat-escalator (EscalationService.AckAlert), by alert id or by unit and
// rule, recording who acknowledges; `giamsatctl audit` prints the audit
// trail: from the escalator (EscalationService.ListAuditEntries), or with
// --via-query from the query service (QueryService.ListAuditEntries, with
// its bearer token and unit-subtree access; every page, by unit or subtree,
// optionally one alert's entries). Exit codes as in commands.h.
#pragma once

#include <iosfwd>
#include <string>

#include "CLI/CLI.hpp"
#include "giamsat/v1/escalation.grpc.pb.h"
#include "giamsat/v1/query.grpc.pb.h"

namespace giamsat::ctl {

struct AckOptions {
  std::string alert_id;
  std::string unit_id;
  std::string rule_id;
  std::string by;
  std::string note;
  bool json = false;
};

int Ack(v1::EscalationService::StubInterface& stub, const AckOptions& options,
        std::ostream& out, std::ostream& err);

struct AuditOptions {
  std::string unit_id;
  std::string since;  // RFC 3339; empty: from the beginning
  int limit = 100;
  bool json = false;
  // Through the query service (needs unit_id).
  bool via_query = false;
  bool subtree = false;
  std::string alert_id;
};

// One line per entry: time, kind, unit, rule, level, actor, channel, detail.
int Audit(v1::EscalationService::StubInterface& stub,
          const AuditOptions& options, std::ostream& out, std::ostream& err);
// The same through the query service, at most options.limit entries;
// `token`: its bearer token ("" sends none).
int AuditViaQuery(v1::QueryService::StubInterface& stub,
                  const AuditOptions& options, const std::string& token,
                  std::ostream& out, std::ostream& err);

// Registers the `ack` subcommand on `app`; Run() after parsing when
// parsed() is true.
class AckCommand {
 public:
  explicit AckCommand(CLI::App& app);
  bool parsed() const { return cmd_->parsed(); }
  int Run(std::ostream& out, std::ostream& err) const;

 private:
  CLI::App* cmd_;
  std::string address_ = "127.0.0.1:50053";
  AckOptions options_;
};

// Registers the `audit` subcommand on `app`; Run() with the query
// service's address and token (the global --query and --token).
class AuditCommand {
 public:
  explicit AuditCommand(CLI::App& app);
  bool parsed() const { return cmd_->parsed(); }
  int Run(const std::string& query_address, const std::string& token,
          std::ostream& out, std::ostream& err) const;

 private:
  CLI::App* cmd_;
  std::string address_ = "127.0.0.1:50053";
  AuditOptions options_;
};

}  // namespace giamsat::ctl
