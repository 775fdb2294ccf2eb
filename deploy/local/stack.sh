#!/usr/bin/env bash
# stack.sh - run the local backing services of Giám sát as plain background
# processes (no Docker, no systemd): Kafka (single-node KRaft), Redis,
# Prometheus and Alertmanager, all on 127.0.0.1, all state under one directory.
#
# Usage: stack.sh up [--free-ports] [COMPONENT...]
#        stack.sh down|status|env [COMPONENT...]
#   COMPONENT: kafka redis prometheus alertmanager (default: all four)
#   up      start what is not running (reusing what is), wait until ready,
#           write $GIAMSAT_STACK_DIR/stack.env and print its export lines on
#           stdout (progress goes to stderr), so `eval "$(stack.sh up)"` works
#   down    stop (SIGTERM, bounded wait, then SIGKILL) and delete data dirs
#   status  one line per component: running (pid, port) or stopped; exit 0
#   env     print $GIAMSAT_STACK_DIR/stack.env
# Env: GIAMSAT_STACK_DIR (default /tmp/giamsat-stack), GIAMSAT_KAFKA_PORT,
#   GIAMSAT_KAFKA_CONTROLLER_PORT, GIAMSAT_REDIS_PORT, GIAMSAT_PROMETHEUS_PORT,
#   GIAMSAT_ALERTMANAGER_PORT, GIAMSAT_STACK_TIMEOUT (readiness, default 120 s),
#   GIAMSAT_STACK_STOP_TIMEOUT (default 30 s), GIAMSAT_KAFKA_VERSION,
#   GIAMSAT_KAFKA_HEAP_OPTS, GIAMSAT_CACHE_DIR, JAVA_HOME. See README.md.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "${SCRIPT_DIR}/../.." && pwd)"
STACK_DIR="$(realpath -m "${GIAMSAT_STACK_DIR:-/tmp/giamsat-stack}")"
RUN_DIR="${STACK_DIR}/run"
LOG_DIR="${STACK_DIR}/logs"
ENV_FILE="${STACK_DIR}/stack.env"
READY_TIMEOUT="${GIAMSAT_STACK_TIMEOUT:-120}"
STOP_TIMEOUT="${GIAMSAT_STACK_STOP_TIMEOUT:-30}"
KAFKA_HEAP_OPTS="${GIAMSAT_KAFKA_HEAP_OPTS:--Xms256m -Xmx512m}"
RULES_DIR="${REPO_ROOT}/deploy/prometheus/rules"
ALERTMANAGER_CONFIG="${REPO_ROOT}/deploy/alertmanager/alertmanager.yml"

readonly ALL_COMPONENTS=(kafka redis prometheus alertmanager)

log() { printf '[stack] %s\n' "$*" >&2; }
die() { printf '[stack] ERROR: %s\n' "$*" >&2; exit 1; }
usage() { sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//' >&2; }

# --------------------------------------------------------------------------
# ports

declare -A PORT=()      # port name -> port (for this invocation)
CHOSEN_PORTS=()         # ports handed out by --free-ports in this run
FREE_PORTS=0

port_env_var() {
  case $1 in
    kafka) echo GIAMSAT_KAFKA_PORT ;;
    kafka-controller) echo GIAMSAT_KAFKA_CONTROLLER_PORT ;;
    redis) echo GIAMSAT_REDIS_PORT ;;
    prometheus) echo GIAMSAT_PROMETHEUS_PORT ;;
    alertmanager) echo GIAMSAT_ALERTMANAGER_PORT ;;
  esac
}

default_port() {
  case $1 in
    kafka) echo 19092 ;;
    kafka-controller) echo 19093 ;;
    redis) echo 16379 ;;
    prometheus) echo 19090 ;;
    alertmanager) echo 19094 ;;
  esac
}

# Port names a component listens on.
component_ports() {
  if [[ $1 == kafka ]]; then echo kafka kafka-controller; else echo "$1"; fi
}

recorded_port() { cat "${RUN_DIR}/$1.port" 2>/dev/null || true; }

