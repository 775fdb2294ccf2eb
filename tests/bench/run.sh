#!/usr/bin/env bash
# Every benchmark of issue 11, one command, from the repository root after a
# build (targets: giamsat-rules giamsat-query giamsat-loadgen engine_bench
# timer_bench rules_bench_tool giamsat-bench-echo giamsat-ingestor
# giamsat-standalone giamsatctl):
#
#   tests/bench/run.sh [--smoke] [BUILD_DIR]      # default BUILD_DIR: build
#
# --smoke runs each benchmark at a tiny size (CI proves they still work; the
# figures mean nothing). Otherwise the sizes below apply; override them with
# the environment variables named in brackets.
#   1. rules throughput: events per CPU-second of giamsat-rules over a
#      synthetic year (giamsat-loadgen) on real Kafka + Redis, divided by a
#      minimal librdkafka consume-and-parse loop over the same topics (the
#      median of [BASE_RUNS, default 5] runs of it: it varies by a third
#      from run to run)
#   2. engine core: events per CPU-second and memory per open dossier at
#      1M and 10M open dossiers [ENGINE_SIZES], vs a Redis hash per dossier
#   3. timers: TimerIndex vs std::priority_queue at 10M pending, with the
#      changes made in batches of 64 (as the rules service applies a batch
#      of events' timer changes) and one at a time
#      [TIMER_PENDING, TIMER_STEPS; 2^24 steps of 1 ms are one turn of the
#      wheel's level that holds most of the 10M, so every cascade a timer
#      goes through is in the window]
#   4. deadline alert latency p50 / p99 with 1M pending timers [OPEN, NEAR]
#   5. recovery after kill -9 with those open dossiers, vs a plain reader of
#      the same state; [RECOVERY_RUNS, default 3] kills, restarts and reads,
#      the medians compared (a single restart varies by up to a second)
#   6. replay of a synthetic year of Hanoi [YEAR_DOSSIERS dossiers]
#   7. query: tests/bench/query/run.sh [QUERY_UNITS, QUERY_DOSSIERS,
#      QUERY_CALLS]
#   8. standalone vs distributed on the same workload: a synthetic month
#      [MODE_DOSSIERS dossiers] imported with giamsatctl, events per
#      CPU-second of giamsat-standalone next to giamsat-ingestor +
#      giamsat-rules on Kafka and Redis
# ONLY="6 7" runs just the benchmarks named (1 and 6 are one run; 5 needs
# 4, which then runs too).
# Prints one table per benchmark, writes every figure to RESULTS (default
# BUILD_DIR/bench-results.json) and ends with one summary table of every
# figure, its baseline, ratio and goal (tests/bench/summary.py RESULTS
# prints it again). Starts its own Kafka and Redis
# (deploy/local/stack.sh, own stack dir, free ports).
set -euo pipefail
cd "$(dirname "$0")/../.."
SMOKE=0
BUILD_DIR=build
for arg in "$@"; do
  case "$arg" in
    --smoke) SMOKE=1 ;;
    *) BUILD_DIR="$arg" ;;
  esac
done
if ((SMOKE)); then
  : "${YEAR_DOSSIERS:=2000}" "${ENGINE_SIZES:=20000}" "${TIMER_PENDING:=100000}"
  : "${TIMER_STEPS:=100000}" "${OPEN:=2000}" "${NEAR:=50}"
  : "${QUERY_UNITS:=20}" "${QUERY_DOSSIERS:=2000}" "${QUERY_CALLS:=500}"
  : "${MODE_DOSSIERS:=1000}"
else
  : "${YEAR_DOSSIERS:=1000000}" "${ENGINE_SIZES:=1000000,10000000}"
  : "${TIMER_PENDING:=10000000}" "${TIMER_STEPS:=16777216}" "${OPEN:=1000000}"
  : "${NEAR:=2000}" "${QUERY_UNITS:=200}" "${QUERY_DOSSIERS:=1000000}"
  : "${QUERY_CALLS:=100000}" "${MODE_DOSSIERS:=50000}"
