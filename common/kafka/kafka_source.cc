#include "common/kafka/kafka_source.h"

#include <librdkafka/rdkafkacpp.h>

#include "absl/strings/str_cat.h"
#include "common/kafka/client_conf.h"
#include "common/kafka/client_properties.h"
#include "common/kafka/kafka_probe.h"
#include "spdlog/spdlog.h"

namespace giamsat::kafka {
namespace {

struct PartitionListDeleter {
  std::vector<RdKafka::TopicPartition*>& list;
  ~PartitionListDeleter() { RdKafka::TopicPartition::destroy(list); }
};

}  // namespace

class KafkaSource::Impl : public RdKafka::RebalanceCb {
 public:
  Impl(events::StartOffsetFn start, events::AssignmentFn on_assign,
       prometheus::Registry& registry)
      : start_(std::move(start)),
        on_assign_(std::move(on_assign)),
        probe_(registry) {}

  absl::Status Init(const config::KafkaConfig& config,
                    const std::string& client_id,
                    const std::vector<std::string>& topics) {
    absl::StatusOr<Properties> props = ConsumerProperties(config, client_id);
    if (!props.ok()) return props.status();
    absl::StatusOr<std::unique_ptr<RdKafka::Conf>> conf = ClientConf(*props);
    if (!conf.ok()) return conf.status();
    std::string err;
    if ((*conf)->set("rebalance_cb", static_cast<RdKafka::RebalanceCb*>(this),
                     err) != RdKafka::Conf::CONF_OK) {
      return absl::InternalError(err);
    }
    consumer_.reset(RdKafka::KafkaConsumer::create(conf->get(), err));
    if (!consumer_) {
      return absl::InternalError(absl::StrCat("kafka consumer: ", err));
    }
    RdKafka::ErrorCode code = consumer_->subscribe(topics);
    if (code != RdKafka::ERR_NO_ERROR) {
      return absl::UnavailableError(
          absl::StrCat("kafka subscribe: ", RdKafka::err2str(code)));
    }
    return absl::OkStatus();
  }

  void rebalance_cb(
      RdKafka::KafkaConsumer* consumer, RdKafka::ErrorCode err,
      std::vector<RdKafka::TopicPartition*>& partitions) override {
    if (err == RdKafka::ERR__ASSIGN_PARTITIONS) {
      probe_.Rebalanced("assign");
      std::vector<events::TopicPartition> owned;
      for (RdKafka::TopicPartition* tp : partitions) {
        events::TopicPartition ours{tp->topic(), tp->partition()};
        absl::StatusOr<std::optional<int64_t>> next = start_(ours);
        if (!next.ok()) {
          failure_ = absl::UnavailableError(
              absl::StrCat("cannot load the start offset of ", ours.topic, "/",
                           ours.partition, ": ", next.status().message()));
          consumer->unassign();
          return;
        }
        tp->set_offset(next->has_value() ? **next
                                         : RdKafka::Topic::OFFSET_BEGINNING);
        owned.push_back(ours);
        spdlog::info("assigned {}/{} from offset {}", ours.topic,
                     ours.partition,
                     next->has_value() ? absl::StrCat(**next) : "beginning");
      }
      if (on_assign_) on_assign_(owned);
      consumer->assign(partitions);
    } else {
      probe_.Rebalanced("revoke");
      probe_.ForgetLag();
      if (on_assign_) on_assign_({});
      consumer->unassign();
    }
  }

  absl::StatusOr<std::vector<events::InRecord>> Poll(size_t max_records,
                                                     absl::Duration timeout) {
    std::vector<events::InRecord> out;
    int wait_ms = static_cast<int>(absl::ToInt64Milliseconds(timeout));
    while (out.size() < max_records) {
      std::unique_ptr<RdKafka::Message> m(consumer_->consume(wait_ms));
      if (!failure_.ok()) return std::exchange(failure_, absl::OkStatus());
      if (m->err() == RdKafka::ERR__TIMED_OUT) break;
      if (m->err() != RdKafka::ERR_NO_ERROR) {
        if (m->err() == RdKafka::ERR__PARTITION_EOF) continue;
        spdlog::warn("kafka consume: {}", m->errstr());
        break;
      }
      wait_ms = 0;  // take what is already fetched, without waiting again
      const RdKafka::MessageTimestamp ts = m->timestamp();
      probe_.Consumed(
          m->topic_name(),
          ts.type == RdKafka::MessageTimestamp::MSG_TIMESTAMP_NOT_AVAILABLE
              ? absl::ZeroDuration()
              : absl::Now() - absl::FromUnixMillis(ts.timestamp));
      events::InRecord r;
      r.topic = m->topic_name();
      r.partition = m->partition();
      r.offset = m->offset();
      if (m->key() != nullptr) r.key = *m->key();
      if (ts.type != RdKafka::MessageTimestamp::MSG_TIMESTAMP_NOT_AVAILABLE) {
        r.log_time = absl::FromUnixMillis(ts.timestamp);
      }
      r.value.assign(static_cast<const char*>(m->payload()), m->len());
      out.push_back(std::move(r));
    }
    ReportLag();
    return out;
  }