# True when something accepts TCP connections on 127.0.0.1:$1.
port_open() { (: <>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

pick_free_port() {
  local p i
  for ((i = 0; i < 200; i++)); do
    if command -v python3 >/dev/null 2>&1; then
      p="$(python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])' 2>/dev/null)" || p=""
    fi
    [[ -n ${p} ]] || p=$((20000 + RANDOM % 30000))
    if [[ " ${CHOSEN_PORTS[*]} " != *" ${p} "* ]] && ! port_open "${p}"; then
      CHOSEN_PORTS+=("${p}")
      REPLY="${p}"
      return 0
    fi
    p=""
  done
  die "could not find a free loopback port"
}

# Port for a component that is about to be started: explicit env var, else a
# free port (--free-ports), else the default.
choose_port() {
  local name=$1 var
  var="$(port_env_var "${name}")"
  if [[ -n ${!var:-} ]]; then
    [[ ${!var} =~ ^[0-9]+$ ]] || die "${var}=${!var} is not a port number"
    PORT[${name}]="${!var}"
  elif ((FREE_PORTS)); then
    pick_free_port
    PORT[${name}]="${REPLY}"
  else
    PORT[${name}]="$(default_port "${name}")"
  fi
}

# Port of a component we only refer to (not start): recorded if running,
# else env var / default.
reference_port() {
  local name=$1 comp=$1 var
  [[ ${name} == kafka-controller ]] && comp=kafka
  [[ -n ${PORT[${name}]:-} ]] && return 0
  if is_running "${comp}" && [[ -n $(recorded_port "${name}") ]]; then
    PORT[${name}]="$(recorded_port "${name}")"
  else
    var="$(port_env_var "${name}")"
    PORT[${name}]="${!var:-$(default_port "${name}")}"
  fi
}

# --------------------------------------------------------------------------
# processes

CMDLINE=""
# Alive and not a zombie.
# (Builtins only: this runs for every process on `down`.)
pid_alive() {
  local pid=$1 stat="" state
  [[ ${pid} =~ ^[0-9]+$ ]] || return 1
  { read -r stat <"/proc/${pid}/stat"; } 2>/dev/null || return 1
  state="${stat##*) }"
  state="${state%% *}"
  [[ -n ${state} && ${state} != Z && ${state} != X ]]
}

# Sets CMDLINE to the space-joined command line of pid $1.
read_cmdline() {
  local -a args=()
  { mapfile -d '' -t args <"/proc/$1/cmdline"; } 2>/dev/null || true
  CMDLINE="${args[*]}"
}

# A string that only this state dir's process of the component has on its
# command line (redis rewrites its process title, so it is checked apart).
declare -A MARKER=(
  [kafka]="kafka.Kafka ${STACK_DIR}/kafka/server.properties"
  [prometheus]="--config.file=${STACK_DIR}/prometheus/prometheus.yml"
  [alertmanager]="--config.file=${STACK_DIR}/alertmanager/alertmanager.yml"
)

pid_is_component() {
  local comp=$1 pid=$2 comm="" port
  pid_alive "${pid}" || return 1
  read_cmdline "${pid}"
  if [[ ${comp} == redis ]]; then
    { read -r comm <"/proc/${pid}/comm"; } 2>/dev/null || return 1
    [[ ${comm} == redis-server* ]] || return 1
    port="$(recorded_port redis)"
    [[ -n ${port} && (${CMDLINE} == *"127.0.0.1:${port}"* || ${CMDLINE} == *"--port ${port} "*) ]]
  else
    [[ ${CMDLINE} == *"${MARKER[${comp}]}"* ]]
  fi
}

# Prints the pid of the running component, fails if it is not running.
component_pid() {
  local pid
  pid="$(cat "${RUN_DIR}/$1.pid" 2>/dev/null)" || return 1
  pid_is_component "$1" "${pid}" || return 1
  echo "${pid}"
}

is_running() { component_pid "$1" >/dev/null; }

# All live pids of a component: the recorded one plus any other process that
# is this state dir's instance of it (e.g. after a lost pid file).
component_pids() {
  local comp=$1 p pids=()
  if p="$(component_pid "${comp}")"; then pids+=("${p}"); fi
  for p in /proc/[0-9]*; do
    p="${p#/proc/}"
    [[ ${p} == "$$" || " ${pids[*]} " == *" ${p} "* ]] && continue
    pid_is_component "${comp}" "${p}" && pids+=("${p}")
  done
  echo "${pids[*]}"
}

rotate_log() {
  local f="${LOG_DIR}/$1.log"
  if [[ -s ${f} ]]; then mv -f "${f}" "${f}.prev"; fi
  : >"${f}"
}

# Start "$@" in the background for component $1, logging to logs/$1.log.
spawn() {
  local comp=$1
  shift
  nohup "$@" >>"${LOG_DIR}/${comp}.log" 2>&1 </dev/null 9>&- &
  echo "$!" >"${RUN_DIR}/${comp}.pid"
}

log_tail() {
  local f="${LOG_DIR}/$1.log"
  log "last 30 lines of ${f}:"
  tail -n 30 "${f}" 2>/dev/null | sed 's/^/    /' >&2 || true
}

# Stop the given pids: SIGTERM, wait up to $2 s, then SIGKILL.
stop_pids() {
  local label=$1 timeout=$2 pid alive deadline
  shift 2
  [[ $# -gt 0 ]] || return 0
  kill -TERM "$@" 2>/dev/null || true
  deadline=$((SECONDS + timeout))
  while :; do
    alive=()
    for pid in "$@"; do pid_alive "${pid}" && alive+=("${pid}"); done
    if [[ ${#alive[@]} -eq 0 ]]; then
      wait_reaped "$@"
      return 0
    fi
    ((SECONDS < deadline)) || break
    sleep 0.2
  done
  log "${label}: still running after ${timeout}s, sending SIGKILL to ${alive[*]}"
  kill -KILL "${alive[@]}" 2>/dev/null || true
  deadline=$((SECONDS + 10))
  for pid in "${alive[@]}"; do
    while pid_alive "${pid}" && ((SECONDS < deadline)); do sleep 0.1; done
    pid_alive "${pid}" && log "${label}: pid ${pid} survived SIGKILL"
  done
  wait_reaped "$@"
  return 0
}

# Dead processes are reparented to PID 1, which may take a moment to reap
# them; wait (bounded) so that `ps` right after `down` shows no <defunct>.
wait_reaped() {
  local pid deadline=$((SECONDS + 5))
  for pid in "$@"; do
    while [[ -e /proc/${pid} ]] && ! pid_alive "${pid}" && ((SECONDS < deadline)); do
      sleep 0.1
    done
  done
}

# --------------------------------------------------------------------------
# tools

ensure_tools() {
  local missing=0 t
  for t in "$@"; do command -v "${t}" >/dev/null 2>&1 || missing=1; done
  if ((missing)); then
    log "missing one of: $* - running install-deps.sh --apt-only"
    "${SCRIPT_DIR}/install-deps.sh" --apt-only >&2 9>&- || return 1
    for t in "$@"; do command -v "${t}" >/dev/null 2>&1 || return 1; done
  fi
}

JAVA=""
ensure_java() {
  if [[ -n ${JAVA_HOME:-} && -x ${JAVA_HOME}/bin/java ]]; then
    JAVA="${JAVA_HOME}/bin/java"
  else
    ensure_tools java || return 1
    JAVA="$(command -v java)"
  fi
}

# --------------------------------------------------------------------------
# kafka

KAFKA_LIBS=""
kafka_prepare() {
  local home
  ensure_java || { FAIL_REASON="java not available"; return 1; }
  "${SCRIPT_DIR}/fetch-kafka.sh" >/dev/null 9>&- \
    || { FAIL_REASON="fetching the Kafka jars failed"; return 1; }
  home="$("${SCRIPT_DIR}/fetch-kafka.sh" --print-home)"
  KAFKA_LIBS="${home}/libs"
}

write_kafka_config() {
  local dir=$1 data=$2
  cat >"${dir}/server.properties" <<EOF
# Generated by deploy/local/stack.sh - single-node KRaft broker+controller.
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=127.0.0.1:${PORT[kafka-controller]}
listeners=PLAINTEXT://127.0.0.1:${PORT[kafka]},CONTROLLER://127.0.0.1:${PORT[kafka-controller]}
advertised.listeners=PLAINTEXT://127.0.0.1:${PORT[kafka]},CONTROLLER://127.0.0.1:${PORT[kafka-controller]}
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=${data}
num.partitions=3
default.replication.factor=1
min.insync.replicas=1
auto.create.topics.enable=true
offsets.topic.replication.factor=1
offsets.topic.num.partitions=3
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
log.retention.hours=24
EOF
  cat >"${dir}/log4j2.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<!-- Generated by deploy/local/stack.sh: everything to stdout (logs/kafka.log). -->
<Configuration status="WARN">
  <Appenders>
    <Console name="STDOUT" target="SYSTEM_OUT">
      <PatternLayout pattern="[%d] %p %m (%c)%n"/>
    </Console>
  </Appenders>
  <Loggers>
    <Logger name="kafka.request.logger" level="WARN"/>
    <Logger name="state.change.logger" level="WARN"/>
    <Logger name="kafka.log.LogCleaner" level="WARN"/>
    <Root level="${sys:giamsat.log.level:-INFO}">
      <AppenderRef ref="STDOUT"/>
    </Root>
  </Loggers>
</Configuration>
EOF
}

start_kafka() {
  local dir="${STACK_DIR}/kafka" data cluster_id
  kafka_prepare || return 1
  rotate_log kafka
  mkdir -p "${dir}"
  rm -rf "${dir}"/data.*
  data="$(mktemp -d "${dir}/data.XXXXXX")"
  write_kafka_config "${dir}" "${data}"
  # A Kafka cluster id is 16 random bytes in unpadded URL-safe base64. The
  # first character is forced to a letter: an id starting with "-" would
  # read as an option.
  cluster_id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')"
  cluster_id="A${cluster_id:1}"
  if ! "${JAVA}" -Xmx256m -XX:TieredStopAtLevel=1 \
      -Dlog4j2.configurationFile="${dir}/log4j2.xml" -Dgiamsat.log.level=WARN \
      -cp "${KAFKA_LIBS}/*" kafka.tools.StorageTool format --standalone \
      -t "${cluster_id}" -c "${dir}/server.properties" \
      >>"${LOG_DIR}/kafka.log" 2>&1 9>&-; then
    log_tail kafka
    FAIL_REASON="formatting the KRaft storage failed"
    return 1
  fi
  local -a heap
  read -r -a heap <<<"${KAFKA_HEAP_OPTS}"
  spawn kafka "${JAVA}" "${heap[@]}" -server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
    -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent \
    -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="${dir}/log4j2.xml" \
    -Dkafka.logs.dir="${LOG_DIR}" \
    -cp "${KAFKA_LIBS}/*" kafka.Kafka "${dir}/server.properties"
}

ready_kafka() {
  port_open "${PORT[kafka]}" \
    && grep -q 'Kafka Server started' "${LOG_DIR}/kafka.log" 2>/dev/null
}

# --------------------------------------------------------------------------
# redis

start_redis() {
  ensure_tools redis-server redis-cli || { FAIL_REASON="redis-server not available"; return 1; }
  rotate_log redis
  rm -rf "${STACK_DIR}/redis"
  mkdir -p "${STACK_DIR}/redis"
  spawn redis redis-server --bind 127.0.0.1 --port "${PORT[redis]}" \
    --daemonize no --save "" --appendonly no --protected-mode yes \
    --dir "${STACK_DIR}/redis"
}

ready_redis() {
  [[ $(redis-cli -h 127.0.0.1 -p "${PORT[redis]}" ping 2>/dev/null) == PONG ]]
}

# --------------------------------------------------------------------------
# prometheus

render_prometheus_config() {
  echo "# Generated by deploy/local/stack.sh"
  cat <<EOF
global:
  scrape_interval: 5s
  scrape_timeout: 4s
  evaluation_interval: 5s
EOF
  if [[ -d ${RULES_DIR} ]]; then
    cat <<EOF
rule_files:
  - "${RULES_DIR}/*.yml"
EOF
  fi
  cat <<EOF
alerting:
  alertmanagers:
    - static_configs:
        - targets: ["127.0.0.1:${PORT[alertmanager]}"]
scrape_configs:
  - job_name: prometheus
    static_configs:
      - targets: ["127.0.0.1:${PORT[prometheus]}"]
  - job_name: giamsat
    honor_labels: true
    file_sd_configs:
      - files: ["${STACK_DIR}/prometheus/targets/*.json"]
        refresh_interval: 5s
EOF
}

start_prometheus() {
  local dir="${STACK_DIR}/prometheus"
  ensure_tools prometheus curl || { FAIL_REASON="prometheus not available"; return 1; }
  rotate_log prometheus
  rm -rf "${dir}/data"
  mkdir -p "${dir}/data" "${dir}/targets"
  render_prometheus_config >"${dir}/prometheus.yml"
  spawn prometheus prometheus \
    --config.file="${dir}/prometheus.yml" \
    --web.listen-address="127.0.0.1:${PORT[prometheus]}" \
    --storage.tsdb.path="${dir}/data" \
    --storage.tsdb.retention.time=1d \
    --rules.alert.resend-delay=5s \
    --web.enable-lifecycle
}

http_ready() { curl -sf -o /dev/null --max-time 2 "http://127.0.0.1:$1/-/ready"; }
ready_prometheus() { http_ready "${PORT[prometheus]}"; }

# A running Prometheus whose config is stale (e.g. Alertmanager came back on
# another port) gets the new config and a reload; with $1 = force it is
# reloaded anyway (so `up` of a running Prometheus re-reads the rule files).
refresh_prometheus_config() {
  local dir="${STACK_DIR}/prometheus" new
  is_running prometheus || return 0
  new="$(render_prometheus_config)"
  if [[ ${new} != "$(cat "${dir}/prometheus.yml" 2>/dev/null)" ]]; then
    printf '%s\n' "${new}" >"${dir}/prometheus.yml.tmp"
    mv -f "${dir}/prometheus.yml.tmp" "${dir}/prometheus.yml"
  elif [[ ${1:-} != force ]]; then
    return 0
  fi
  if curl -sf -o /dev/null --max-time 10 -X POST "http://127.0.0.1:${PORT[prometheus]}/-/reload"; then
    log "prometheus: configuration reloaded"
  else
    return 1
  fi
}

# --------------------------------------------------------------------------
# alertmanager

start_alertmanager() {
  local dir="${STACK_DIR}/alertmanager"
  ensure_tools prometheus-alertmanager curl \
    || { FAIL_REASON="prometheus-alertmanager not available"; return 1; }
  rotate_log alertmanager
  rm -rf "${dir}/data"
  mkdir -p "${dir}/data"
  if [[ -f ${ALERTMANAGER_CONFIG} ]]; then
    cp "${ALERTMANAGER_CONFIG}" "${dir}/alertmanager.yml"
  else
    cat >"${dir}/alertmanager.yml" <<'EOF'
# Generated by deploy/local/stack.sh - alerts are accepted and dropped.
route:
  receiver: "null"
  group_wait: 1s
  group_interval: 5s
  repeat_interval: 1h
receivers:
  - name: "null"
EOF
  fi
  spawn alertmanager prometheus-alertmanager \
    --config.file="${dir}/alertmanager.yml" \
    --storage.path="${dir}/data" \
    --web.listen-address="127.0.0.1:${PORT[alertmanager]}" \
    --cluster.listen-address=
}

ready_alertmanager() { http_ready "${PORT[alertmanager]}"; }

# --------------------------------------------------------------------------
# commands

write_env() {
  local tmp="${ENV_FILE}.tmp" comp port
  : >"${tmp}"
  for comp in "${ALL_COMPONENTS[@]}"; do
    is_running "${comp}" || continue
    port="$(recorded_port "${comp}")"
    case ${comp} in
      kafka) echo "export GIAMSAT_KAFKA_BOOTSTRAP=127.0.0.1:${port}" ;;
      redis) echo "export GIAMSAT_REDIS_ADDR=127.0.0.1:${port}" ;;
      prometheus) echo "export GIAMSAT_PROMETHEUS_URL=http://127.0.0.1:${port}" ;;
      alertmanager) echo "export GIAMSAT_ALERTMANAGER_URL=http://127.0.0.1:${port}" ;;
    esac >>"${tmp}"
  done
  if [[ -s ${tmp} ]]; then mv -f "${tmp}" "${ENV_FILE}"; else rm -f "${tmp}" "${ENV_FILE}"; fi
}

lock_state_dir() {
  mkdir -p "${STACK_DIR}" "${RUN_DIR}" "${LOG_DIR}"
  exec 9>"${STACK_DIR}/.lock"
  flock -w 600 9 || die "another stack.sh holds ${STACK_DIR}/.lock"
}

now() { echo "${EPOCHREALTIME}"; }
elapsed_since() { awk -v a="$1" -v b="${EPOCHREALTIME}" 'BEGIN { printf "%.1f", b - a }'; }

cmd_up() {
  local comp name var started=() reused=() failures=() pid t0 deadline ok
  declare -A start_time=()
  lock_state_dir

  # 1. ports: running components keep theirs, the others get new ones.
  for comp in "$@"; do
    for name in $(component_ports "${comp}"); do
      if is_running "${comp}"; then
        PORT[${name}]="$(recorded_port "${name}")"
        var="$(port_env_var "${name}")"
        if [[ -n ${!var:-} && ${!var} != "${PORT[${name}]}" ]]; then
          log "${comp}: already running on ${PORT[${name}]}, ignoring ${var}=${!var}"
        fi
      else
        choose_port "${name}"
      fi
    done
  done
  reference_port alertmanager
  reference_port prometheus

  # 2. start (Kafka first: it is the slowest to become ready).
  for comp in "$@"; do
    if pid="$(component_pid "${comp}")"; then
      log "${comp}: already running (pid ${pid}), reusing it"
      reused+=("${comp}")
      continue
    fi
    FAIL_REASON=""
    ok=1
    for name in $(component_ports "${comp}"); do
      if port_open "${PORT[${name}]}"; then
        FAIL_REASON="port 127.0.0.1:${PORT[${name}]} is already in use by another process"
        ok=0
      fi
    done
    start_time[${comp}]="$(now)"
    if ((ok)); then
      for name in $(component_ports "${comp}"); do
        echo "${PORT[${name}]}" >"${RUN_DIR}/${name}.port"
      done
    fi
    if ((ok)) && "start_${comp}"; then
      log "${comp}: starting on 127.0.0.1:${PORT[${comp}]} (pid $(cat "${RUN_DIR}/${comp}.pid"))"
      started+=("${comp}")
    else
      failures+=("${comp}: ${FAIL_REASON:-failed to start}")
    fi
  done

  # 3. wait until each is ready (polling, bounded); Kafka last.
  local -a to_wait=()
  for comp in redis prometheus alertmanager kafka; do
    [[ " ${reused[*]} ${started[*]} " == *" ${comp} "* ]] && to_wait+=("${comp}")
  done
  for comp in "${to_wait[@]}"; do
    deadline=$((SECONDS + READY_TIMEOUT))
    ok=0
    while :; do
      # During start-up the recorded pid may still be the launching shell or
      # a process that has not renamed itself yet: alive is what counts.
      if ! pid_alive "$(cat "${RUN_DIR}/${comp}.pid" 2>/dev/null)"; then
        failures+=("${comp}: exited during startup (log: ${LOG_DIR}/${comp}.log)")
        log_tail "${comp}"
        break
      fi
      if "ready_${comp}"; then ok=1; break; fi
      if ((SECONDS >= deadline)); then
        failures+=("${comp}: not ready within ${READY_TIMEOUT}s (log: ${LOG_DIR}/${comp}.log)")
        log_tail "${comp}"
        # shellcheck disable=SC2046  # word splitting of the pid list is wanted
        stop_pids "${comp}" "${STOP_TIMEOUT}" $(component_pids "${comp}")
        break
      fi
      sleep 0.2
    done
    if ((ok)); then
      t0="${start_time[${comp}]:-}"
      if [[ -n ${t0} ]]; then
        log "${comp}: ready on 127.0.0.1:${PORT[${comp}]} after $(elapsed_since "${t0}")s"
      else
        log "${comp}: ready on 127.0.0.1:${PORT[${comp}]}"
      fi
    fi
  done
  for comp in "$@"; do
    is_running "${comp}" || rm -f "${RUN_DIR}/${comp}.pid"
  done

  local force=""
  [[ " ${reused[*]} " == *" prometheus "* ]] && force=force
  refresh_prometheus_config "${force}" \
    || failures+=("prometheus: reloading its configuration failed, bad rule files? (log: ${LOG_DIR}/prometheus.log)")
  write_env
  [[ -f ${ENV_FILE} ]] && cat "${ENV_FILE}"
  if [[ ${#failures[@]} -gt 0 ]]; then
    local f
    for f in "${failures[@]}"; do printf '[stack] ERROR: %s\n' "${f}" >&2; done
    return 1
  fi
  log "up: $* ready (env: ${ENV_FILE})"
}

cmd_down() {
  local comp pids
  declare -A comp_pids=()
  lock_state_dir
  for comp in "$@"; do
    pids="$(component_pids "${comp}")"
    comp_pids[${comp}]="${pids}"
    if [[ -n ${pids} ]]; then
      # shellcheck disable=SC2086  # word splitting of the pid list is wanted
      kill -TERM ${pids} 2>/dev/null || true
    fi
  done
  for comp in "$@"; do
    if [[ -n ${comp_pids[${comp}]} ]]; then
      # shellcheck disable=SC2086
      stop_pids "${comp}" "${STOP_TIMEOUT}" ${comp_pids[${comp}]}
      log "${comp}: stopped (pid ${comp_pids[${comp}]})"
    else
      log "${comp}: not running"
    fi
    rm -f "${RUN_DIR}/${comp}.pid"
    case ${comp} in
      kafka) rm -rf "${STACK_DIR}/kafka"/data.* ; rm -f "${RUN_DIR}"/kafka*.port ;;
      redis) rm -rf "${STACK_DIR}/redis" ; rm -f "${RUN_DIR}/redis.port" ;;
      prometheus) rm -rf "${STACK_DIR}/prometheus/data" ; rm -f "${RUN_DIR}/prometheus.port" ;;
      alertmanager) rm -rf "${STACK_DIR}/alertmanager/data" ; rm -f "${RUN_DIR}/alertmanager.port" ;;
    esac
  done
  write_env
}

cmd_status() {
  local comp pid
  for comp in "$@"; do
    if pid="$(component_pid "${comp}")"; then
      if [[ ${comp} == kafka ]]; then
        echo "[stack] kafka: running (pid ${pid}, port $(recorded_port kafka), controller port $(recorded_port kafka-controller))"
      else
        echo "[stack] ${comp}: running (pid ${pid}, port $(recorded_port "${comp}"))"
      fi
    else
      echo "[stack] ${comp}: stopped"
    fi
  done
}

cmd_env() {
  [[ -f ${ENV_FILE} ]] || die "no ${ENV_FILE}: nothing is up (run: stack.sh up)"
  cat "${ENV_FILE}"
}

main() {
  local cmd=${1:-} arg comp
  local -a requested=() comps=()
  [[ $# -gt 0 ]] && shift
  case ${cmd} in
    up | down | status | env) ;;
    -h | --help | help) usage; exit 0 ;;
    "") usage; exit 2 ;;
    *) usage; die "unknown command: ${cmd}" ;;
  esac
  for arg in "$@"; do
    case ${arg} in
      --free-ports)
        [[ ${cmd} == up ]] || die "--free-ports only applies to up"
        FREE_PORTS=1 ;;
      kafka | redis | prometheus | alertmanager) requested+=("${arg}") ;;
      all) requested+=("${ALL_COMPONENTS[@]}") ;;
      *) die "unknown component or option: ${arg} (components: ${ALL_COMPONENTS[*]})" ;;
    esac
  done
  [[ ${#requested[@]} -gt 0 ]] || requested=("${ALL_COMPONENTS[@]}")
  # Canonical order, no duplicates.
  for comp in "${ALL_COMPONENTS[@]}"; do
    [[ " ${requested[*]} " == *" ${comp} "* ]] && comps+=("${comp}")
  done
  "cmd_${cmd}" "${comps[@]}"
}

main "$@"
