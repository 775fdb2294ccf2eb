#include "services/ctl/ack_command.h"

#include <grpcpp/grpcpp.h>

#include <cstdlib>
#include <ostream>

#include "absl/time/time.h"
#include "common/core/proto_time.h"
#include "google/protobuf/util/json_util.h"

namespace giamsat::ctl {

int Ack(v1::EscalationService::StubInterface& stub, const AckOptions& options,
        std::ostream& out, std::ostream& err) {
  if (options.alert_id.empty() &&
      (options.unit_id.empty() || options.rule_id.empty())) {
    err << "ack: give --alert, or both --unit and --rule\n";
    return 2;
  }
  if (options.by.empty()) {
    err << "ack: --by is required (who acknowledges)\n";
    return 2;
  }
  v1::AckAlertRequest request;
  request.set_alert_id(options.alert_id);
  request.set_unit_id(options.unit_id);
  request.set_rule_id(options.rule_id);
  request.set_acknowledged_by(options.by);
  request.set_note(options.note);
  v1::AckAlertResponse response;
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(10));
  grpc::Status s = stub.AckAlert(&context, request, &response);
  if (!s.ok()) {
    err << "ack: " << s.error_message() << "\n";
    return 1;
  }
  if (options.json) {
    std::string json;
    (void)google::protobuf::util::MessageToJsonString(response, &json);
    out << json << "\n";
    return 0;
  }
  out << response.escalation_key()
      << (response.already_acknowledged() ? " was already acknowledged by "
                                          : " acknowledged by ")
      << response.acknowledged_by() << " at "
      << absl::FormatTime("%Y-%m-%d %H:%M:%S %Ez",
                          core::FromProto(response.acknowledged_at()),
                          absl::FixedTimeZone(7 * 3600))
      << "\n";
  return 0;
}

int Audit(v1::EscalationService::StubInterface& stub,
          const AuditOptions& options, std::ostream& out, std::ostream& err) {
  v1::ListAuditEntriesRequest request;
  request.set_unit_id(options.unit_id);
  request.set_limit(options.limit);
  if (!options.since.empty()) {
    absl::Time since;
    std::string why;
    if (!absl::ParseTime(absl::RFC3339_full, options.since, &since, &why)) {
      err << "audit: --since: expected RFC 3339 (" << why << ")\n";
      return 2;
    }
    *request.mutable_since() = core::ToProto(since);
  }
  v1::ListAuditEntriesResponse response;
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(10));
  grpc::Status s = stub.ListAuditEntries(&context, request, &response);
  if (!s.ok()) {
    err << "audit: " << s.error_message() << "\n";
    return 1;
  }
  for (const v1::AuditEntry& e : response.entries()) {
    if (options.json) {
      std::string json;
      (void)google::protobuf::util::MessageToJsonString(e, &json);
      out << json << "\n";
      continue;
    }
    out << absl::FormatTime("%Y-%m-%d %H:%M:%S %Ez", core::FromProto(e.at()),
                            absl::FixedTimeZone(7 * 3600))
        << "  " << v1::AuditKind_Name(e.kind()) << "  " << e.unit_id() << "  "
        << e.rule_id() << "  level " << e.level() << "  " << e.actor()
        << (e.channel().empty() ? "" : "  via " + e.channel())
        << (e.detail().empty() ? "" : "  (" + e.detail() + ")") << "\n";
  }
  return 0;
}

AckCommand::AckCommand(CLI::App& app)
    : cmd_(app.add_subcommand(
          "ack", "Acknowledge an escalation (stops repeats and escalation)")) {
  cmd_->add_option("--escalator", address_, "Escalator gRPC address")
      ->envname("GIAMSAT_ESCALATOR_ADDR");
  cmd_->add_option("--alert", options_.alert_id, "An alert id of it");
  cmd_->add_option("--unit", options_.unit_id, "Unit id (with --rule)");
  cmd_->add_option("--rule", options_.rule_id, "Rule id (with --unit)");
  cmd_->add_option("--by", options_.by, "Who acknowledges")
      ->envname("GIAMSAT_USER");
  cmd_->add_option("--note", options_.note, "A note for the record");
  cmd_->add_flag("--json", options_.json, "Print JSON");
}

int AckCommand::Run(std::ostream& out, std::ostream& err) const {
  auto stub = v1::EscalationService::NewStub(
      grpc::CreateChannel(address_, grpc::InsecureChannelCredentials()));
  return Ack(*stub, options_, out, err);
}

AuditCommand::AuditCommand(CLI::App& app)
    : cmd_(app.add_subcommand(
          "audit", "Print the escalation audit trail, oldest first")) {
  cmd_->add_option("--escalator", address_, "Escalator gRPC address")
      ->envname("GIAMSAT_ESCALATOR_ADDR");
  cmd_->add_option("--unit", options_.unit_id, "Only this unit");
  cmd_->add_option("--since", options_.since, "From this instant (RFC 3339)");
  cmd_->add_option("--limit", options_.limit, "At most this many (<= 1000)");
  cmd_->add_flag("--json", options_.json, "Print JSON lines");
}

int AuditCommand::Run(std::ostream& out, std::ostream& err) const {
  auto stub = v1::EscalationService::NewStub(
      grpc::CreateChannel(address_, grpc::InsecureChannelCredentials()));
  return Audit(*stub, options_, out, err);
}

}  // namespace giamsat::ctl
