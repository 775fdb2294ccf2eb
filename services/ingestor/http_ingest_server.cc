#include "services/ingestor/http_ingest_server.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/util/json_util.h"
#include "httplib.h"

namespace giamsat::ingestor {
namespace {

std::string ToJson(const google::protobuf::Message& m) {
  std::string out;
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = false;
  (void)google::protobuf::util::MessageToJsonString(m, &out, options);
  return out;
}

std::string ErrorJson(const std::string& message) {
  v1::FieldError e;
  e.set_field("body");
  e.set_reason("malformed");
  e.set_message(message);
  return absl::StrCat("{\"errors\":[", ToJson(e), "]}");
}

void Handle(IngestPipeline& pipeline, int max_batch_events,
            const httplib::Request& req, httplib::Response& res) {
  absl::StatusOr<std::vector<DecodedItem>> items = DecodeJsonEvents(req.body);
  if (!items.ok()) {
    res.status = 400;
    res.set_content(ErrorJson(std::string(items.status().message())),
                    "application/json");
    return;
  }
  if (static_cast<int>(items->size()) > max_batch_events) {
    res.status = 413;
    res.set_content(ErrorJson(absl::StrCat("more than ", max_batch_events,
                                           " events in one request")),
                    "application/json");
    return;
  }
  std::vector<ItemOutcome> out = pipeline.Ingest(std::move(*items), "http");
  v1::IngestBatchResult batch;
  bool unavailable = false;
  for (auto& o : out) {
    if (!o.status.ok()) unavailable = true;
    if (o.result.accepted()) {
      batch.set_accepted(batch.accepted() + 1);
    } else if (o.status.ok()) {
      batch.set_rejected(batch.rejected() + 1);
    }
    *batch.add_results() = std::move(o.result);
  }
  if (unavailable) {
    res.status = 503;
    res.set_header("Retry-After", "5");
  } else {
    res.status = batch.rejected() > 0 ? 400 : 200;
  }
  res.set_content(ToJson(batch), "application/json");
}

}  // namespace

absl::StatusOr<std::unique_ptr<HttpIngestServer>> HttpIngestServer::Start(
    const std::string& listen, IngestPipeline& pipeline, int max_request_bytes,
    int max_batch_events) {
  std::unique_ptr<HttpIngestServer> s(new HttpIngestServer());
  s->server_ = std::make_unique<httplib::Server>();
  s->server_->set_payload_max_length(max_request_bytes);
  s->server_->Post("/v1/events",
                   [&pipeline, max_batch_events](const httplib::Request& req,
                                                 httplib::Response& res) {
                     Handle(pipeline, max_batch_events, req, res);
                   });
  s->server_->Get("/healthz",
                  [](const httplib::Request&, httplib::Response& res) {
                    res.set_content("ok", "text/plain");
                  });
  const size_t colon = listen.rfind(':');
  const std::string host = listen.substr(0, colon);
  int port = 0;
  if (colon == std::string::npos ||
      !absl::SimpleAtoi(listen.substr(colon + 1), &port)) {
    return absl::InvalidArgumentError(
        absl::StrCat("http.listen: expected host:port, got ", listen));
  }
  if (port == 0) {
    port = s->server_->bind_to_any_port(host);
  } else if (!s->server_->bind_to_port(host, port)) {
    port = -1;
  }
  if (port <= 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen for HTTP on ", listen));
  }
  s->address_ = absl::StrCat(host, ":", port);
  httplib::Server* raw = s->server_.get();
  s->thread_ = std::thread([raw] { raw->listen_after_bind(); });
  return s;
}

void HttpIngestServer::Stop() {
  if (server_) server_->stop();
  if (thread_.joinable()) thread_.join();
}

HttpIngestServer::~HttpIngestServer() { Stop(); }

}  // namespace giamsat::ingestor
