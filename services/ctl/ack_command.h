// The escalator's commands. `giamsatctl ack` acknowledges an escalation on
// giamsat-escalator (EscalationService.AckAlert), by alert id or by unit and
// rule, recording who acknowledges; `giamsatctl audit` prints the audit
// trail (ListAuditEntries). Exit codes as in commands.h.
#pragma once

#include <iosfwd>
#include <string>

#include "CLI/CLI.hpp"
#include "giamsat/v1/escalation.grpc.pb.h"

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
};

// One line per entry: time, kind, unit, rule, level, actor, channel, detail.
int Audit(v1::EscalationService::StubInterface& stub,
          const AuditOptions& options, std::ostream& out, std::ostream& err);

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

// Registers the `audit` subcommand on `app`.
class AuditCommand {
 public:
  explicit AuditCommand(CLI::App& app);
  bool parsed() const { return cmd_->parsed(); }
  int Run(std::ostream& out, std::ostream& err) const;

 private:
  CLI::App* cmd_;
  std::string address_ = "127.0.0.1:50053";
  AuditOptions options_;
};

}  // namespace giamsat::ctl
