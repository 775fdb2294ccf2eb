#!/usr/bin/env bash
# Load benchmark of giamsat-query (not part of the test suite: loading the
# state takes a minute). Usage, from the repository root after a build:
#
#   tests/bench/query/run.sh [--smoke] [BUILD_DIR]   # default: build
#
# Env: UNITS (200), DOSSIERS (1000000), CONCURRENCY (50), CALLS (100000),
# REDIS_POOL (giamsat-query's redis.pool_size, default 4), GHZ_VERSION
# (v0.93.0, the version the Go module proxy gives as latest), MONTH_HASHES
# (1; 0: state as after an upgrade from a version without month hashes, so
# a month is read as its days, for comparison).
# --smoke: a tiny city (10 units, 1000 dossiers, 2000 calls per run) that
# finishes in seconds once ghz is installed, to prove the benchmark works;
# it fails when a run had errors. Its figures mean nothing.
# Starts its own Redis (deploy/local/stack.sh, own stack dir, free port),
# loads a city of UNITS units with DOSSIERS open dossiers straight into
# Redis (generate_state.py), starts giamsat-query and the echo baseline
# (giamsat-bench-echo: same gRPC library, proto and synchronous server),
# and prints side by side: max QPS (unbounded rate) and p50 / p99 latency at
# half of each service's max QPS, with the query/echo ratios. Goal (issue
# 6): QPS ratio >= 0.7 and p99 ratio <= 1.5.
set -euo pipefail
cd "$(dirname "$0")/../../.."
SMOKE=0
if [[ "${1:-}" == "--smoke" ]]; then
  SMOKE=1
  shift
  UNITS=10 DOSSIERS=1000 CONCURRENCY=10 CALLS=2000
fi
BUILD_DIR="${1:-build}"
UNITS="${UNITS:-200}"
DOSSIERS="${DOSSIERS:-1000000}"
CONCURRENCY="${CONCURRENCY:-50}"
CALLS="${CALLS:-100000}"
REDIS_POOL="${REDIS_POOL:-4}"
GHZ_VERSION="${GHZ_VERSION:-v0.93.0}"
WORK="$(mktemp -d /tmp/gs-bench-query.XXXXXX)"
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  GIAMSAT_STACK_DIR="${WORK}/stack" deploy/local/stack.sh down >/dev/null 2>&1 || true
  rm -rf "${WORK}"
}
trap cleanup EXIT

GOBIN="${GOBIN:-$HOME/go/bin}"
if [[ ! -x "${GOBIN}/ghz" ]]; then
  command -v go >/dev/null ||
    { echo "installing ghz needs Go (Debian: apt-get install golang-go)" >&2; exit 1; }
  echo "installing ghz ${GHZ_VERSION}" >&2
  GOBIN="${GOBIN}" go install "github.com/bojand/ghz/cmd/ghz@${GHZ_VERSION}"
fi
GHZ="${GOBIN}/ghz"

export GIAMSAT_STACK_DIR="${WORK}/stack"
eval "$(deploy/local/stack.sh up --free-ports redis)"
REDIS="${GIAMSAT_REDIS_ADDR}"
PREFIX="bench:"
echo "loading ${UNITS} units and ${DOSSIERS} dossiers into Redis ${REDIS}" >&2
python3 tests/bench/query/generate_state.py "${PREFIX}" "${UNITS}" \
  "${DOSSIERS}" "${WORK}/units.yaml" "${MONTH_HASHES:-1}" |
  redis-cli -h "${REDIS%:*}" -p "${REDIS##*:}" --pipe >/dev/null

"${BUILD_DIR}/services/query/giamsat-query" \
  --set "redis.address=${REDIS}" --set "redis.key_prefix=${PREFIX}" \
  --set "reference.units_file=${WORK}/units.yaml" \
  --set "redis.pool_size=${REDIS_POOL}" \
  --set grpc.listen=127.0.0.1:0 --set metrics.listen=127.0.0.1:0 \
  --set log.level=warn --ready-file "${WORK}/query.ready" \
  >"${WORK}/query.log" 2>&1 &