fi
RESULTS="${RESULTS:-${BUILD_DIR}/bench-results.json}"
BIN_RULES="${BUILD_DIR}/services/rules/giamsat-rules"
BIN_LOADGEN="${BUILD_DIR}/services/loadgen/giamsat-loadgen"
BIN_ENGINE="${BUILD_DIR}/tests/bench/engine/engine_bench"
BIN_TIMER="${BUILD_DIR}/tests/bench/engine/timer_bench"
TOOL="${BUILD_DIR}/tests/bench/rules/rules_bench_tool"
BIN_INGESTOR="${BUILD_DIR}/services/ingestor/giamsat-ingestor"
BIN_STANDALONE="${BUILD_DIR}/services/standalone/giamsat-standalone"
BIN_CTL="${BUILD_DIR}/services/ctl/giamsatctl"
for b in "$BIN_RULES" "$BIN_LOADGEN" "$BIN_ENGINE" "$BIN_TIMER" "$TOOL" \
  "$BIN_INGESTOR" "$BIN_STANDALONE" "$BIN_CTL" \
  "${BUILD_DIR}/services/query/giamsat-query" \
  "${BUILD_DIR}/tests/bench/query/giamsat-bench-echo"; do
  [[ -x "$b" ]] || { echo "missing $b: build it first" >&2; exit 1; }
done

WORK="$(mktemp -d /tmp/gs-bench.XXXXXX)"
RULES_PID=""
MODE_PIDS=()
cleanup() {
  [[ -n "${RULES_PID}" ]] && kill "${RULES_PID}" 2>/dev/null || true
  for pid in "${MODE_PIDS[@]}"; do kill "${pid}" 2>/dev/null || true; done
  GIAMSAT_STACK_DIR="${WORK}/stack" deploy/local/stack.sh down >/dev/null 2>&1 || true
}
trap cleanup EXIT
export GIAMSAT_STACK_DIR="${WORK}/stack"
eval "$(deploy/local/stack.sh up --free-ports kafka redis)"
KAFKA="${GIAMSAT_KAFKA_BOOTSTRAP}"
REDIS="${GIAMSAT_REDIS_ADDR}"
began=$(date +%s)
QUERY_STATUS=0
section() { printf '\n== %s\n' "$*"; }
want() {  # benchmark numbers... -> whether ONLY (default: all) names one
  local n
  for n in "$@"; do
    [[ -z "${ONLY:-}" || " ${ONLY//,/ } " == *" $n "* ]] && return 0
  done
  return 1
}
json() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))$2)" "$1"; }
cpu_seconds() {  # pid -> user+system CPU seconds so far
  awk -v t="$(getconf CLK_TCK)" '{print ($14 + $15) / t}' "/proc/$1/stat"
}
start_rules() {  # prefix ready-file extra --set args...
  local prefix="$1" ready="$2"
  shift 2
  rm -f "$ready"
  "$BIN_RULES" --set "kafka.bootstrap=${KAFKA}" --set "kafka.topic_prefix=${prefix}" \
    --set "redis.address=${REDIS}" --set "redis.key_prefix=${prefix}" \
    --set "kafka.group_id=${prefix}rules" --set "kafka.group_instance_id=rules-0" \
    --set metrics.listen=127.0.0.1:0 --set log.level=warn \
    --ready-file "$ready" "$@" >>"${WORK}/rules.log" 2>&1 &
  RULES_PID=$!
}
wait_ready() {
  for _ in $(seq 600); do [[ -s "$1" ]] && return 0; sleep 0.05; done
  cat "${WORK}/rules.log" >&2
  return 1
}

# 2. Engine core -------------------------------------------------------------
if want 2; then
section "2. rules engine core (BatchProcessor, in memory, fake clock)"
"$BIN_ENGINE" --dossiers "$ENGINE_SIZES" --redis "$REDIS" --json "${WORK}/engine.json"
fi

# 3. Timers ------------------------------------------------------------------
if want 3; then
section "3. timers: insert + cancel/expire"
"$BIN_TIMER" --pending "$TIMER_PENDING" --steps "$TIMER_STEPS" --json "${WORK}/timers.json"
fi

