// The librdkafka global configuration of one of our clients: the given
// properties applied, and librdkafka's log routed into ours (client_log.h).
// InvalidArgument naming the property librdkafka refused, with its reason.
#pragma once

#include <librdkafka/rdkafkacpp.h>

#include <memory>

#include "absl/status/statusor.h"
#include "common/kafka/client_properties.h"

namespace giamsat::kafka {

absl::StatusOr<std::unique_ptr<RdKafka::Conf>> ClientConf(
    const Properties& properties);

}  // namespace giamsat::kafka