  // Lag per assigned partition from librdkafka's cached high watermarks
  // (no broker round trip), at most once a second.
  void ReportLag() {
    const absl::Time now = absl::Now();
    if (now - last_lag_ < absl::Seconds(1)) return;
    last_lag_ = now;
    std::vector<RdKafka::TopicPartition*> parts;
    PartitionListDeleter cleanup{parts};
    if (consumer_->assignment(parts) != RdKafka::ERR_NO_ERROR) return;
    if (consumer_->position(parts) != RdKafka::ERR_NO_ERROR) return;
    for (RdKafka::TopicPartition* tp : parts) {
      int64_t low = 0;
      int64_t high = 0;
      if (consumer_->get_watermark_offsets(tp->topic(), tp->partition(), &low,
                                           &high) != RdKafka::ERR_NO_ERROR ||
          high < 0) {
        continue;
      }
      // Before the first fetch the position is unknown (negative): all of
      // the partition from the low watermark is unread.
      const int64_t position = tp->offset() >= 0 ? tp->offset() : low;
      probe_.Lag(tp->topic(), tp->partition(), high - position);
    }
  }

  absl::Status Seek(const events::TopicPartition& tp, int64_t offset) {
    std::unique_ptr<RdKafka::TopicPartition> p(
        RdKafka::TopicPartition::create(tp.topic, tp.partition, offset));
    RdKafka::ErrorCode code = consumer_->seek(*p, 5000);
    if (code != RdKafka::ERR_NO_ERROR) {
      return absl::UnavailableError(
          absl::StrCat("kafka seek: ", RdKafka::err2str(code)));
    }
    return absl::OkStatus();
  }

  void ReportProcessed(const events::TopicPartition& tp, int64_t next) {
    std::vector<RdKafka::TopicPartition*> list = {
        RdKafka::TopicPartition::create(tp.topic, tp.partition, next)};
    PartitionListDeleter cleanup{list};
    consumer_->commitAsync(list);
  }

  std::optional<int64_t> EndOffset(const events::TopicPartition& tp) {
    // The high watermark of the last fetch answer; an idle partition's first
    // answer comes within fetch.wait.max.ms of the assignment. No broker
    // query: on the broker's connection it would wait behind the pending
    // fetch anyway, and block the consumer thread meanwhile.
    int64_t low = 0;
    int64_t high = 0;
    if (consumer_->get_watermark_offsets(tp.topic, tp.partition, &low, &high) ==
            RdKafka::ERR_NO_ERROR &&
        high >= 0) {
      return high;
    }
    return std::nullopt;
  }

  void Close() {
    if (consumer_ && !closed_) {
      consumer_->close();
      closed_ = true;
    }
  }

  ~Impl() override { Close(); }

 private:
  events::StartOffsetFn start_;
  events::AssignmentFn on_assign_;
  KafkaProbe probe_;
  absl::Time last_lag_ = absl::InfinitePast();
  std::unique_ptr<RdKafka::KafkaConsumer> consumer_;
  absl::Status failure_;
  bool closed_ = false;
};

KafkaSource::KafkaSource(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
KafkaSource::~KafkaSource() = default;

absl::StatusOr<std::unique_ptr<KafkaSource>> KafkaSource::Create(
    const config::KafkaConfig& config, const std::string& client_id,
    std::vector<std::string> topics, events::StartOffsetFn start,
    events::AssignmentFn on_assign, prometheus::Registry& registry) {
  auto impl =
      std::make_unique<Impl>(std::move(start), std::move(on_assign), registry);
  if (absl::Status s = impl->Init(config, client_id, topics); !s.ok()) {
    return s;
  }
  return std::unique_ptr<KafkaSource>(new KafkaSource(std::move(impl)));
}

absl::StatusOr<std::vector<events::InRecord>> KafkaSource::Poll(
    size_t max_records, absl::Duration timeout) {
  return impl_->Poll(max_records, timeout);
}
absl::Status KafkaSource::Seek(const events::TopicPartition& tp,
                               int64_t offset) {
  return impl_->Seek(tp, offset);
}
void KafkaSource::ReportProcessed(const events::TopicPartition& tp,
                                  int64_t next) {
  impl_->ReportProcessed(tp, next);
}
std::optional<int64_t> KafkaSource::EndOffset(
    const events::TopicPartition& tp) {
  return impl_->EndOffset(tp);
}
void KafkaSource::Close() { impl_->Close(); }

events::SourceFactory KafkaSourceFactory(const config::KafkaConfig& config,
                                         std::string client_id,
                                         prometheus::Registry& registry,
                                         KafkaSource** created) {
  return [&config, client_id = std::move(client_id), &registry, created](
             std::vector<std::string> topics, events::StartOffsetFn start,
             events::AssignmentFn on_assign)
             -> absl::StatusOr<std::unique_ptr<events::RecordSource>> {
    auto source =
        KafkaSource::Create(config, client_id, std::move(topics),
                            std::move(start), std::move(on_assign), registry);
    if (!source.ok()) return source.status();
    *created = source->get();
    return std::unique_ptr<events::RecordSource>(std::move(*source));
  };
}

}  // namespace giamsat::kafka
