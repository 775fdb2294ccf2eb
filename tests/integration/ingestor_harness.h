// Integration-test harness for the ingestor: the shipped ingestor library
// (pipeline, gRPC service, decoder) in process on the real adapters (Kafka
// publisher, Redis dedup store), with a Restart() that drops every
// in-process state, and helpers that read topics back exactly (record
// counts from the partitions' watermarks). Test-only; each harness uses its
// own topic and key prefix.
#pragma once

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <librdkafka/rdkafka.h>

#include <memory>
#include <string>
#include <vector>

#include "common/core/clock.h"
#include "common/dedup/redis_dedup_store.h"
#include "common/events/topics.h"
#include "common/kafka/kafka_admin.h"
#include "common/kafka/kafka_publisher.h"
#include "common/kafka/kafka_source.h"
#include "services/ingestor/grpc_ingest_service.h"
#include "services/ingestor/ingest_pipeline.h"
#include "tests/support/subprocess.h"
#include "tests/support/test_env.h"

namespace giamsat::ingestor {

// Records in `topic` (sum over partitions of high - low watermark).
inline int64_t TopicSize(const config::KafkaConfig& config,
                         const std::string& topic) {
  char err[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  rd_kafka_conf_set(conf, "bootstrap.servers", config.bootstrap.c_str(), err,
                    sizeof err);
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
  int64_t total = 0;
  for (int p = 0; p < config.partitions; ++p) {
    int64_t low = 0, high = 0;
    const rd_kafka_resp_err_t e = rd_kafka_query_watermark_offsets(
        rk, topic.c_str(), p, &low, &high, 10000);
    EXPECT_EQ(e, RD_KAFKA_RESP_ERR_NO_ERROR) << rd_kafka_err2str(e);
    total += high - low;
  }
  rd_kafka_destroy(rk);
  return total;
}

// Every record of `topics` from the beginning: exactly TopicSize() of them.
inline std::vector<events::InRecord> ReadAll(
    config::KafkaConfig config, const std::vector<std::string>& topics) {
  int64_t expected = 0;
  for (const auto& t : topics) expected += TopicSize(config, t);
  config.group_id = testing::UniquePrefix() + "reader";
  prometheus::Registry registry;
  auto source = kafka::KafkaSource::Create(
      config, "test-reader", topics,
      [](const events::TopicPartition&) {
        return absl::StatusOr<std::optional<int64_t>>(std::nullopt);
      },
      nullptr, registry);
  EXPECT_TRUE(source.ok()) << source.status();
  std::vector<events::InRecord> all;
  if (!source.ok()) return all;
  testing::Eventually(
      [&] {
        auto batch = (*source)->Poll(10000, absl::Milliseconds(200));
        EXPECT_TRUE(batch.ok()) << batch.status();
        if (batch.ok()) all.insert(all.end(), batch->begin(), batch->end());
        return static_cast<int64_t>(all.size()) >= expected;
      },
      absl::Seconds(120));
  (*source)->Close();
  EXPECT_EQ(static_cast<int64_t>(all.size()), expected);
  return all;
}

class IngestorHarness {
 public:
  IngestorHarness(PipelineOptions options = {}, PiiPolicy pii = {},
                  ReferenceCatalog* reference = nullptr)
      : prefix_(testing::UniquePrefix()),
        topics_(prefix_),
        options_(options),
        decoder_(std::move(pii)),
        reference_(reference) {
    kafka_.bootstrap = testing::KafkaBootstrap();
    kafka_.topic_prefix = prefix_;
    kafka_.partitions = 3;
    kafka_.delivery_timeout_ms = 15000;
    redis_.address = testing::RedisAddress();
    redis_.key_prefix = prefix_;
  }
  ~IngestorHarness() { Stop(); }

  // Creates the topics and starts everything.
  void Start() {
    ASSERT_TRUE(kafka::EnsureTopics(
                    kafka_, {topics_.DossierEvents(), topics_.FeedbackEvents(),
                             topics_.InspectionEvents(), topics_.DeadLetter()})
                    .ok());
    probe_.reset();
    registry_ = std::make_unique<prometheus::Registry>();
    probe_ = std::make_unique<IngestProbe>(*registry_);
    auto publisher =
        kafka::KafkaPublisher::Create(kafka_, "test-ingestor", *registry_);
    ASSERT_TRUE(publisher.ok()) << publisher.status();
    publisher_ = std::move(*publisher);
    auto dedup = dedup::RedisDedupStore::Connect(redis_, absl::Hours(1),
                                                 absl::Minutes(2), *registry_);
    ASSERT_TRUE(dedup.ok()) << dedup.status();
    dedup_ = std::move(*dedup);
    pipeline_ = std::make_unique<IngestPipeline>(
        *publisher_, *dedup_, reference_, clock_, topics_, options_, *probe_);
    service_ = std::make_unique<GrpcIngestService>(*pipeline_, decoder_, 1000,
                                                   4 << 20);
    grpc::ServerBuilder builder;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                             &port_);
    builder.RegisterService(service_.get());
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr);
    stub_ = v1::IngestService::NewStub(
        grpc::CreateChannel("127.0.0.1:" + std::to_string(port_),
                            grpc::InsecureChannelCredentials()));
  }

  void Stop() {
    if (server_) server_->Shutdown();
    server_.reset();
    stub_.reset();
    service_.reset();
    pipeline_.reset();
    dedup_.reset();
    publisher_.reset();
  }

  // A restart: nothing in process survives, Kafka and Redis do.
  void Restart() {
    Stop();
    Start();
  }

  IngestPipeline& pipeline() { return *pipeline_; }
  const EventDecoder& decoder() const { return decoder_; }
  v1::IngestService::Stub& stub() { return *stub_; }
  prometheus::Registry& registry() { return *registry_; }
  const config::KafkaConfig& kafka() const { return kafka_; }
  config::KafkaConfig& mutable_kafka() { return kafka_; }
  const events::Topics& topics() const { return topics_; }
  const std::string& prefix() const { return prefix_; }

 private:
  const std::string prefix_;
  const events::Topics topics_;
  const PipelineOptions options_;
  const EventDecoder decoder_;
  ReferenceCatalog* const reference_;
  config::KafkaConfig kafka_;
  config::RedisConfig redis_;
  core::SystemClock clock_;
  std::unique_ptr<prometheus::Registry> registry_;
  std::unique_ptr<IngestProbe> probe_;
  std::unique_ptr<kafka::KafkaPublisher> publisher_;
  std::unique_ptr<dedup::RedisDedupStore> dedup_;
  std::unique_ptr<IngestPipeline> pipeline_;
  std::unique_ptr<GrpcIngestService> service_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<v1::IngestService::Stub> stub_;
  int port_ = 0;
};

}  // namespace giamsat::ingestor
