// Test environment for integration and e2e tests: the addresses of the real
// servers started by tests/run.sh, and names unique to one test run.
#pragma once

#include <string>

namespace giamsat::testing {

// The value of an environment variable that tests/run.sh sets; fails the
// calling test with a message naming the variable when it is missing.
std::string RequiredEnv(const char* name);

std::string KafkaBootstrap();  // GIAMSAT_TEST_KAFKA_BOOTSTRAP
std::string RedisAddress();    // GIAMSAT_TEST_REDIS_ADDR

// A prefix unique to this process and call ("t<pid>-<n>-<random>."), for
// topic names and Redis keys, so tests never see each other's data.
std::string UniquePrefix();

// A fresh temporary directory, removed by the caller if it wishes.
std::string MakeTempDir();

}  // namespace giamsat::testing
