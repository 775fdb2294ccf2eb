// giamsatctl subcommands, as functions over gRPC stubs so they can be tested
// against in-process servers. Each writes human output (or JSON with
// `json`) to `out`, problems to `err`, and returns the process exit code:
// 0 success, 1 some events rejected or the call failed, 2 bad usage.
#pragma once

#include <iosfwd>
#include <string>

#include "giamsat/v1/ingest.grpc.pb.h"
#include "giamsat/v1/query.grpc.pb.h"

namespace giamsat::ctl {

struct StatusOptions {
  std::string unit_id;
  std::string from_date;
  std::string to_date;
  bool json = false;
};

int Status(v1::QueryService::StubInterface& stub, const StatusOptions& options,
           std::ostream& out, std::ostream& err);

struct SendOptions {
  std::string file;  // JSONL: one event per line; blank lines are skipped
  bool json = false;
};

int Send(v1::IngestService::StubInterface& stub, const SendOptions& options,
         std::ostream& out, std::ostream& err);

}  // namespace giamsat::ctl