# 6 and 1. Replay of a synthetic year; throughput vs a bare consumer ----------
if want 6 1; then
section "6. replay of a synthetic year (${YEAR_DOSSIERS} dossiers) and 1. rules throughput"
P="yr$$."
g0=$(date +%s.%N)
"$BIN_LOADGEN" --seed 2025 --start 2025-01-01T00:00:00+07:00 \
  --end 2026-01-01T00:00:00+07:00 --dossiers "$YEAR_DOSSIERS" \
  --kafka "$KAFKA" --topic-prefix "$P" --id-prefix Y \
  --describe "${WORK}/year.json" 2>"${WORK}/loadgen.log"
g1=$(date +%s.%N)
EVENTS=$(json "${WORK}/year.json" '["events"]')
awk -v a="$g0" -v b="$g1" -v e="$EVENTS" \
  'BEGIN {printf "giamsat-loadgen: %d events generated and published in %.1f s\n", e, b - a}'

TOPICS="${P}giamsat.dossier-events.v1,${P}giamsat.feedback-events.v1"
REDIS_PID="$(cat "${GIAMSAT_STACK_DIR}/run/redis.pid")"
REDIS_CPU0=$(cpu_seconds "$REDIS_PID")
rcli() { redis-cli -h "${REDIS%:*}" -p "${REDIS##*:}" "$@"; }
rcli CONFIG RESETSTAT >/dev/null
start_rules "$P" "${WORK}/rules-year.ready"
t0=$(date +%s.%N)
wait_ready "${WORK}/rules-year.ready"
"$TOOL" wait --redis "$REDIS" --key-prefix "$P" --topics "$TOPICS" \
  --expect "$EVENTS" --timeout 3600 >"${WORK}/year-wait.json"
t1=$(date +%s.%N)
RULES_CPU=$(cpu_seconds "$RULES_PID")
REDIS_CPU=$(awk -v a="$(cpu_seconds "$REDIS_PID")" -v b="$REDIS_CPU0" 'BEGIN {print a - b}')
{ rcli INFO commandstats; rcli INFO memory; } >"${WORK}/year-redis.txt"
kill "$RULES_PID"; wait "$RULES_PID" 2>/dev/null || true; RULES_PID=""
# The baseline varies more from run to run than giamsat-rules does (its
# whole run is a fraction of a CPU-second): BASE_RUNS runs, the median used.
BASE_CPUS=""
for _ in $(seq "${BASE_RUNS:-5}"); do
  "$TOOL" consume --kafka "$KAFKA" --topics "$TOPICS" --expect "$EVENTS" \
    >"${WORK}/baseline-consume.json"
  BASE_CPUS="${BASE_CPUS:+${BASE_CPUS},}$(json "${WORK}/baseline-consume.json" '["cpu_seconds"]')"
done
python3 - "$EVENTS" "$RULES_CPU" "$BASE_CPUS" "$t0" "$t1" "$REDIS_CPU" \
  "${WORK}/year.json" "${WORK}/throughput.json" "${WORK}/year-redis.txt" <<'PY'
import json, statistics, sys
events, rules_cpu = float(sys.argv[1]), float(sys.argv[2])
base_cpus = [float(x) for x in sys.argv[3].split(",")]
t0, t1, redis_cpu = (float(x) for x in sys.argv[4:7])
year = json.load(open(sys.argv[7]))
base_cpu = statistics.median(base_cpus)
rules_rate, base_rate = events / rules_cpu, events / base_cpu
base_rates = sorted(events / c for c in base_cpus)
print(f"year 2025: {year['dossiers']} dossiers, {year['feedback']} feedback items, "
      f"{int(events)} events; replay wall {t1 - t0:.1f} s "
      f"({events / (t1 - t0):.0f} events/s); CPU: giamsat-rules {rules_cpu:.1f} s, "
      f"redis-server {redis_cpu:.1f} s")
