// The StateStore contract on the in-memory fake (the Redis adapter runs the
// same suite in tests/integration/redis_state_store_test.cc).
#include "common/testing/in_memory_state_store.h"

#include "tests/support/state_store_contract.inc"

namespace giamsat::store {
namespace {

std::unique_ptr<StateStore> MakeInMemoryStore(const std::string&) {
  return std::make_unique<testing::InMemoryStateStore>();
}

INSTANTIATE_TEST_SUITE_P(InMemory, StateStoreContract,
                         ::testing::Values(&MakeInMemoryStore));

}  // namespace
}  // namespace giamsat::store
