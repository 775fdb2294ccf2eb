#include "services/ctl/commands.h"

#include <fstream>
#include <ostream>

#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"
#include "common/core/proto_time.h"
#include "common/core/vietnam_time.h"
#include "google/protobuf/util/json_util.h"
#include "grpcpp/grpcpp.h"

namespace giamsat::ctl {
namespace {

std::string ToJson(const google::protobuf::Message& m) {
  std::string out;
  google::protobuf::util::JsonPrintOptions options;
  options.always_print_primitive_fields = true;
  (void)google::protobuf::util::MessageToJsonString(m, &out, options);
  return out;
}

}  // namespace

int Status(v1::QueryService::StubInterface& stub, const StatusOptions& options,
           std::ostream& out, std::ostream& err) {
  v1::GetUnitStatusRequest request;
  request.set_unit_id(options.unit_id);
  request.mutable_period()->set_from_date(options.from_date);
  request.mutable_period()->set_to_date(options.to_date);
  v1::UnitStatus status;
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(10));
  grpc::Status rpc = stub.GetUnitStatus(&context, request, &status);
  if (!rpc.ok()) {
    err << "giamsatctl status: " << rpc.error_message() << " (code "
        << rpc.error_code() << ")\n";
    return 1;
  }
  if (options.json) {
    out << ToJson(status) << "\n";
    return 0;
  }
  const v1::DossierFigures& d = status.dossiers();
  out << "Unit " << status.unit_id();
  if (!options.from_date.empty()) {
    out << " from " << options.from_date << " to "
        << (options.to_date.empty() ? "today" : options.to_date);
  }
  out << "\n";
  out << absl::StrFormat(
      "  dossiers received   %d\n"
      "  resolved            %d (early %d, on time %d, late %d)\n"
      "  in progress         %d (overdue %d)\n",
      d.received(), d.resolved(), d.resolved_early(), d.resolved_on_time(),
      d.resolved_late(), d.in_progress(), d.in_progress_overdue());
  const int64_t judged =
      d.resolved_early() + d.resolved_on_time() + d.resolved_late();
  if (judged > 0) {
    out << absl::StrFormat("  on-time rate        %.2f%%\n",
                           d.on_time_rate_percent());
  } else {
    out << "  on-time rate        n/a (nothing resolved)\n";
  }
  const v1::AlertCounts& a = status.open_alerts();
  out << absl::StrFormat(
      "  open alerts         %d critical, %d warning, %d info\n", a.critical(),
      a.warning(), a.info());
  if (status.has_watermark()) {
    out << "  figures as of event time "
        << absl::FormatTime("%Y-%m-%d %H:%M:%S (UTC%Ez)",
                            core::FromProto(status.watermark()),
                            core::VietnamZone())
        << "\n";
  }
  return 0;
}

int Send(v1::IngestService::StubInterface& stub, const SendOptions& options,
         std::ostream& out, std::ostream& err) {
  std::ifstream in(options.file);
  if (!in) {
    err << "giamsatctl send: cannot read " << options.file << "\n";
    return 2;
  }
  int accepted = 0;
  int rejected = 0;
  int failed = 0;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    const absl::string_view text = absl::StripAsciiWhitespace(line);
    if (text.empty()) continue;
    v1::Event event;
    auto parsed =
        google::protobuf::util::JsonStringToMessage(std::string(text), &event);
    if (!parsed.ok()) {
      ++rejected;
      err << options.file << ":" << number << ": " << parsed.message() << "\n";
      continue;
    }
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(60));
    v1::IngestResult result;
    grpc::Status rpc = stub.Ingest(&context, event, &result);
    if (rpc.ok()) {
      ++accepted;
    } else if (rpc.error_code() == grpc::StatusCode::INVALID_ARGUMENT) {
      ++rejected;
      err << options.file << ":" << number << ": " << rpc.error_message()
          << "\n";
    } else {
      ++failed;
      err << options.file << ":" << number
          << ": not sent: " << rpc.error_message() << "\n";
    }
  }
  if (options.json) {
    out << absl::StrFormat("{\"accepted\":%d,\"rejected\":%d,\"failed\":%d}\n",
                           accepted, rejected, failed);
  } else {
    out << absl::StrFormat("accepted %d, rejected %d, failed %d\n", accepted,
                           rejected, failed);
  }
  return rejected + failed == 0 ? 0 : 1;
}

}  // namespace giamsat::ctl
