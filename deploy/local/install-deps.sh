#!/usr/bin/env bash
# install-deps.sh - idempotently install everything Giám sát needs to build and
# test on Debian 12: the apt packages below, plus prometheus-cpp (not packaged
# in Debian 12), built from Debian's own source tarball into a cache prefix.
#
# Usage: install-deps.sh [--apt-only | --prometheus-cpp | --print-prefix]
#   (no option)     install apt packages, then build prometheus-cpp if needed;
#                   the last line printed is GIAMSAT_PROMETHEUS_CPP_PREFIX=<prefix>
#   --apt-only      only the apt packages (used by stack.sh)
#   --prometheus-cpp only build prometheus-cpp (its build packages must be
#                   installed; used by deploy/docker/Dockerfile)
#   --print-prefix  print the prometheus-cpp prefix path and exit (no install)
# Env: GIAMSAT_CACHE_DIR (default $HOME/.cache/giamsat)
set -euo pipefail

log() { printf '[deps] %s\n' "$*" >&2; }
die() { printf '[deps] ERROR: %s\n' "$*" >&2; exit 1; }

readonly PACKAGES=(
  build-essential cmake ninja-build pkg-config ccache git curl ca-certificates
  clang-format clang libclang-rt-14-dev libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev
  protobuf-compiler librdkafka-dev libhiredis-dev libabsl-dev libyaml-cpp-dev
  libspdlog-dev libfmt-dev libcli11-dev libcpp-httplib-dev libgtest-dev
  libgmock-dev libbenchmark-dev libcivetweb-dev civetweb zlib1g-dev libssl-dev
  nlohmann-json3-dev openssl python3 python3-yaml tzdata libcurl4-openssl-dev
  python3-aiosmtpd librocksdb-dev
  redis-server redis-tools prometheus prometheus-alertmanager
  openjdk-17-jre-headless maven
)

readonly PCPP_VERSION=1.0.2
readonly PCPP_URL="http://deb.debian.org/debian/pool/main/p/prometheus-cpp/prometheus-cpp_${PCPP_VERSION}.orig.tar.gz"
readonly PCPP_SHA256=65838fed64c4667140a574b78eb9f5c995bab80d575b082c9c677c6795c3c607

CACHE_DIR="${GIAMSAT_CACHE_DIR:-${HOME:-/root}/.cache/giamsat}"
PCPP_PREFIX="${CACHE_DIR}/prometheus-cpp-${PCPP_VERSION}"
PCPP_STAMP="${PCPP_PREFIX}/lib/cmake/prometheus-cpp/prometheus-cpp-config.cmake"

mode=all
case "${1:-}" in
  "") ;;
  --apt-only) mode=apt ;;
  --prometheus-cpp) mode=pcpp ;;
  --print-prefix) printf '%s\n' "${PCPP_PREFIX}"; exit 0 ;;
  -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
  *) die "unknown option: $1 (try --help)" ;;
esac

SUDO=()
if [[ ${EUID} -ne 0 ]]; then
  command -v sudo >/dev/null 2>&1 || die "not root and sudo is not installed"
  SUDO=(sudo)
fi

install_apt_packages() {
  local missing=() pkg status
  for pkg in "${PACKAGES[@]}"; do
    status="$(dpkg-query -W -f='${db:Status-Status}' "${pkg}" 2>/dev/null || true)"
    [[ ${status} == installed ]] || missing+=("${pkg}")
  done
  if [[ ${#missing[@]} -eq 0 ]]; then
    log "all ${#PACKAGES[@]} apt packages already installed"
    return 0
  fi
  log "missing apt packages: ${missing[*]}"
  "${SUDO[@]}" apt-get update
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y --no-install-recommends "${PACKAGES[@]}"
  log "apt packages installed"
}

build_prometheus_cpp() {
  if [[ -f ${PCPP_STAMP} ]]; then
    log "prometheus-cpp ${PCPP_VERSION} already installed in ${PCPP_PREFIX}"
    return 0
  fi
  mkdir -p "${CACHE_DIR}"
  # Serialise concurrent runs (e.g. two CI jobs sharing the cache).
  exec 8>"${CACHE_DIR}/.prometheus-cpp.lock"
  flock 8
  if [[ -f ${PCPP_STAMP} ]]; then
    log "prometheus-cpp ${PCPP_VERSION} installed by a concurrent run"
    return 0
  fi

  local tarball="${CACHE_DIR}/prometheus-cpp_${PCPP_VERSION}.orig.tar.gz"
  if [[ ! -f ${tarball} ]] || ! echo "${PCPP_SHA256}  ${tarball}" | sha256sum -c --status; then
    log "downloading ${PCPP_URL}"
    curl -fsSL --retry 3 -o "${tarball}.part" "${PCPP_URL}"
    echo "${PCPP_SHA256}  ${tarball}.part" | sha256sum -c --status \
      || { rm -f "${tarball}.part"; die "sha256 mismatch for ${PCPP_URL}"; }
    mv -f "${tarball}.part" "${tarball}"
  fi

  local work
  work="$(mktemp -d "${CACHE_DIR}/prometheus-cpp-build.XXXXXX")"
  # shellcheck disable=SC2064  # expand ${work} now, on purpose
  trap "rm -rf '${work}'" EXIT
  tar -xzf "${tarball}" -C "${work}"
  local src="${work}/prometheus-cpp-${PCPP_VERSION}"
  [[ -d ${src} ]] || die "unexpected tarball layout (no prometheus-cpp-${PCPP_VERSION}/)"

  log "building prometheus-cpp ${PCPP_VERSION}"
  (
    cd "${src}"
    cmake -S . -B build -G Ninja \
      -DCMAKE_BUILD_TYPE=Release \
      -DBUILD_SHARED_LIBS=OFF \
      -DCMAKE_POSITION_INDEPENDENT_CODE=ON \
      -DENABLE_PUSH=OFF \
      -DENABLE_TESTING=OFF \
      -DUSE_THIRDPARTY_LIBRARIES=OFF \
      -DENABLE_COMPRESSION=OFF \
      -DCMAKE_INSTALL_PREFIX="${PCPP_PREFIX}" >"${work}/cmake.log" 2>&1 \
      || { tail -n 40 "${work}/cmake.log" >&2; exit 1; }
    cmake --build build >"${work}/build.log" 2>&1 \
      || { tail -n 40 "${work}/build.log" >&2; exit 1; }
    # Stage with DESTDIR (keeps the real prefix baked into the installed
    # files), then move the finished tree into place in one rename.
    DESTDIR="${work}/stage" cmake --install build >"${work}/install.log" 2>&1 \
      || { tail -n 40 "${work}/install.log" >&2; exit 1; }
  ) || die "prometheus-cpp build failed"

  local staged="${work}/stage${PCPP_PREFIX}"
  [[ -f ${staged}/lib/cmake/prometheus-cpp/prometheus-cpp-config.cmake ]] \
    || die "prometheus-cpp install produced no CMake package config"
  rm -rf "${PCPP_PREFIX}"   # a leftover without the config file is incomplete
  mv "${staged}" "${PCPP_PREFIX}"
  rm -rf "${work}"
  trap - EXIT
  log "prometheus-cpp ${PCPP_VERSION} installed in ${PCPP_PREFIX}"
}

[[ ${mode} == pcpp ]] || install_apt_packages
if [[ ${mode} != apt ]]; then
  build_prometheus_cpp
  printf 'GIAMSAT_PROMETHEUS_CPP_PREFIX=%s\n' "${PCPP_PREFIX}"
fi
