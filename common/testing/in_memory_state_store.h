// The in-memory StateStore for tests (common/store/memory_state_store.h),
// under the name the tests use.
#pragma once

#include "common/store/memory_state_store.h"

namespace giamsat::testing {

using InMemoryStateStore = store::MemoryStateStore;

}  // namespace giamsat::testing
