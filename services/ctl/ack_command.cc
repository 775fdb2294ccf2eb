#include "services/ctl/ack_command.h"

#include <grpcpp/grpcpp.h>

#include <algorithm>
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

namespace {

void PrintEntry(const v1::AuditEntry& e, bool json, std::ostream& out) {
  if (json) {
    std::string text;
    (void)google::protobuf::util::MessageToJsonString(e, &text);
    out << text << "\n";
    return;
  }
  out << absl::FormatTime("%Y-%m-%d %H:%M:%S %Ez", core::FromProto(e.at()),
                          absl::FixedTimeZone(7 * 3600))
      << "  " << v1::AuditKind_Name(e.kind()) << "  " << e.unit_id() << "  "
      << e.rule_id() << "  level " << e.level() << "  " << e.actor()
      << (e.channel().empty() ? "" : "  via " + e.channel())
      << (e.detail().empty() ? "" : "  (" + e.detail() + ")") << "\n";
}

// --since as a timestamp (unset when empty); false after printing why.
bool ParseSince(const AuditOptions& options, google::protobuf::Timestamp* since,
                std::ostream& err) {
  if (options.since.empty()) return true;
  absl::Time t;
  std::string why;
  if (!absl::ParseTime(absl::RFC3339_full, options.since, &t, &why)) {
    err << "audit: --since: expected RFC 3339 (" << why << ")\n";
    return false;
  }
  *since = core::ToProto(t);
  return true;
}

}  // namespace

int Audit(v1::EscalationService::StubInterface& stub,
          const AuditOptions& options, std::ostream& out, std::ostream& err) {
  v1::ListAuditEntriesRequest request;
  request.set_unit_id(options.unit_id);
  request.set_limit(options.limit);
  if (!options.since.empty() &&
      !ParseSince(options, request.mutable_since(), err)) {
    return 2;
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
    PrintEntry(e, options.json, out);
  }
  return 0;
}

int AuditViaQuery(v1::QueryService::StubInterface& stub,
                  const AuditOptions& options, const std::string& token,
                  std::ostream& out, std::ostream& err) {
  if (options.unit_id.empty()) {
    err << "audit: --via-query needs --unit\n";
    return 2;
  }
  v1::ListAuditTrailRequest request;
  request.set_unit_id(options.unit_id);
  request.set_include_subtree(options.subtree);
  request.set_alert_id(options.alert_id);
  if (!options.since.empty() &&
      !ParseSince(options, request.mutable_since(), err)) {
    return 2;
  }
  int printed = 0;
  do {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(10));
    if (!token.empty()) context.AddMetadata("authorization", "Bearer " + token);
    request.set_page_size(std::min(options.limit - printed, 500));
    v1::ListAuditTrailResponse page;
    grpc::Status s = stub.ListAuditEntries(&context, request, &page);
    if (!s.ok()) {
      err << "audit: " << s.error_message() << " (code " << s.error_code()
          << ")\n";
      return 1;
    }
    for (const v1::AuditEntry& e : page.entries()) {
      PrintEntry(e, options.json, out);
      ++printed;
    }
    request.set_page_token(page.next_page_token());
  } while (!request.page_token().empty() && printed < options.limit);
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
  cmd_->add_flag("--via-query", options_.via_query,
                 "Ask the query service (--query, --token) instead");
  cmd_->add_flag("--subtree", options_.subtree,
                 "With --via-query: also the units below --unit");
  cmd_->add_option("--alert", options_.alert_id,
                   "With --via-query: only this alert's entries");
}

int AuditCommand::Run(const std::string& query_address,
                      const std::string& token, std::ostream& out,
                      std::ostream& err) const {
  if (options_.via_query) {
    auto stub = v1::QueryService::NewStub(
        grpc::CreateChannel(query_address, grpc::InsecureChannelCredentials()));
    return AuditViaQuery(*stub, options_, token, out, err);
  }
  auto stub = v1::EscalationService::NewStub(
      grpc::CreateChannel(address_, grpc::InsecureChannelCredentials()));
  return Audit(*stub, options_, out, err);
}

}  // namespace giamsat::ctl
