// Routes librdkafka's own log lines and errors into our log (spdlog), so
// the library never writes to stderr behind our back. Used by every client.
#pragma once

#include <librdkafka/rdkafkacpp.h>

namespace giamsat::kafka {

class ClientLog final : public RdKafka::EventCb {
 public:
  void event_cb(RdKafka::Event& event) override;
};

// The shared instance to pass as "event_cb".
ClientLog* SharedClientLog();

}  // namespace giamsat::kafka
