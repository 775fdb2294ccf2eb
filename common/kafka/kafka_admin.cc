#include "common/kafka/kafka_admin.h"

#include <librdkafka/rdkafka.h>

#include <memory>

#include "absl/strings/str_cat.h"
#include "common/kafka/client_properties.h"

namespace giamsat::kafka {
namespace {

struct HandleDeleter {
  void operator()(rd_kafka_t* rk) const { rd_kafka_destroy(rk); }
};
using Handle = std::unique_ptr<rd_kafka_t, HandleDeleter>;

absl::StatusOr<Handle> NewAdminHandle(const config::KafkaConfig& config) {
  absl::StatusOr<Properties> props = CommonProperties(config, "giamsat-admin");
  if (!props.ok()) return props.status();
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  char err[512];
  for (const auto& [k, v] : *props) {
    if (rd_kafka_conf_set(conf, k.c_str(), v.c_str(), err, sizeof err) !=
        RD_KAFKA_CONF_OK) {
      rd_kafka_conf_destroy(conf);
      return absl::InvalidArgumentError(absl::StrCat("kafka ", k, ": ", err));
    }
  }
  // Start-up checks report failures themselves, in one line.
  rd_kafka_conf_set_log_cb(
      conf, [](const rd_kafka_t*, int, const char*, const char*) {});
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
  if (rk == nullptr) {
    return absl::InternalError(absl::StrCat("kafka client: ", err));
  }
  return Handle(rk);
}

}  // namespace

absl::Status CheckReachable(const config::KafkaConfig& config) {
  absl::StatusOr<Handle> rk = NewAdminHandle(config);
  if (!rk.ok()) return rk.status();
  const rd_kafka_metadata_t* md = nullptr;
  rd_kafka_resp_err_t err =
      rd_kafka_metadata(rk->get(), 0, nullptr, &md, config.connect_timeout_ms);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return absl::UnavailableError(absl::StrCat(
        "cannot reach Kafka at ", config.bootstrap, ": ", rd_kafka_err2str(err),
        " (waited ", config.connect_timeout_ms, " ms)"));
  }
  const int brokers = md->broker_cnt;
  rd_kafka_metadata_destroy(md);
  if (brokers == 0) {
    return absl::UnavailableError(absl::StrCat(
        "cannot reach Kafka at ", config.bootstrap, ": no broker listed"));
  }
  return absl::OkStatus();
}

absl::Status EnsureTopics(const config::KafkaConfig& config,
                          const std::vector<std::string>& topics) {
  absl::StatusOr<Handle> rk = NewAdminHandle(config);
  if (!rk.ok()) return rk.status();
  std::vector<rd_kafka_NewTopic_t*> new_topics;
  char err[512];
  for (const auto& t : topics) {
    new_topics.push_back(rd_kafka_NewTopic_new(t.c_str(), config.partitions,
                                               config.replication_factor, err,
                                               sizeof err));
  }
  rd_kafka_queue_t* queue = rd_kafka_queue_new(rk->get());
  rd_kafka_AdminOptions_t* options =
      rd_kafka_AdminOptions_new(rk->get(), RD_KAFKA_ADMIN_OP_CREATETOPICS);
  rd_kafka_AdminOptions_set_operation_timeout(
      options, config.connect_timeout_ms, err, sizeof err);
  rd_kafka_CreateTopics(rk->get(), new_topics.data(), new_topics.size(),
                        options, queue);
  rd_kafka_event_t* event =
      rd_kafka_queue_poll(queue, config.connect_timeout_ms * 2);
  absl::Status status = absl::OkStatus();
  if (event == nullptr) {
    status = absl::UnavailableError(absl::StrCat(
        "cannot reach Kafka at ", config.bootstrap, " to create topics"));
  } else if (rd_kafka_event_error(event) != RD_KAFKA_RESP_ERR_NO_ERROR) {
    status = absl::UnavailableError(
        absl::StrCat("creating topics on Kafka at ", config.bootstrap, ": ",
                     rd_kafka_event_error_string(event)));
  } else {
    const rd_kafka_CreateTopics_result_t* result =
        rd_kafka_event_CreateTopics_result(event);
    size_t n = 0;
    const rd_kafka_topic_result_t** results =
        rd_kafka_CreateTopics_result_topics(result, &n);
    for (size_t i = 0; i < n; ++i) {
      rd_kafka_resp_err_t e = rd_kafka_topic_result_error(results[i]);
      if (e != RD_KAFKA_RESP_ERR_NO_ERROR &&
          e != RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS) {
        status = absl::InternalError(absl::StrCat(
            "creating topic ", rd_kafka_topic_result_name(results[i]), ": ",
            rd_kafka_topic_result_error_string(results[i])));
        break;
      }
    }
  }
  if (event) rd_kafka_event_destroy(event);
  rd_kafka_AdminOptions_destroy(options);
  rd_kafka_queue_destroy(queue);
  rd_kafka_NewTopic_destroy_array(new_topics.data(), new_topics.size());
  return status;
}

}  // namespace giamsat::kafka
