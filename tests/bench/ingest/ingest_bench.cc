// ingest_bench: events per second through the ingestor's HTTP path (POST of
// JSON arrays) and gRPC path (IngestBatch), next to a bare librdkafka
// producer sending the same messages with the same producer settings
// (idempotent, acks=all), on the same machine, against a real broker and
// Redis. The ingestor runs in process (the shipped library: decoding,
// personal-data removal, validation, deduplication in Redis, group commit to
// Kafka); clients talk to it over loopback sockets.
//
//   ingest_bench [--kafka HOST:PORT] [--redis HOST:PORT] [--events N]
//                [--batch N] [--clients N]
// Addresses default to $GIAMSAT_KAFKA_BOOTSTRAP / $GIAMSAT_REDIS_ADDR (what
// deploy/local/stack.sh up exports). Every run uses fresh topics and keys.
#include <grpcpp/grpcpp.h>
#include <librdkafka/rdkafkacpp.h>

#include <atomic>
#include <cstdlib>
#include <iostream>
#include <random>
#include <thread>

#include "CLI/CLI.hpp"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "common/core/clock.h"
#include "common/dedup/redis_dedup_store.h"
#include "common/kafka/client_properties.h"
#include "common/kafka/kafka_admin.h"
#include "common/kafka/kafka_publisher.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/time_util.h"
#include "httplib.h"
#include "services/ingestor/grpc_ingest_service.h"
#include "services/ingestor/http_ingest_server.h"

