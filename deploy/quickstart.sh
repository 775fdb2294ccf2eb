#!/usr/bin/env bash
# Quick start of Giám sát on one machine:
#   deploy/quickstart.sh          installs what is missing, builds and starts
#                                 giamsat-standalone (the whole system in one
#                                 process on an embedded database: no JVM, no
#                                 servers; docs/standalone.md), sends the demo
#                                 events and prints the per-unit status it
#                                 gets back.
#   deploy/quickstart.sh --stack  the distributed mode instead: starts Kafka,
#                                 Redis, Prometheus and Alertmanager
#                                 (deploy/local/stack.sh) and the four
#                                 services, then the same demo.
#   deploy/quickstart.sh status   what is running
#   deploy/quickstart.sh down     stops everything it started (either mode)
#                                 and deletes its data
# Running it again reuses what is already running; the demo events carry
# fixed ids, so sending them twice changes no figure. Both modes serve the
# same ports, so one runs at a time.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "${ROOT}"
export GIAMSAT_STACK_DIR="${GIAMSAT_STACK_DIR:-/tmp/giamsat-quickstart}"
SERVICES_DIR="${GIAMSAT_STACK_DIR}/services"
LOG_DIR="${GIAMSAT_STACK_DIR}/logs"
BUILD_DIR="${GIAMSAT_BUILD_DIR:-${ROOT}/build}"
DEMO_FILE="${ROOT}/deploy/demo/events.jsonl"
DEMO_UNITS=(HN.UBND.YENHOA HN.UBND.HOANKIEM HN.SO.TNMT)
QUERY_ADDR=127.0.0.1:50052
INGESTOR_ADDR=127.0.0.1:50051
log() { echo "[quickstart] $*" >&2; }
die() { echo "[quickstart] ERROR: $*" >&2; exit 1; }

service_pid() {
  local pid
  pid="$(cat "${SERVICES_DIR}/$1.pid" 2>/dev/null)" || return 1
  [[ -r /proc/${pid}/cmdline ]] && tr '\0' ' ' <"/proc/${pid}/cmdline" |
    grep -q "giamsat-$1" || return 1
  echo "${pid}"
}

start_service() {
  local name=$1
  shift
  if pid="$(service_pid "${name}")"; then
    log "giamsat-${name} already running (pid ${pid})"
    return 0
  fi
  rm -f "${SERVICES_DIR}/${name}.ready"
  nohup "${BUILD_DIR}/services/${name}/giamsat-${name}" \
    --config "deploy/config/${name}.yaml" \
    --ready-file "${SERVICES_DIR}/${name}.ready" "$@" \
    >"${LOG_DIR}/giamsat-${name}.log" 2>&1 </dev/null &
  echo "$!" >"${SERVICES_DIR}/${name}.pid"
  local deadline=$((SECONDS + 60))
  until [[ -f ${SERVICES_DIR}/${name}.ready ]]; do
    if ! service_pid "${name}" >/dev/null; then
      tail -n 20 "${LOG_DIR}/giamsat-${name}.log" >&2 || true
      die "giamsat-${name} exited during start-up (log: ${LOG_DIR}/giamsat-${name}.log)"
    fi
    ((SECONDS < deadline)) || die "giamsat-${name} not ready within 60 s"
    sleep 0.2
  done
  log "giamsat-${name} started (pid $(cat "${SERVICES_DIR}/${name}.pid"))"
}

stop_services() {
  local name pid
  for name in standalone ingestor query rules escalator; do
    if pid="$(service_pid "${name}")"; then
      kill -TERM "${pid}" 2>/dev/null || true
      for _ in $(seq 1 150); do
        kill -0 "${pid}" 2>/dev/null || break
        sleep 0.1
      done
      kill -KILL "${pid}" 2>/dev/null || true
      log "giamsat-${name} stopped"
    fi
    rm -f "${SERVICES_DIR}/${name}.pid" "${SERVICES_DIR}/${name}.ready"
  done
}

