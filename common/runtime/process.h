// Process-level helpers for services' main(): fail-fast exit with a one-line
// message, the ready file, and waiting for SIGINT/SIGTERM.
#pragma once

#include <map>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace giamsat::runtime {

// Prints "<service>: <message>" on one line to stderr and exits with code 1.
[[noreturn]] void Die(absl::string_view service, const absl::Status& status);

// Writes `entries` as "key: value" YAML lines to `path` atomically (write to
// a temporary file, then rename), so a reader never sees half a file.
absl::Status WriteReadyFile(const std::string& path,
                            const std::map<std::string, std::string>& entries);

// Blocks SIGINT and SIGTERM in the calling thread (call first in main(),
// before any thread starts, so every thread inherits the mask).
void BlockShutdownSignals();
// The first call of every service's main(): BlockShutdownSignals(), and in
// builds with NDEBUG turns off abseil's mutex deadlock detection, which
// Debian's abseil leaves on (a graph of lock ids kept on every
// absl::Mutex lock and unlock: a few per cent of a query call).
void InitServiceProcess();
// Waits until SIGINT or SIGTERM arrives; returns the signal number.
int WaitForShutdownSignal();
// Makes WaitForShutdownSignal return (a component gave up).
void RequestShutdown();

}  // namespace giamsat::runtime