print(f"{'':34}{'events/CPU-s':>14}")
print(f"{'giamsat-rules (all rules, Redis)':34}{rules_rate:14.0f}")
print(f"{'librdkafka consume + parse (base)':34}{base_rate:14.0f}"
      f"   (median of {len(base_rates)} runs: {base_rates[0]:.0f} to {base_rates[-1]:.0f})")
print(f"{'ratio':34}{rules_rate / base_rate:14.3f}   (goal >= 0.5; "
      f"{rules_rate / base_rates[-1]:.3f} to {rules_rate / base_rates[0]:.3f} "
      f"over the baseline runs)")
# Where redis-server's time went: commands per event (the commit script's
# calls inside EVALSHA included), from INFO commandstats.
stats, used = {}, 0
for line in open(sys.argv[9]):
    if line.startswith("cmdstat_"):
        name, fields = line.strip()[8:].split(":", 1)
        f = dict(kv.split("=") for kv in fields.split(","))
        stats[name] = (int(f["calls"]), int(f["usec"]))
    elif line.startswith("used_memory:"):
        used = int(line.split(":")[1])
top = sorted(stats.items(), key=lambda kv: -kv[1][1])[:8]
print("redis-server, per event: " + ", ".join(
    f"{name} {calls / events:.3g} ({usec / events:.1f} us)" for name, (calls, usec) in top))
print(f"redis used_memory after the year: {used / 2**20:.0f} MiB")
json.dump({"replay": {"dossiers": year["dossiers"], "feedback": year["feedback"],
                      "events": int(events), "wall_seconds": t1 - t0,
                      "rules_cpu_seconds": rules_cpu,
                      "redis_cpu_seconds": redis_cpu,
                      "redis_used_memory_bytes": used,
                      "redis_commands": {n: {"calls": c, "usec": u}
                                         for n, (c, u) in stats.items()}},
           "throughput": {"rules_events_per_cpu_second": rules_rate,
                          "baseline_events_per_cpu_second": base_rate,
                          "baseline_runs_events_per_cpu_second": base_rates,
                          "ratio": rules_rate / base_rate}},
          open(sys.argv[8], "w"), indent=2)
PY
fi

# 4. Deadline alert latency with OPEN pending timers -------------------------
if want 4 5; then
section "4. deadline alert latency with ${OPEN} pending timers"
P="lat$$."
# Round the clock: every hour is a working hour, so a one-working-hour
# dossier falls due exactly one hour after its acceptance, now or at night.
cat >"${WORK}/always.yaml" <<'YAML'
kind: calendar
schema_version: 1
id: bench-always-open
name_vi: Lịch thử tải (làm việc cả ngày)
name_en: Benchmark calendar (open round the clock)
working_week: [mon, tue, wed, thu, fri, sat, sun]
working_week_source: bench
office_hours:
  standard: ["00:00-24:00"]
  source: bench
sources:
  bench: {title: Benchmark only, kind: local, verified: false}
years:
  - {year: 2025, revision: "b", provisional: false, off: [], worked: []}
  - {year: 2026, revision: "b", provisional: false, off: [], worked: []}
  - {year: 2027, revision: "b", provisional: false, off: [], worked: []}
  - {year: 2028, revision: "b", provisional: false, off: [], worked: []}
YAML
LAT_ARGS=(--set "calendar.base=${WORK}/always.yaml" --set dossier.late_day_policy=no_effect)
"$TOOL" publish-open --kafka "$KAFKA" --topic-prefix "$P" --count "$OPEN" >/dev/null
start_rules "$P" "${WORK}/rules-lat.ready" "${LAT_ARGS[@]}"
wait_ready "${WORK}/rules-lat.ready"
DT="${P}giamsat.dossier-events.v1"
"$TOOL" wait --redis "$REDIS" --key-prefix "$P" --topics "$DT" --expect "$OPEN" \
  --timeout 3600 >"${WORK}/lat-load.json"
"$TOOL" alerts --kafka "$KAFKA" --topic "${P}giamsat.alerts.v1" --expect "$NEAR" \
  --timeout 600 >"${WORK}/latency.json" &
ALERTS_PID=$!
"$TOOL" publish-near --kafka "$KAFKA" --topic-prefix "$P" --count "$NEAR" \
  --lead 15 --spread 10 --id-prefix N >/dev/null