cmd_status() {
  local name pid
  for name in standalone ingestor rules query escalator; do
    if pid="$(service_pid "${name}")"; then
      log "giamsat-${name}: running (pid ${pid})"
    else
      log "giamsat-${name}: stopped"
    fi
  done
  deploy/local/stack.sh status
}

cmd_down() {
  stop_services
  rm -rf "${GIAMSAT_STACK_DIR}/standalone-data"
  deploy/local/stack.sh down
}

# Installs what is missing and builds the given targets.
build() {
  log "installing what is missing"
  deploy/local/install-deps.sh >&2
  local prefix
  prefix="$(deploy/local/install-deps.sh --print-prefix)"
  log "building into ${BUILD_DIR}"
  cmake -S . -B "${BUILD_DIR}" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_PREFIX_PATH="${prefix}" >/dev/null
  cmake --build "${BUILD_DIR}" -j "$(nproc)" --target "$@"
}

# Sends the demo events and prints the status of the demo units once every
# receipt is counted.
send_demo() {
  local ctl="${BUILD_DIR}/services/ctl/giamsatctl"
  log "sending the demo events (${DEMO_FILE})"
  "${ctl}" --ingestor "${INGESTOR_ADDR}" send "${DEMO_FILE}"
  local expected
  expected="$(grep -c DOSSIER_RECEIVED "${DEMO_FILE}")"
  log "waiting for the rules engine to process them"
  local deadline=$((SECONDS + 60)) total
  while :; do
    total=0
    for unit in "${DEMO_UNITS[@]}"; do
      n="$("${ctl}" --query "${QUERY_ADDR}" status --unit "${unit}" --json |
        python3 -c 'import json,sys; print(json.load(sys.stdin)["dossiers"]["received"])')"
      total=$((total + n))
    done
    ((total >= expected)) && break
    ((SECONDS < deadline)) || die "only ${total} of ${expected} receipts visible after 60 s (logs: ${LOG_DIR})"
    sleep 0.5
  done
  for unit in "${DEMO_UNITS[@]}"; do
    "${ctl}" --query "${QUERY_ADDR}" status --unit "${unit}"
  done
}

cmd_up_standalone() {
  local pid
  for name in ingestor rules query escalator; do
    if pid="$(service_pid "${name}")"; then
      die "the distributed mode is running (giamsat-${name}, pid ${pid}): stop it first with deploy/quickstart.sh down"
    fi
  done
  build giamsat-standalone giamsatctl
  mkdir -p "${SERVICES_DIR}" "${LOG_DIR}"
  start_service standalone \
    --set "storage.data_dir=${GIAMSAT_STACK_DIR}/standalone-data"
  send_demo
  cat <<TXT

Giám sát is running in one process (giamsat-standalone, data in
${GIAMSAT_STACK_DIR}/standalone-data; docs/standalone.md).
  Query API (gRPC)     ${QUERY_ADDR}   giamsatctl --query ${QUERY_ADDR} status --unit HN.UBND.YENHOA
  Ingest API (gRPC)    ${INGESTOR_ADDR}   giamsatctl --ingestor ${INGESTOR_ADDR} send FILE.jsonl
  Ingest API (HTTP)    http://127.0.0.1:8080/v1/events
  Escalation (gRPC)    127.0.0.1:50053   giamsatctl audit --unit HN.UBND.YENHOA.VP
  Metrics              http://127.0.0.1:9464/metrics
  Log                  ${LOG_DIR}/giamsat-standalone.log
The distributed mode (Kafka, Redis, Prometheus, Alertmanager, four
services): deploy/quickstart.sh down && deploy/quickstart.sh --stack
Stop with: deploy/quickstart.sh down
TXT
}

