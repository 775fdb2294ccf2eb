// giamsatctl: the admin CLI of Giám sát. Wiring only.
#include <grpcpp/grpcpp.h>

#include <iostream>

#include "CLI/CLI.hpp"
#include "services/ctl/commands.h"

int main(int argc, char** argv) {
  using namespace giamsat;
  CLI::App app{"giamsatctl: admin CLI of Giám sát"};
  app.require_subcommand(1);
  std::string query_address = "127.0.0.1:50052";
  std::string ingestor_address = "127.0.0.1:50051";
  app.add_option("--query", query_address, "Query service gRPC address")
      ->envname("GIAMSAT_QUERY_ADDR");
  app.add_option("--ingestor", ingestor_address, "Ingestor gRPC address")
      ->envname("GIAMSAT_INGESTOR_ADDR");

  ctl::StatusOptions status;
  CLI::App* status_cmd =
      app.add_subcommand("status", "Show the live figures of one unit");
  status_cmd->add_option("--unit", status.unit_id, "Unit id")->required();
  status_cmd->add_option("--from", status.from_date, "First day, YYYY-MM-DD");
  status_cmd->add_option("--to", status.to_date, "Last day, YYYY-MM-DD");
  status_cmd->add_flag("--json", status.json, "Print JSON");

  ctl::SendOptions send;
  CLI::App* send_cmd =
      app.add_subcommand("send", "Send the events of a JSONL file");
  send_cmd->add_option("file", send.file, "JSONL file, one event per line")
      ->required();
  send_cmd->add_flag("--json", send.json, "Print the summary as JSON");

  CLI11_PARSE(app, argc, argv);

  if (status_cmd->parsed()) {
    auto stub = v1::QueryService::NewStub(
        grpc::CreateChannel(query_address, grpc::InsecureChannelCredentials()));
    return ctl::Status(*stub, status, std::cout, std::cerr);
  }
  auto stub = v1::IngestService::NewStub(grpc::CreateChannel(
      ingestor_address, grpc::InsecureChannelCredentials()));
  return ctl::Send(*stub, send, std::cout, std::cerr);
}