wait "$ALERTS_PID"
python3 - "${WORK}/latency.json" "$OPEN" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
print(f"{r['alerts']} DOSSIER_OVERDUE alerts, {sys.argv[2]} other timers pending")
print(f"deadline -> alert on the alerts topic: p50 {r['p50_ms']:.0f} ms, "
      f"p99 {r['p99_ms']:.0f} ms, max {r['max_ms']:.0f} ms   (goal p99 <= 1000 ms)")
PY

# 5. Recovery after kill -9 --------------------------------------------------
section "5. recovery after kill -9 with ${OPEN} open dossiers"
# Each run: kill -9, one new event (the restarted service serves again once
# it is applied), restart, then the plain reader of the same state.
RUNS_5="${RECOVERY_RUNS:-3}"
for run in $(seq "$RUNS_5"); do
  kill -9 "$RULES_PID"; wait "$RULES_PID" 2>/dev/null || true; RULES_PID=""
  "$TOOL" publish-open --kafka "$KAFKA" --topic-prefix "$P" --count 1 \
    --id-prefix "K${run}-" >/dev/null
  start_rules "$P" "${WORK}/rules-rec.ready" "${LAT_ARGS[@]}"
  "$TOOL" wait --redis "$REDIS" --key-prefix "$P" --topics "$DT" \
    --expect $((OPEN + NEAR + run)) --timeout 600 >"${WORK}/recovery-${run}.json"
  "$TOOL" read-state --redis "$REDIS" --key-prefix "$P" --topic "$DT" \
    >"${WORK}/read-state-${run}.json"
done
kill "$RULES_PID"; wait "$RULES_PID" 2>/dev/null || true; RULES_PID=""
python3 - "$WORK" "$RUNS_5" <<'PY'
import json, statistics, sys
work, runs = sys.argv[1], int(sys.argv[2])
rec = [json.load(open(f"{work}/recovery-{i}.json"))["wall_seconds"] for i in range(1, runs + 1)]
reads = [json.load(open(f"{work}/read-state-{i}.json")) for i in range(1, runs + 1)]
base = [r["wall_seconds"] for r in reads]
m_rec, m_base = statistics.median(rec), statistics.median(base)
print(f"{'':44}{'seconds':>10}   (median of {runs}; every run)")
print(f"{'giamsat-rules: restart -> new event applied':44}{m_rec:10.3f}   "
      + " ".join(f"{x:.3f}" for x in rec))
print(f"{'plain reader of the same state (base)':44}{m_base:10.3f}   "
      + " ".join(f"{x:.3f}" for x in base) + f"   ({reads[-1]['timers']} timers)")
print(f"{'ratio':44}{m_rec / m_base:10.2f}   (goal <= 2)")
json.dump({"rules_seconds": m_rec, "baseline_seconds": m_base,
           "rules_runs_seconds": rec, "baseline_runs_seconds": base,
           "timers": reads[-1]["timers"], "ratio": m_rec / m_base},
          open(f"{work}/recovery.json", "w"), indent=2)
PY
fi

# 8. Standalone vs distributed, the same workload -----------------------------
if want 8; then
section "8. standalone vs distributed: the same ${MODE_DOSSIERS} dossiers imported"
M="${WORK}/modes"
mkdir -p "$M"
"$BIN_LOADGEN" --seed 2026 --start 2026-03-01T00:00:00+07:00 \
  --end 2026-04-01T00:00:00+07:00 --dossiers "$MODE_DOSSIERS" --id-prefix M \
  --jsonl "${M}/events.jsonl" --describe "${M}/describe.json" \
  --units-out "${M}/units.yaml" --procedures-out "${M}/procedures.yaml" \
  2>"${M}/loadgen.log"
