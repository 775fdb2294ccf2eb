#!/usr/bin/env bash
# Builds the libFuzzer targets over the ingestor's JSON and CSV decoders with
# clang, AddressSanitizer (with leak detection) and UndefinedBehaviorSanitizer,
# then runs each for a short time from the seed corpus in tests/fuzz/corpus.
# Exits non-zero on a crash, leak, sanitizer report or timeout; the crashing
# input is left in the work directory and its path printed.
#
# Usage: tests/fuzz/run.sh [--seconds N] [--jobs N] [--build-dir DIR]
#   --seconds N     fuzzing time per target (default 30)
#   --jobs N        build parallelism (default: nproc)
#   --build-dir DIR CMake build directory (default build-fuzz)
# Needs clang (Debian 12: apt-get install clang; install-deps.sh lists it).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "${ROOT}"
SECONDS_PER_TARGET=30
JOBS="$(nproc)"
BUILD_DIR=build-fuzz
while [[ $# -gt 0 ]]; do
  case $1 in
    --seconds) SECONDS_PER_TARGET=$2; shift 2 ;;
    --jobs) JOBS=$2; shift 2 ;;
    --build-dir) BUILD_DIR=$2; shift 2 ;;
    *) echo "usage: tests/fuzz/run.sh [--seconds N] [--jobs N] [--build-dir DIR]" >&2; exit 2 ;;
  esac
done
log() { echo "[fuzz] $*" >&2; }

CLANGXX="$(command -v clang++ || command -v clang++-14 || true)"
CLANG="$(command -v clang || command -v clang-14 || true)"
if [[ -z ${CLANGXX} || -z ${CLANG} ]]; then
  log "clang is required: apt-get install clang (deploy/local/install-deps.sh installs it)"
  exit 2
fi
PREFIX="$(deploy/local/install-deps.sh --print-prefix)"
FLAGS="-fsanitize=address,undefined,fuzzer-no-link -fno-sanitize-recover=all -fno-omit-frame-pointer"

log "building the fuzz targets with ${CLANGXX} (${BUILD_DIR}/)"
cmake -S . -B "${BUILD_DIR}" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_C_COMPILER="${CLANG}" -DCMAKE_CXX_COMPILER="${CLANGXX}" \
  -DCMAKE_C_FLAGS="${FLAGS}" -DCMAKE_CXX_FLAGS="${FLAGS}" \
  -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" \
  -DGIAMSAT_FUZZ=ON -DCMAKE_PREFIX_PATH="${PREFIX}" >/dev/null
cmake --build "${BUILD_DIR}" -j "${JOBS}" --target json_decoder_fuzz csv_decoder_fuzz

WORK="$(mktemp -d /tmp/giamsat-fuzz.XXXXXX)"
status=0
for target in json csv; do
  corpus="${WORK}/${target}-corpus"
  mkdir -p "${corpus}"
  cp tests/fuzz/corpus/${target}/* "${corpus}/"
  log "running ${target}_decoder_fuzz for ${SECONDS_PER_TARGET} s"
  if ! (cd "${WORK}" &&
      ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:symbolize=1 \
      UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
      "${ROOT}/${BUILD_DIR}/tests/fuzz/${target}_decoder_fuzz" \
        -max_total_time="${SECONDS_PER_TARGET}" -timeout=10 -rss_limit_mb=2048 \
        -max_len=16384 -print_final_stats=1 \
        -dict="${ROOT}/tests/fuzz/${target}.dict" \
        -artifact_prefix="${WORK}/${target}-" "${corpus}" \
        >"${WORK}/${target}.log" 2>&1); then
    status=1
    tail -n 60 "${WORK}/${target}.log" >&2
    log "${target}_decoder_fuzz FAILED: log ${WORK}/${target}.log, inputs ${WORK}/${target}-*"
  else
    log "${target}_decoder_fuzz: $(grep -E 'stat::number_of_executed_units' "${WORK}/${target}.log" | awk '{print $2}') runs, no problem found"
  fi
done
if ((status == 0)); then rm -rf "${WORK}"; log "all fuzz targets passed"; fi
exit "${status}"
