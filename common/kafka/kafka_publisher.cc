#include "common/kafka/kafka_publisher.h"

#include <librdkafka/rdkafkacpp.h>

#include <atomic>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "common/kafka/client_conf.h"
#include "common/kafka/client_properties.h"
#include "common/kafka/kafka_probe.h"

namespace giamsat::kafka {
namespace {

// One PublishBatch call waiting for its delivery reports.
struct Waiter {
  absl::Mutex mu;
  size_t remaining ABSL_GUARDED_BY(mu) = 0;
  std::vector<absl::Status> results;
};

struct Slot {
  Waiter* waiter;
  size_t index;
  absl::Time sent;
};

absl::Status ToStatus(RdKafka::ErrorCode code, const std::string& what) {
  if (code == RdKafka::ERR_NO_ERROR) return absl::OkStatus();
  const std::string msg = absl::StrCat(what, ": ", RdKafka::err2str(code));
  switch (code) {
    case RdKafka::ERR_MSG_SIZE_TOO_LARGE:
    case RdKafka::ERR_INVALID_MSG:
    case RdKafka::ERR__INVALID_ARG:
      return absl::InvalidArgumentError(msg);
    default:
      return absl::UnavailableError(msg);
  }
}

}  // namespace

class KafkaPublisher::Impl : public RdKafka::DeliveryReportCb {
 public:
  explicit Impl(prometheus::Registry& registry) : probe_(registry) {}

  ~Impl() override {
    stop_ = true;
    if (poller_.joinable()) poller_.join();
    if (producer_) producer_->flush(5000);
  }

  absl::Status Init(const config::KafkaConfig& config,
                    const std::string& client_id) {
    absl::StatusOr<Properties> props = ProducerProperties(config, client_id);
    if (!props.ok()) return props.status();
    absl::StatusOr<std::unique_ptr<RdKafka::Conf>> conf = ClientConf(*props);
    if (!conf.ok()) return conf.status();
    std::string err;
    if ((*conf)->set("dr_cb", static_cast<RdKafka::DeliveryReportCb*>(this),
                     err) != RdKafka::Conf::CONF_OK) {
      return absl::InternalError(err);
    }
    producer_.reset(RdKafka::Producer::create(conf->get(), err));
    if (!producer_) {
      return absl::InternalError(absl::StrCat("kafka producer: ", err));
    }
    poller_ = std::thread([this] {
      while (!stop_) producer_->poll(50);
    });
    return absl::OkStatus();
  }

  void dr_cb(RdKafka::Message& message) override {
    auto* slot = static_cast<Slot*>(message.msg_opaque());
    const bool ok = message.err() == RdKafka::ERR_NO_ERROR;
    probe_.Produced(message.topic_name(), ok ? "acked" : "failed");
    if (ok) probe_.Acknowledged(message.topic_name(), absl::Now() - slot->sent);
    Waiter* w = slot->waiter;
    w->results[slot->index] = ToStatus(
        message.err(), absl::StrCat("write to ", message.topic_name()));
    delete slot;
    absl::MutexLock lock(&w->mu);
    --w->remaining;
  }

  std::vector<absl::Status> Publish(
      const std::vector<events::OutRecord>& records) {
    Waiter waiter;
    waiter.results.assign(records.size(), absl::OkStatus());
    {
      absl::MutexLock lock(&waiter.mu);
      waiter.remaining = records.size();
    }
    for (size_t i = 0; i < records.size(); ++i) {
      const auto& r = records[i];
      auto* slot = new Slot{&waiter, i, absl::Now()};
      RdKafka::ErrorCode code = producer_->produce(
          r.topic, RdKafka::Topic::PARTITION_UA, RdKafka::Producer::RK_MSG_COPY,
          const_cast<char*>(r.value.data()), r.value.size(), r.key.data(),
          r.key.size(), 0, slot);
      if (code != RdKafka::ERR_NO_ERROR) {
        delete slot;
        probe_.Produced(r.topic, "refused");
        waiter.results[i] = ToStatus(code, absl::StrCat("write to ", r.topic));
        absl::MutexLock lock(&waiter.mu);
        --waiter.remaining;
      }
    }
    absl::MutexLock lock(&waiter.mu);
    waiter.mu.Await(absl::Condition(
        +[](size_t* remaining) { return *remaining == 0; }, &waiter.remaining));
    return std::move(waiter.results);
  }

 private:
  KafkaProbe probe_;
  std::unique_ptr<RdKafka::Producer> producer_;
  std::atomic<bool> stop_{false};
  std::thread poller_;
};

KafkaPublisher::KafkaPublisher(std::unique_ptr<Impl> impl)
    : impl_(std::move(impl)) {}
KafkaPublisher::~KafkaPublisher() = default;

absl::StatusOr<std::unique_ptr<KafkaPublisher>> KafkaPublisher::Create(
    const config::KafkaConfig& config, const std::string& client_id,
    prometheus::Registry& registry) {
  auto impl = std::make_unique<Impl>(registry);
  if (absl::Status s = impl->Init(config, client_id); !s.ok()) return s;
  return std::unique_ptr<KafkaPublisher>(new KafkaPublisher(std::move(impl)));
}

std::vector<absl::Status> KafkaPublisher::PublishBatch(
    const std::vector<events::OutRecord>& records) {
  return impl_->Publish(records);
}

}  // namespace giamsat::kafka
