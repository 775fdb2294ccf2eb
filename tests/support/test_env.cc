#include "tests/support/test_env.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <random>

#include "absl/strings/str_cat.h"

namespace giamsat::testing {

std::string RequiredEnv(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') {
    ADD_FAILURE() << name
                  << " is not set: run integration and e2e tests through "
                     "tests/run.sh, which starts the real servers";
    return "127.0.0.1:1";
  }
  return value;
}

std::string KafkaBootstrap() {
  return RequiredEnv("GIAMSAT_TEST_KAFKA_BOOTSTRAP");
}
std::string RedisAddress() { return RequiredEnv("GIAMSAT_TEST_REDIS_ADDR"); }

std::string UniquePrefix() {
  static std::atomic<int> counter{0};
  std::random_device rd;
  return absl::StrCat("t", getpid(), "-", counter++, "-", rd() % 100000, ".");
}

std::string MakeTempDir() {
  std::string templ = "/tmp/giamsat-test-XXXXXX";
  if (mkdtemp(templ.data()) == nullptr) std::abort();
  return templ;
}

}  // namespace giamsat::testing
