#include "common/kafka/client_conf.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "common/kafka/client_log.h"

namespace giamsat::kafka {

absl::StatusOr<std::unique_ptr<RdKafka::Conf>> ClientConf(
    const Properties& properties) {
  std::unique_ptr<RdKafka::Conf> conf(
      RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
  std::string err;
  for (const auto& [k, v] : properties) {
    if (conf->set(k, v, err) != RdKafka::Conf::CONF_OK) {
      return absl::InvalidArgumentError(absl::StrCat("kafka ", k, ": ", err));
    }
  }
  if (conf->set("event_cb", static_cast<RdKafka::EventCb*>(SharedClientLog()),
                err) != RdKafka::Conf::CONF_OK) {
    return absl::InternalError(err);
  }
  return conf;
}

}  // namespace giamsat::kafka