MODE_EVENTS=$(json "${M}/describe.json" '["events"]')
ready_value() { sed -n "s/^$2: //p" "$1" | tr -d '"'; }
wait_file() {  # file log
  for _ in $(seq 1200); do [[ -s "$1" ]] && return 0; sleep 0.05; done
  cat "$2" >&2
  return 1
}
import_events() {  # ingest-address -> import the workload, check it all went in
  "$BIN_CTL" --ingestor "$1" import "${M}/events.jsonl" --json >"${M}/import-$2.json"
  grep -q "\"accepted\":${MODE_EVENTS},\"duplicates\":0,\"rejected\":0" \
    "${M}/import-$2.json" || { cat "${M}/import-$2.json" >&2; return 1; }
}
# Distributed: giamsat-ingestor -> Kafka -> giamsat-rules -> Redis.
P="mode$$."
REF=(--set "reference.units_file=${M}/units.yaml"
     --set "reference.procedures_file=${M}/procedures.yaml")
"$BIN_INGESTOR" --config deploy/config/ingestor.yaml "${REF[@]}" \
  --set "kafka.bootstrap=${KAFKA}" --set "kafka.topic_prefix=${P}" \
  --set "redis.address=${REDIS}" --set "redis.key_prefix=${P}" \
  --set grpc.listen=127.0.0.1:0 --set http.listen=127.0.0.1:0 \
  --set metrics.listen=127.0.0.1:0 --set log.level=warn \
  --ready-file "${M}/ingestor.ready" >"${M}/ingestor.log" 2>&1 &
INGESTOR_PID=$!
MODE_PIDS+=("$INGESTOR_PID")
start_rules "$P" "${M}/rules.ready"
MODE_PIDS+=("$RULES_PID")
wait_file "${M}/ingestor.ready" "${M}/ingestor.log"
wait_ready "${M}/rules.ready"
t0=$(date +%s.%N)
import_events "$(ready_value "${M}/ingestor.ready" grpc)" distributed
"$TOOL" wait --redis "$REDIS" --key-prefix "$P" \
  --topics "${P}giamsat.dossier-events.v1,${P}giamsat.feedback-events.v1" \
  --expect "$MODE_EVENTS" --timeout 3600 >"${M}/distributed-wait.json"
t1=$(date +%s.%N)
DIST_CPU=$(python3 -c "print($(cpu_seconds "$INGESTOR_PID") + $(cpu_seconds "$RULES_PID"))")
kill "$INGESTOR_PID" "$RULES_PID"
wait "$INGESTOR_PID" "$RULES_PID" 2>/dev/null || true
RULES_PID=""
MODE_PIDS=()
# Standalone: the same import into giamsat-standalone.
"$BIN_STANDALONE" --config deploy/config/standalone.yaml \
  --set "storage.data_dir=${M}/standalone-data" \
  --set "ingestor.reference.units_file=${M}/units.yaml" \
  --set "ingestor.reference.procedures_file=${M}/procedures.yaml" \
  --set ingestor.grpc.listen=127.0.0.1:0 --set ingestor.http.listen=127.0.0.1:0 \
  --set query.grpc.listen=127.0.0.1:0 --set escalator.grpc.listen=127.0.0.1:0 \
  --set metrics.listen=127.0.0.1:0 --set log.level=warn \
  --ready-file "${M}/standalone.ready" >"${M}/standalone.log" 2>&1 &
STANDALONE_PID=$!
MODE_PIDS+=("$STANDALONE_PID")
wait_file "${M}/standalone.ready" "${M}/standalone.log"
t2=$(date +%s.%N)
import_events "$(ready_value "${M}/standalone.ready" grpc)" standalone
# Done when the event topics hold every event and no consumer lags.
python3 - "$(ready_value "${M}/standalone.ready" metrics)" "$MODE_EVENTS" <<'PY'
import sys, time, urllib.request
url, expect = f"http://{sys.argv[1]}/metrics", int(sys.argv[2])
deadline = time.time() + 3600
while True:
    end, lag = 0.0, 0.0
    for line in urllib.request.urlopen(url).read().decode().splitlines():
        if line.startswith("giamsat_standalone_log_end_offset{") and "-events.v1" in line:
            end += float(line.rsplit(" ", 1)[1])
        if line.startswith("giamsat_standalone_consumer_lag_records{"):
            lag += float(line.rsplit(" ", 1)[1])
    if end >= expect and lag == 0:
        break
    if time.time() > deadline:
        sys.exit(f"standalone: {end} of {expect} events written, lag {lag}")
    time.sleep(0.2)