PIDS+=($!)
"${BUILD_DIR}/tests/bench/query/giamsat-bench-echo" >"${WORK}/echo.out" 2>&1 &
PIDS+=($!)
for _ in $(seq 100); do
  [[ -s "${WORK}/query.ready" && -s "${WORK}/echo.out" ]] && break
  sleep 0.1
done
QUERY_ADDR="$(sed -n 's/^grpc: //p' "${WORK}/query.ready" | tr -d '"')"
ECHO_ADDR="$(sed -n 's/^grpc: //p' "${WORK}/echo.out")"
[[ -n "${QUERY_ADDR}" && -n "${ECHO_ADDR}" ]] || { cat "${WORK}"/*.log; exit 1; }

# Requests cycle over every unit, with this month as the period.
python3 - "${WORK}/units.yaml" >"${WORK}/data.json" <<'PY'
import datetime, json, re, sys
ids = re.findall(r"id: ([^,]+),", open(sys.argv[1]).read())
month = datetime.date.today().strftime("%Y-%m")
print(json.dumps([{"unitId": u, "period": {"month": month}} for u in ids]))
PY

ghz_run() {  # address rps -> JSON report
  "${GHZ}" --insecure --proto proto/giamsat/v1/query.proto -i proto \
    --call giamsat.v1.QueryService.GetUnitStatus -D "${WORK}/data.json" \
    -c "${CONCURRENCY}" -n "${CALLS}" --rps "$2" -O json "$1" 2>/dev/null
}
cat >"${WORK}/summary.py" <<'PY'
import json, sys
r = json.load(sys.stdin)
lat = {d["percentage"]: d["latency"] / 1e6 for d in r.get("latencyDistribution") or []}
codes = r.get("statusCodeDistribution") or {}
errs = sum(n for code, n in codes.items() if code != "OK")
print(f"{r['rps']:.0f} {lat.get(50, 0):.3f} {lat.get(99, 0):.3f} {errs}")
PY
summary() {  # JSON report -> "rps p50_ms p99_ms errors"
  python3 "${WORK}/summary.py"
}

read -r q_max _ _ q_err < <(ghz_run "${QUERY_ADDR}" 0 | summary)
read -r e_max _ _ e_err < <(ghz_run "${ECHO_ADDR}" 0 | summary)
read -r _ q_p50 q_p99 _ < <(ghz_run "${QUERY_ADDR}" $((q_max / 2)) | summary)
read -r _ e_p50 e_p99 _ < <(ghz_run "${ECHO_ADDR}" $((e_max / 2)) | summary)

python3 - "$q_max" "$e_max" "$q_p50" "$e_p50" "$q_p99" "$e_p99" "$q_err" "$e_err" \
  "${UNITS}" "${DOSSIERS}" <<'PY'
import sys
qm, em, qp50, ep50, qp99, ep99, qe, ee = map(float, sys.argv[1:9])
units, dossiers = sys.argv[9:11]
ratio = lambda a, b: a / b if b else float("nan")
print(f"GetUnitStatus, a city of {units} units and {dossiers} open dossiers;"
      " loopback, same gRPC library and server threads")
print(f"{'':22}{'giamsat-query':>15}{'echo':>12}{'ratio':>9}")
print(f"{'max QPS':22}{qm:15.0f}{em:12.0f}{ratio(qm, em):9.2f}   (goal >= 0.70)")
print(f"{'p50 ms at half max':22}{qp50:15.3f}{ep50:12.3f}{ratio(qp50, ep50):9.2f}")
print(f"{'p99 ms at half max':22}{qp99:15.3f}{ep99:12.3f}{ratio(qp99, ep99):9.2f}   (goal <= 1.50)")
print(f"{'errors':22}{qe:15.0f}{ee:12.0f}")
PY
if [[ "${SMOKE}" == 1 ]] && (( q_err + e_err > 0 )); then
  echo "smoke run: calls failed; giamsat-query said:" >&2
  tail -20 "${WORK}/query.log" >&2
  exit 1
fi
