#!/usr/bin/env bash
# install-deps.sh - idempotently install everything Giám sát needs to build and
# test on Debian 12: the apt packages below, plus two libraries Debian 12 does
# not ship in the version we need, each built from Debian's own (newer) source
# tarball, sha256-checked, into a cache prefix:
#   prometheus-cpp 1.0.2 (not packaged in Debian 12)
#   hiredis 1.2.0 with TLS (Debian 12 has 0.14, which has no TLS)
#
# Usage: install-deps.sh [--apt-only | --source-libs | --print-prefix]
#   (no option)     install apt packages, then build the source libraries if
#                   needed; the last line printed is
#                   GIAMSAT_PREFIX_PATH=<prefix>;<prefix> (a CMake list)
#   --apt-only      only the apt packages (used by stack.sh)
#   --source-libs   only build the source libraries (their build packages must
#                   be installed; used by deploy/docker/Dockerfile)
#   --print-prefix  print the CMake prefix path (;-separated) and exit
# Env: GIAMSAT_CACHE_DIR (default $HOME/.cache/giamsat)
set -euo pipefail

log() { printf '[deps] %s\n' "$*" >&2; }
die() { printf '[deps] ERROR: %s\n' "$*" >&2; exit 1; }

readonly PACKAGES=(
  build-essential cmake ninja-build pkg-config ccache git curl ca-certificates
  clang-format clang libclang-rt-14-dev libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev
  protobuf-compiler librdkafka-dev libabsl-dev libyaml-cpp-dev
  libspdlog-dev libfmt-dev libcli11-dev libcpp-httplib-dev libgtest-dev
  libgmock-dev libbenchmark-dev libcivetweb-dev civetweb zlib1g-dev libssl-dev
  nlohmann-json3-dev openssl python3 python3-yaml tzdata libcurl4-openssl-dev
  python3-aiosmtpd librocksdb-dev libjemalloc-dev
  redis-server redis-tools prometheus prometheus-alertmanager
  openjdk-17-jre-headless maven
)

readonly DEBIAN_POOL=http://deb.debian.org/debian/pool/main
CACHE_DIR="${GIAMSAT_CACHE_DIR:-${HOME:-/root}/.cache/giamsat}"

# name version pool-path sha256 cmake-config-to-check cmake-options...
readonly PCPP=(prometheus-cpp 1.0.2 p/prometheus-cpp
  65838fed64c4667140a574b78eb9f5c995bab80d575b082c9c677c6795c3c607
  lib/cmake/prometheus-cpp/prometheus-cpp-config.cmake
  -DENABLE_PUSH=OFF -DENABLE_TESTING=OFF -DUSE_THIRDPARTY_LIBRARIES=OFF
  -DENABLE_COMPRESSION=OFF)
readonly HIREDIS=(hiredis 1.2.0 h/hiredis
  82ad632d31ee05da13b537c124f819eb88e18851d9cb0c30ae0552084811588c
  lib/cmake/hiredis_ssl/hiredis_ssl-config.cmake
  -DENABLE_SSL=ON -DDISABLE_TESTS=ON -DENABLE_EXAMPLES=OFF)

prefix_of() { printf '%s/%s-%s' "${CACHE_DIR}" "$1" "$2"; }
PREFIX_PATH="$(prefix_of "${PCPP[0]}" "${PCPP[1]}");$(prefix_of "${HIREDIS[0]}" "${HIREDIS[1]}")"

mode=all
case "${1:-}" in
  "") ;;
  --apt-only) mode=apt ;;
  --source-libs) mode=src ;;
  --print-prefix) printf '%s\n' "${PREFIX_PATH}"; exit 0 ;;
  -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
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

# Builds one library from its Debian source tarball (static, PIC) into its
# prefix, unless the prefix already holds its CMake package config.
build_from_debian_source() {
  local name=$1 version=$2 pool=$3 sha256=$4 stamp_rel=$5
  shift 5
  local prefix stamp
  prefix="$(prefix_of "${name}" "${version}")"
  stamp="${prefix}/${stamp_rel}"
  if [[ -f ${stamp} ]]; then
    log "${name} ${version} already installed in ${prefix}"
    return 0
  fi
  mkdir -p "${CACHE_DIR}"
  # Serialise concurrent runs (e.g. two CI jobs sharing the cache).
  exec 8>"${CACHE_DIR}/.${name}.lock"
  flock 8
  if [[ -f ${stamp} ]]; then
    log "${name} ${version} installed by a concurrent run"
    exec 8>&-
    return 0
  fi

  local url="${DEBIAN_POOL}/${pool}/${name}_${version}.orig.tar.gz"
  local tarball="${CACHE_DIR}/${name}_${version}.orig.tar.gz"
  if [[ ! -f ${tarball} ]] || ! echo "${sha256}  ${tarball}" | sha256sum -c --status; then
    log "downloading ${url}"
    curl -fsSL --retry 3 -o "${tarball}.part" "${url}"
    echo "${sha256}  ${tarball}.part" | sha256sum -c --status \
      || { rm -f "${tarball}.part"; die "sha256 mismatch for ${url}"; }
    mv -f "${tarball}.part" "${tarball}"
  fi

  local work
  work="$(mktemp -d "${CACHE_DIR}/${name}-build.XXXXXX")"
  # shellcheck disable=SC2064  # expand ${work} now, on purpose
  trap "rm -rf '${work}'" EXIT
  tar -xzf "${tarball}" -C "${work}"
  local src="${work}/${name}-${version}"
  [[ -d ${src} ]] || die "unexpected tarball layout (no ${name}-${version}/)"

  log "building ${name} ${version}"
  (
    cd "${src}"
    cmake -S . -B build -G Ninja \
      -DCMAKE_BUILD_TYPE=Release \
      -DBUILD_SHARED_LIBS=OFF \
      -DCMAKE_POSITION_INDEPENDENT_CODE=ON \
      "$@" \
      -DCMAKE_INSTALL_PREFIX="${prefix}" >"${work}/cmake.log" 2>&1 \
      || { tail -n 40 "${work}/cmake.log" >&2; exit 1; }
    cmake --build build >"${work}/build.log" 2>&1 \
      || { tail -n 40 "${work}/build.log" >&2; exit 1; }
    # Stage with DESTDIR (keeps the real prefix baked into the installed
    # files), then move the finished tree into place in one rename.
    DESTDIR="${work}/stage" cmake --install build >"${work}/install.log" 2>&1 \
      || { tail -n 40 "${work}/install.log" >&2; exit 1; }
  ) || die "${name} build failed"

  local staged="${work}/stage${prefix}"
  [[ -f ${staged}/${stamp_rel} ]] \
    || die "${name} install produced no ${stamp_rel}"
  rm -rf "${prefix}"   # a leftover without the config file is incomplete
  mv "${staged}" "${prefix}"
  rm -rf "${work}"
  trap - EXIT
  exec 8>&-
  log "${name} ${version} installed in ${prefix}"
}

[[ ${mode} == src ]] || install_apt_packages
if [[ ${mode} != apt ]]; then
  build_from_debian_source "${PCPP[@]}"
  build_from_debian_source "${HIREDIS[@]}"
  printf 'GIAMSAT_PREFIX_PATH=%s\n' "${PREFIX_PATH}"
fi