cmd_up_stack() {
  if pid="$(service_pid standalone)"; then
    die "giamsat-standalone is running (pid ${pid}): stop it first with deploy/quickstart.sh down"
  fi
  build giamsat-ingestor giamsat-rules giamsat-query giamsat-escalator \
    giamsatctl

  log "starting Kafka, Redis, Prometheus and Alertmanager"
  eval "$(deploy/local/stack.sh up)"
  mkdir -p "${SERVICES_DIR}" "${LOG_DIR}"
  local kafka=(--set "kafka.bootstrap=${GIAMSAT_KAFKA_BOOTSTRAP}")
  local redis=(--set "redis.address=${GIAMSAT_REDIS_ADDR}")
  start_service rules "${kafka[@]}" "${redis[@]}"
  start_service query "${redis[@]}" --set "grpc.listen=${QUERY_ADDR}"
  start_service ingestor "${kafka[@]}" "${redis[@]}" --set "grpc.listen=${INGESTOR_ADDR}"
  start_service escalator "${kafka[@]}" "${redis[@]}" \
    --set "alertmanager.url=${GIAMSAT_ALERTMANAGER_URL}"
  cat >"${GIAMSAT_STACK_DIR}/prometheus/targets/giamsat.json" <<JSON
[{"targets": ["127.0.0.1:9464"], "labels": {"service": "giamsat-ingestor"}},
 {"targets": ["127.0.0.1:9465"], "labels": {"service": "giamsat-rules"}},
 {"targets": ["127.0.0.1:9466"], "labels": {"service": "giamsat-query"}},
 {"targets": ["127.0.0.1:9467"], "labels": {"service": "giamsat-escalator"}}]
JSON

  send_demo
  cat <<TXT

Giám sát is running.
  Query API (gRPC)     ${QUERY_ADDR}   giamsatctl --query ${QUERY_ADDR} status --unit HN.UBND.YENHOA
  Ingest API (gRPC)    ${INGESTOR_ADDR}   giamsatctl --ingestor ${INGESTOR_ADDR} send FILE.jsonl
  Ingest API (HTTP)    http://127.0.0.1:8080/v1/events
  Escalation (gRPC)    127.0.0.1:50053   giamsatctl audit --unit HN.UBND.YENHOA.VP
  Metrics              http://127.0.0.1:9464/metrics (ingestor)  :9465 (rules)  :9466 (query)  :9467 (escalator)
  Prometheus           ${GIAMSAT_PROMETHEUS_URL}   (targets: ${GIAMSAT_PROMETHEUS_URL}/targets, system alerts: ${GIAMSAT_PROMETHEUS_URL}/alerts)
  Alertmanager         ${GIAMSAT_ALERTMANAGER_URL}
  Logs                 ${LOG_DIR}

Grafana dashboards (City supervision, Unit detail, System health) are in
${ROOT}/deploy/grafana/dashboards/. In a Grafana (not started here):
  - import: Dashboards -> New -> Import, upload each JSON file, and choose a
    Prometheus datasource with URL ${GIAMSAT_PROMETHEUS_URL}; or
  - provision: copy deploy/grafana/provisioning/datasources/giamsat.yaml and
    deploy/grafana/provisioning/dashboards/giamsat.yaml into
    /etc/grafana/provisioning/{datasources,dashboards}/ and start Grafana with
    GIAMSAT_PROMETHEUS_URL=${GIAMSAT_PROMETHEUS_URL}
    GIAMSAT_GRAFANA_DASHBOARDS=${ROOT}/deploy/grafana/dashboards
See docs/observability.md.
Stop everything with: deploy/quickstart.sh down
TXT
}

mode=standalone
if [[ ${1:-} == --stack ]]; then
  mode=stack
  shift
fi
case "${1:-up}" in
  up) "cmd_up_${mode}" ;;
  down) cmd_down ;;
  status) cmd_status ;;
  *) echo "usage: deploy/quickstart.sh [--stack] [up|down|status]" >&2; exit 2 ;;
esac