namespace giamsat::bench {
namespace {

using ingestor::IngestPipeline;

struct Result {
  std::string path;
  int64_t events = 0;
  absl::Duration took;
  int64_t failed = 0;
  double rate() const {
    return static_cast<double>(events) / absl::ToDoubleSeconds(took);
  }
};

v1::Event MakeEvent(const std::string& id_prefix, int i) {
  v1::Event e;
  e.set_event_id(absl::StrCat(id_prefix, i));
  e.set_source_system("bench-igate");
  e.set_unit_id(i % 2 ? "HN.UBND.YENHOA" : "HN.UBND.HOANKIEM");
  *e.mutable_occurred_at() =
      google::protobuf::util::TimeUtil::SecondsToTimestamp(
          absl::ToUnixSeconds(absl::Now() - absl::Hours(1 + i % 500)));
  v1::DossierEvent* d = e.mutable_dossier();
  d->set_dossier_id(absl::StrCat("YH-2026-", i));
  d->set_kind(v1::DOSSIER_RECEIVED);
  d->set_procedure_code("1.001757");
  d->set_field_code("ho-tich");
  d->mutable_legal_duration()->set_working_days(3);
  d->set_channel(v1::CHANNEL_ONLINE);
  d->set_full_process_online(i % 3 == 0);
  d->set_digitised_input(true);
  return e;
}

std::string ToJson(const v1::Event& e) {
  std::string out;
  (void)google::protobuf::util::MessageToJsonString(e, &out);
  return out;
}

// Runs `clients` threads that each take batches [from, to) from a shared
// cursor until `n` events were sent.
template <typename SendFn>
Result Drive(const std::string& path, int n, int batch, int clients,
             SendFn send) {
  std::atomic<int> next{0};
  std::atomic<int64_t> failed{0};
  const absl::Time start = absl::Now();
  std::vector<std::thread> threads;
  for (int c = 0; c < clients; ++c) {
    threads.emplace_back([&] {
      while (true) {
        const int from = next.fetch_add(batch);
        if (from >= n) return;
        failed += send(from, std::min(n, from + batch));
      }
    });
  }
  for (auto& t : threads) t.join();
  return {path, n, absl::Now() - start, failed.load()};
}

class DeliveryCounter : public RdKafka::DeliveryReportCb {
 public:
  void dr_cb(RdKafka::Message& m) override {
    (m.err() == RdKafka::ERR_NO_ERROR ? ok : failed)++;
  }
  std::atomic<int64_t> ok{0};
  std::atomic<int64_t> failed{0};
};

Result Bare(const config::KafkaConfig& kafka, const std::string& topic,
            const std::vector<std::string>& keys,
            const std::vector<std::string>& values) {
  auto props = kafka::ProducerProperties(kafka, "bench-bare");
  std::unique_ptr<RdKafka::Conf> conf(
      RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
  std::string err;
  for (const auto& [k, v] : *props) conf->set(k, v, err);
  DeliveryCounter counter;
  conf->set("dr_cb", static_cast<RdKafka::DeliveryReportCb*>(&counter), err);
  std::unique_ptr<RdKafka::Producer> producer(
      RdKafka::Producer::create(conf.get(), err));
  if (!producer) {
    std::cerr << "bare producer: " << err << "\n";
    std::exit(1);
  }
  // Warm up the connection and metadata.
  producer->produce(topic, RdKafka::Topic::PARTITION_UA,
                    RdKafka::Producer::RK_MSG_COPY,
                    const_cast<char*>(values[0].data()), values[0].size(),
                    keys[0].data(), keys[0].size(), 0, nullptr);
  producer->flush(10000);
  counter.ok = 0;
  const absl::Time start = absl::Now();
  for (size_t i = 0; i < values.size(); ++i) {
    while (producer->produce(topic, RdKafka::Topic::PARTITION_UA,
                             RdKafka::Producer::RK_MSG_COPY,
                             const_cast<char*>(values[i].data()),
                             values[i].size(), keys[i].data(), keys[i].size(),
                             0, nullptr) == RdKafka::ERR__QUEUE_FULL) {
      producer->poll(1);
    }
    producer->poll(0);
  }
  producer->flush(60000);
  return {"bare librdkafka producer", static_cast<int64_t>(values.size()),
          absl::Now() - start, counter.failed.load()};
}

int Main(int argc, char** argv) {
  CLI::App app{"Ingestion throughput: HTTP and gRPC vs a bare producer"};
  const char* env_kafka = std::getenv("GIAMSAT_KAFKA_BOOTSTRAP");
  const char* env_redis = std::getenv("GIAMSAT_REDIS_ADDR");
  std::string kafka_addr = env_kafka ? env_kafka : "127.0.0.1:9092";
  std::string redis_addr = env_redis ? env_redis : "127.0.0.1:6379";
  int events = 50000;
  int batch = 500;
  int clients = 4;
  app.add_option("--kafka", kafka_addr, "Kafka bootstrap");
  app.add_option("--redis", redis_addr, "Redis address");
  app.add_option("--events", events, "Events per path");
  app.add_option("--batch", batch, "Events per HTTP request / gRPC batch");
  app.add_option("--clients", clients, "Concurrent clients per path");
  CLI11_PARSE(app, argc, argv);

  std::random_device rd;
  const std::string run =
      absl::StrCat("bench", getpid(), "-", rd() % 100000, ".");
  config::KafkaConfig kafka;
  kafka.bootstrap = kafka_addr;
  kafka.topic_prefix = run;
  kafka.partitions = 6;
  config::RedisConfig redis;
  redis.address = redis_addr;
  redis.key_prefix = run;
  events::Topics topics(run);
  const std::string bare_topic = run + "bare";
  if (absl::Status s = kafka::EnsureTopics(
          kafka, {topics.DossierEvents(), topics.DeadLetter(), bare_topic});
      !s.ok()) {
    std::cerr << s << "\n";
    return 1;
  }

  prometheus::Registry registry;
  auto publisher = kafka::KafkaPublisher::Create(kafka, "bench", registry);
  auto dedup = dedup::RedisDedupStore::Connect(redis, absl::Hours(1),
                                               absl::Minutes(2), registry);
  if (!publisher.ok() || !dedup.ok()) {
    std::cerr << publisher.status() << " " << dedup.status() << "\n";
    return 1;
  }
  core::SystemClock clock;
  ingestor::IngestProbe probe(registry);
  ingestor::PipelineOptions options;
  IngestPipeline pipeline(**publisher, **dedup, nullptr, clock, topics, options,
                          probe);
  ingestor::PiiPolicy pii;
  pii.drop_fields = {"citizenName", "phone", "address"};
  pii.hash_fields = {"nationalId"};
  const ingestor::EventDecoder decoder(pii);
  ingestor::GrpcIngestService service(pipeline, decoder, 1000, 4 << 20);
  grpc::ServerBuilder builder;
  int grpc_port = 0;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                           &grpc_port);
  builder.RegisterService(&service);
  auto server = builder.BuildAndStart();
  auto http = ingestor::HttpIngestServer::Start(
      "127.0.0.1:0", pipeline, decoder, 4 << 20, 1000, clients + 2);
  if (!server || !http.ok()) {
    std::cerr << "cannot start the servers\n";
    return 1;
  }

  // The same messages for every path, each with its own event ids.
  auto make = [&](const std::string& prefix) {
    std::vector<v1::Event> out;
    out.reserve(events);
    for (int i = 0; i < events; ++i) out.push_back(MakeEvent(prefix, i));
    return out;
  };
  std::vector<Result> results;
  {
    std::vector<v1::Event> bare_events = make("bare-");
    std::vector<std::string> keys, values;
    for (auto& e : bare_events) {
      *e.mutable_ingested_at() =
          google::protobuf::util::TimeUtil::GetCurrentTime();
      keys.push_back(e.dossier().dossier_id());
      values.push_back(e.SerializeAsString());
    }
    results.push_back(Bare(kafka, bare_topic, keys, values));
  }

  auto channel = grpc::CreateChannel(absl::StrCat("127.0.0.1:", grpc_port),
                                     grpc::InsecureChannelCredentials());
  auto stub = v1::IngestService::NewStub(channel);
  auto grpc_send = [&](const std::vector<v1::Event>& all) {
    return [&](int from, int to) -> int64_t {
      grpc::ClientContext ctx;
      v1::IngestBatchResult result;
      auto writer = stub->IngestBatch(&ctx, &result);
      for (int i = from; i < to; ++i) writer->Write(all[i]);
      writer->WritesDone();
      grpc::Status s = writer->Finish();
      return s.ok() ? (to - from) - result.accepted() : to - from;
    };
  };
  {
    std::vector<v1::Event> grpc_events = make("grpc-");
    grpc_send(grpc_events)(0, 1);  // warm-up (event 0 is then a duplicate)
    results.push_back(
        Drive(absl::StrFormat("gRPC IngestBatch (%dx%d)", clients, batch),
              events, batch, clients, grpc_send(grpc_events)));
    results.push_back(Drive("gRPC, all duplicates (resend)", events, batch,
                            clients, grpc_send(grpc_events)));
  }
  {
    std::vector<v1::Event> http_events = make("http-");
    std::vector<std::string> json;
    json.reserve(events);
    for (const auto& e : http_events) json.push_back(ToJson(e));
    const std::string address = (*http)->address();
    auto http_send = [&](int from, int to) -> int64_t {
      thread_local httplib::Client client("http://" + address);
      std::string body = "[";
      for (int i = from; i < to; ++i) {
        if (i > from) body += ",";
        body += json[i];
      }
      body += "]";
      auto res = client.Post("/v1/events", body, "application/json");
      return res && res->status == 200 ? 0 : to - from;
    };
    http_send(0, 1);
    results.push_back(
        Drive(absl::StrFormat("HTTP POST JSON (%dx%d)", clients, batch), events,
              batch, clients, http_send));
  }
  (*http)->Stop();
  server->Shutdown();

  const double bare = results[0].rate();
  std::cout << absl::StrFormat("%-34s %9s %9s %11s %8s %7s\n", "path", "events",
                               "seconds", "events/s", "vs bare", "failed");
  for (const Result& r : results) {
    std::cout << absl::StrFormat("%-34s %9d %9.2f %11.0f %8.2f %7d\n", r.path,
                                 r.events, absl::ToDoubleSeconds(r.took),
                                 r.rate(), r.rate() / bare, r.failed);
  }
  std::cout << absl::StrFormat(
      "(%d events per path, %d clients, batches of %d, Kafka %s, Redis %s, "
      "%u cores)\n",
      events, clients, batch, kafka_addr, redis_addr,
      std::thread::hardware_concurrency());
  int64_t failed = 0;
  for (const Result& r : results) failed += r.failed;
  return failed == 0 ? 0 : 1;
}

}  // namespace
}  // namespace giamsat::bench

int main(int argc, char** argv) { return giamsat::bench::Main(argc, argv); }