PY
t3=$(date +%s.%N)
SA_CPU=$(cpu_seconds "$STANDALONE_PID")
kill "$STANDALONE_PID"; wait "$STANDALONE_PID" 2>/dev/null || true
MODE_PIDS=()
python3 - "$MODE_EVENTS" "$DIST_CPU" "$SA_CPU" "$t0" "$t1" "$t2" "$t3" \
  "${WORK}/modes.json" <<'PY'
import json, sys
events, dist_cpu, sa_cpu, t0, t1, t2, t3 = (float(x) for x in sys.argv[1:8])
dist, sa = events / dist_cpu, events / sa_cpu
print(f"{int(events)} events (giamsatctl import, validation, dedup, rules, state)")
print(f"{'':40}{'events/CPU-s':>14}{'wall s':>10}")
print(f"{'giamsat-standalone (embedded RocksDB)':40}{sa:14.0f}{t3 - t2:10.1f}")
print(f"{'giamsat-ingestor + giamsat-rules (Kafka, Redis)':40}{dist:14.0f}{t1 - t0:10.1f}")
print(f"{'ratio standalone / distributed':40}{sa / dist:14.2f}")
print("(CPU of the Giám sát processes only; Kafka's and Redis's own CPU is not counted)")
json.dump({"modes": {"events": int(events),
                     "standalone_events_per_cpu_second": sa,
                     "standalone_wall_seconds": t3 - t2,
                     "distributed_events_per_cpu_second": dist,
                     "distributed_wall_seconds": t1 - t0,
                     "ratio": sa / dist}},
          open(sys.argv[8], "w"), indent=2)
PY
fi

# 7. Query -------------------------------------------------------------------
if want 7; then
section "7. query (tests/bench/query/run.sh)"
# Its failure is reported and fails the run, after the other results are
# written.
QUERY_STATUS=0
GIAMSAT_STACK_DIR= UNITS="$QUERY_UNITS" DOSSIERS="$QUERY_DOSSIERS" CALLS="$QUERY_CALLS" \
  RESULT_JSON="${WORK}/query.json" tests/bench/query/run.sh "$BUILD_DIR" >"${WORK}/query.txt" 2>&1 || QUERY_STATUS=$?
cat "${WORK}/query.txt"
((QUERY_STATUS == 0)) || echo "query benchmark FAILED (exit ${QUERY_STATUS})"
fi

# Results --------------------------------------------------------------------
python3 - "$WORK" "$RESULTS" "$SMOKE" "$began" "$QUERY_STATUS" <<'PY'
import json, os, platform, sys, time
work, out, smoke, began = sys.argv[1], sys.argv[2], sys.argv[3] == "1", int(sys.argv[4])
r = {"smoke": smoke, "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
     "seconds": int(time.time()) - began,
     "machine": {"cpus": os.cpu_count(), "kernel": platform.release(),
                 "cpu": next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo")
                              if l.startswith("model name")), ""),
                 "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1)}}
have = lambda name: os.path.exists(f"{work}/{name}")
for name in ("engine", "timers", "throughput", "modes"):
    if have(f"{name}.json"):
        r.update(json.load(open(f"{work}/{name}.json")))
if have("latency.json"):
    r["latency"] = json.load(open(f"{work}/latency.json"))
if have("recovery.json"):
    r["recovery"] = json.load(open(f"{work}/recovery.json"))
if have("query.txt"):
    r["query"] = {"exit_status": int(sys.argv[5]), "output": open(f"{work}/query.txt").read()}
    if have("query.json"):
        r["query"].update(json.load(open(f"{work}/query.json")))
json.dump(r, open(out, "w"), indent=2)
print(f"\nall benchmarks done in {r['seconds']} s; results in {out}")
PY
echo
python3 tests/bench/summary.py "$RESULTS"
exit "$QUERY_STATUS"
