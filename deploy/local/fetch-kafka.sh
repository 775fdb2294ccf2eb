#!/usr/bin/env bash
# fetch-kafka.sh - download the Kafka broker jars (kafka_2.13 and all runtime
# dependencies, plus the log4j2 SLF4J binding) from Maven Central with Maven,
# into ${GIAMSAT_CACHE_DIR:-$HOME/.cache/giamsat}/kafka-<version>/libs.
# No-op when that directory is already complete (stamp file present).
#
# Usage: fetch-kafka.sh [--print-home]
#   --print-home  print the Kafka home directory and exit (no download)
# The last line printed is GIAMSAT_KAFKA_HOME=<dir> (jars are in <dir>/libs).
# Env: GIAMSAT_KAFKA_VERSION (default 4.1.1), GIAMSAT_CACHE_DIR
set -euo pipefail

log() { printf '[kafka-fetch] %s\n' "$*" >&2; }
die() { printf '[kafka-fetch] ERROR: %s\n' "$*" >&2; exit 1; }

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
VERSION="${GIAMSAT_KAFKA_VERSION:-4.1.1}"
CACHE_DIR="${GIAMSAT_CACHE_DIR:-${HOME:-/root}/.cache/giamsat}"
KAFKA_HOME="${CACHE_DIR}/kafka-${VERSION}"
STAMP="${KAFKA_HOME}/.complete"

case "${1:-}" in
  "") ;;
  --print-home) printf '%s\n' "${KAFKA_HOME}"; exit 0 ;;
  -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
  *) die "unknown option: $1 (try --help)" ;;
esac

done_msg() { printf 'GIAMSAT_KAFKA_HOME=%s\n' "${KAFKA_HOME}"; }

if [[ -f ${STAMP} ]]; then
  log "Kafka ${VERSION} jars already in ${KAFKA_HOME}/libs"
  done_msg
  exit 0
fi

if ! command -v mvn >/dev/null 2>&1 || ! command -v java >/dev/null 2>&1; then
  log "mvn/java missing, running install-deps.sh --apt-only"
  "${SCRIPT_DIR}/install-deps.sh" --apt-only
fi

mkdir -p "${CACHE_DIR}"
exec 8>"${CACHE_DIR}/.kafka-${VERSION}.lock"
flock 8
if [[ -f ${STAMP} ]]; then
  log "Kafka ${VERSION} jars fetched by a concurrent run"
  done_msg
  exit 0
fi

tmp="$(mktemp -d "${CACHE_DIR}/kafka-${VERSION}.tmp.XXXXXX")"
# shellcheck disable=SC2064  # expand ${tmp} now, on purpose
trap "rm -rf '${tmp}'" EXIT

log "fetching org.apache.kafka:kafka_2.13:${VERSION} and runtime dependencies"
# (the sed strips the stray ANSI resets Debian's Maven 3.8 prints even with -B)
mvn -q -B -Dstyle.color=never -f "${SCRIPT_DIR}/kafka/pom.xml" \
  -Dkafka.version="${VERSION}" \
  dependency:copy-dependencies \
  -DincludeScope=runtime \
  -DoutputDirectory="${tmp}/libs" 2>&1 \
  | sed 's/\x1b\[[0-9;]*m//g' >&2 \
  || die "mvn dependency:copy-dependencies failed for Kafka ${VERSION}"

[[ -f ${tmp}/libs/kafka_2.13-${VERSION}.jar ]] \
  || die "kafka_2.13-${VERSION}.jar missing after download"
compgen -G "${tmp}/libs/log4j-slf4j*-impl-*.jar" >/dev/null \
  || die "no log4j SLF4J binding after download"

count="$(find "${tmp}/libs" -name '*.jar' | wc -l)"
printf 'kafka_2.13 %s: %s jars\n' "${VERSION}" "${count}" >"${tmp}/.complete"
chmod 755 "${tmp}"
rm -rf "${KAFKA_HOME}"   # without the stamp it is incomplete
mv "${tmp}" "${KAFKA_HOME}"
trap - EXIT
log "Kafka ${VERSION}: ${count} jars in ${KAFKA_HOME}/libs"
done_msg
