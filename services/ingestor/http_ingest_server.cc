#include "services/ingestor/http_ingest_server.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
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

std::string ErrorJson(const std::string& reason, const std::string& message) {
  v1::FieldError e;
  e.set_field("body");
  e.set_reason(reason);
  e.set_message(message);
  return absl::StrCat("{\"errors\":[", ToJson(e), "]}");
}

}  // namespace

HttpAnswer HandleEventsPost(IngestPipeline& pipeline,
                            const EventDecoder& decoder,
                            const std::string& body,
                            const std::string& content_type,
                            int max_batch_events) {
  HttpAnswer answer;
  std::vector<DecodedItem> items;
  const std::string type = absl::AsciiStrToLower(content_type);
  if (absl::StrContains(type, "ndjson") || absl::StrContains(type, "jsonl")) {
    for (absl::string_view line : absl::StrSplit(body, '\n')) {
      const std::string text(absl::StripAsciiWhitespace(line));
      if (text.empty()) continue;
      items.push_back(decoder.DecodeJson(text));
      if (static_cast<int>(items.size()) > max_batch_events) break;
    }
  } else {
    absl::StatusOr<std::vector<DecodedItem>> decoded =
        decoder.DecodeJsonBody(body);
    if (!decoded.ok()) {
      answer.status = 400;
      answer.body =
          ErrorJson("malformed", std::string(decoded.status().message()));
      return answer;
    }
    items = std::move(*decoded);
  }
  if (static_cast<int>(items.size()) > max_batch_events) {
    answer.status = 413;
    answer.body = ErrorJson("too_many_events",
                            absl::StrCat("more than ", max_batch_events,
                                         " events in one request; split it"));
    return answer;
  }
  if (items.empty()) {
    answer.status = 400;
    answer.body = ErrorJson("malformed", "no event in the body");
    return answer;
  }
  IngestOutcome out = pipeline.Ingest(std::move(items), "http");
  const bool unavailable = out.any_unavailable();
  const absl::Duration retry_after = out.retry_after;
  v1::IngestBatchResult batch = out.TakeBatchResult();
  if (unavailable) {
    answer.status = 503;
    answer.retry_after_seconds = std::max<int64_t>(
        1, absl::ToInt64Seconds(absl::Ceil(retry_after, absl::Seconds(1))));
  } else {
    answer.status = batch.rejected() > 0 ? 400 : 200;
  }
  answer.body = ToJson(batch);
  return answer;
}

absl::StatusOr<std::unique_ptr<HttpIngestServer>> HttpIngestServer::Start(
    const std::string& listen, IngestPipeline& pipeline,
    const EventDecoder& decoder, int max_request_bytes, int max_batch_events,
    int threads) {
  std::unique_ptr<HttpIngestServer> s(new HttpIngestServer());
  s->server_ = std::make_unique<httplib::Server>();
  s->server_->set_payload_max_length(max_request_bytes);
  const size_t pool = threads < 1 ? 1 : static_cast<size_t>(threads);
  s->server_->new_task_queue = [pool] { return new httplib::ThreadPool(pool); };
  s->server_->Post(
      "/v1/events", [&pipeline, &decoder, max_batch_events](
                        const httplib::Request& req, httplib::Response& res) {
        HttpAnswer a = HandleEventsPost(pipeline, decoder, req.body,
                                        req.get_header_value("Content-Type"),
                                        max_batch_events);
        res.status = a.status;
        if (a.retry_after_seconds > 0) {
          res.set_header("Retry-After", absl::StrCat(a.retry_after_seconds));
        }
        res.set_content(a.body, "application/json");
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
