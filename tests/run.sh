#!/usr/bin/env bash
# Sets up and runs every test of Giám sát on a fresh Debian 12 machine:
#   1. installs what is missing (deploy/local/install-deps.sh),
#   2. checks formatting (clang-format, Google style) and the monitoring
#      configuration (deploy/prometheus/check.sh: promtool, amtool),
#   3. builds everything (build/) and the unit tests again with
#      AddressSanitizer + UndefinedBehaviorSanitizer (build-asan/),
#   4. starts a real Kafka (KRaft) and Redis on free loopback ports,
#   5. runs all tests with ctest (labels: unit, integration, e2e), then the
#      unit tests under the sanitizers,
#   6. fuzzes the JSON and CSV decoders for 30 s each (tests/fuzz/run.sh),
#      runs every benchmark at a tiny size (tests/bench/run.sh --smoke),
#      checks the Helm chart and the container files (helm/giamsat/tests/run.sh),
#   7. stops the servers (also on failure) and exits non-zero if anything
#      failed.
# Options: --no-asan skips step 3's sanitizer build (quicker local runs).
# GIAMSAT_CMAKE_ARGS adds CMake arguments to both builds.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "${ROOT}"
ASAN=1
for arg in "$@"; do
  case "${arg}" in
    --no-asan) ASAN=0 ;;
    *) echo "usage: tests/run.sh [--no-asan]" >&2; exit 2 ;;
  esac
done
JOBS="$(nproc)"
log() { echo "[tests] $*" >&2; }

# Both builds and the servers' data need about 8 GB; say so up front rather
# than fail later with a compiler's "No space left on device".
free_kb="$(df -Pk . | awk 'NR == 2 { print $4 }')"
log "free disk space here: $((free_kb / 1024 / 1024)) GB"
if ((free_kb < 8 * 1024 * 1024)); then
  log "WARNING: less than 8 GB free; the builds may run out of space"
fi
# The compiler cache is kept small so that it never crowds out the builds.
export CCACHE_MAXSIZE="${CCACHE_MAXSIZE:-2G}"

log "installing what is missing"
deploy/local/install-deps.sh >&2
PREFIX="$(deploy/local/install-deps.sh --print-prefix)"

log "checking formatting"
mapfile -t sources < <(find common services tests proto -name '*.cc' -o -name '*.h' | sort)
clang-format --dry-run -Werror --style=file "${sources[@]}"

# --- monitoring configuration (promtool, amtool; a few seconds) -----------
log "checking the Prometheus, Alertmanager and Grafana configuration"
deploy/prometheus/check.sh >&2
# ---------------------------------------------------------------------------

log "building (build/)"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_PREFIX_PATH="${PREFIX}" ${GIAMSAT_CMAKE_ARGS:-} >/dev/null
cmake --build build -j "${JOBS}"

STACK_DIR="$(mktemp -d /tmp/giamsat-test-stack.XXXXXX)"
export GIAMSAT_STACK_DIR="${STACK_DIR}"
stop_stack() {
  log "stopping the test servers"
  deploy/local/stack.sh down >&2 || true
  rm -rf "${STACK_DIR}"
}
trap stop_stack EXIT

log "starting Kafka, Redis and Alertmanager on free loopback ports"
eval "$(deploy/local/stack.sh up --free-ports kafka redis alertmanager)"
export GIAMSAT_TEST_KAFKA_BOOTSTRAP="${GIAMSAT_KAFKA_BOOTSTRAP}"
export GIAMSAT_TEST_REDIS_ADDR="${GIAMSAT_REDIS_ADDR}"
# The escalator's delivery test forwards to the real Alertmanager.
export GIAMSAT_TEST_ALERTMANAGER_URL="${GIAMSAT_ALERTMANAGER_URL}"
log "Kafka at ${GIAMSAT_TEST_KAFKA_BOOTSTRAP}, Redis at ${GIAMSAT_TEST_REDIS_ADDR}"

status=0
log "running unit, integration and end-to-end tests"
(cd build && ctest --output-on-failure -j "${JOBS}" --timeout 900) || status=1

if ((ASAN)); then
  log "building the unit tests with ASan + UBSan (build-asan/)"
  cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug \
    -DGIAMSAT_SANITIZE=ON -DCMAKE_PREFIX_PATH="${PREFIX}" ${GIAMSAT_CMAKE_ARGS:-} \
    >/dev/null
  cmake --build build-asan -j "${JOBS}" --target giamsat_unit_tests
  log "running the unit tests under ASan + UBSan"
  (cd build-asan && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --output-on-failure -j "${JOBS}" -L unit) || status=1
  # Nothing after this step uses it; its space goes back to the fuzzers.
  rm -rf build-asan
fi

log "fuzzing the JSON and CSV decoders (libFuzzer + ASan + UBSan)"
tests/fuzz/run.sh --seconds 30 --jobs "${JOBS}" || status=1

log "running every benchmark at a tiny size (tests/bench/run.sh --smoke)"
tests/bench/run.sh --smoke build >&2 || status=1

# --- deployment: Helm chart, container files (helm/giamsat/tests/run.sh) ---
log "checking the Helm chart and the container files"
helm/giamsat/tests/run.sh build || status=1
# --- end of deployment ---

if ((status == 0)); then log "all tests passed"; else log "SOME TESTS FAILED"; fi
exit "${status}"
