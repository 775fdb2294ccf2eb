#include "common/kafka/client_log.h"

#include "spdlog/spdlog.h"

namespace giamsat::kafka {

void ClientLog::event_cb(RdKafka::Event& event) {
  switch (event.type()) {
    case RdKafka::Event::EVENT_ERROR:
      spdlog::warn("kafka: {} {}", RdKafka::err2str(event.err()), event.str());
      break;
    case RdKafka::Event::EVENT_LOG:
      if (event.severity() <= RdKafka::Event::EVENT_SEVERITY_ERROR) {
        spdlog::warn("kafka: {}: {}", event.fac(), event.str());
      } else {
        spdlog::debug("kafka: {}: {}", event.fac(), event.str());
      }
      break;
    default:
      break;
  }
}

ClientLog* SharedClientLog() {
  static auto* log = new ClientLog();
  return log;
}

}  // namespace giamsat::kafka
