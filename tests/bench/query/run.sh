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
# a month is read as its days, for comparison), RESULT_JSON (when set, the
# figures and ratios are also written there).
# --smoke: a tiny city (10 units, 1000 dossiers, 2000 calls per run) that
# finishes in seconds once ghz is installed, to prove the benchmark works;
# it fails when a run had errors. Its figures mean nothing.
# Starts its own Redis (deploy/local/stack.sh, own stack dir, free port),
# loads a city of UNITS units with DOSSIERS open dossiers straight into
# Redis (generate_state.py), starts giamsat-query and the echo baseline
# (giamsat-bench-echo: same gRPC library, proto, synchronous server and
# allocator), and prints side by side: max QPS (unbounded rate) and p50 /
# p99 latency at half of each service's max QPS, with the query/echo
# ratios. Goal (issue 6): QPS ratio >= 0.7 and p99 ratio <= 1.5. The echo
# answers a GetUnitStatus answer recorded from giamsat-query at the start
# (same size and fields; the client decodes the same bytes for both), so
# the ratios measure the service; an echo with a tiny answer (one count)
# runs too and its figures and ratios are printed below the table.
# giamsat-query runs twice: with its answer cache as configured by default
# (cache.max_age_ms, CACHE_MS, default 1000; refresh ahead on), printing
# the cache hit ratio of each run (kept answers, refreshing or not, and
# calls that shared an identical call's read, over all lookups, from its
# giamsat_query_answer_cache_total), and with the cache off (max_age 0).
# The requests cycle over every unit of the city (ghz sends the elements of
# the data array in turn), so no single key is hot.
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
CACHE_MS="${CACHE_MS:-1000}"
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

start_query() {  # name cache_ms
  "${BUILD_DIR}/services/query/giamsat-query" \
    --set "redis.address=${REDIS}" --set "redis.key_prefix=${PREFIX}" \
    --set "reference.units_file=${WORK}/units.yaml" \
    --set "redis.pool_size=${REDIS_POOL}" --set "cache.max_age_ms=$2" \
    --set grpc.listen=127.0.0.1:0 --set metrics.listen=127.0.0.1:0 \
    --set log.level=warn --ready-file "${WORK}/$1.ready" \
    >"${WORK}/$1.log" 2>&1 &
  PIDS+=($!)
}
start_query query "${CACHE_MS}"
start_query nocache 0
for _ in $(seq 100); do
  [[ -s "${WORK}/query.ready" && -s "${WORK}/nocache.ready" ]] && break
  sleep 0.1
done
ready_value() {  # file key
  sed -n "s/^$2: //p" "$1" | tr -d '"'
}
QUERY_ADDR="$(ready_value "${WORK}/query.ready" grpc)"
NOCACHE_ADDR="$(ready_value "${WORK}/nocache.ready" grpc)"
QUERY_METRICS="$(ready_value "${WORK}/query.ready" metrics)"
[[ -n "${QUERY_ADDR}" && -n "${NOCACHE_ADDR}" && -n "${QUERY_METRICS}" ]] ||
  { cat "${WORK}"/*.log; exit 1; }

# Requests cycle over every unit, with this month as the period.
python3 - "${WORK}/units.yaml" >"${WORK}/data.json" <<'PY'
import datetime, json, re, sys
ids = re.findall(r"id: ([^,]+),", open(sys.argv[1]).read())
month = datetime.date.today().strftime("%Y-%m")
print(json.dumps([{"unitId": u, "period": {"month": month}} for u in ids]))
PY

# The echo's answer: giamsat-query's for the first unit, recorded now.
read -r FIRST_UNIT MONTH < <(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))[0]
print(d["unitId"], d["period"]["month"])' "${WORK}/data.json")
"${BUILD_DIR}/services/ctl/giamsatctl" --query "${NOCACHE_ADDR}" status \
  --unit "${FIRST_UNIT}" --month "${MONTH}" --json >"${WORK}/answer.json"
start_echo() {  # name [answer file]
  "${BUILD_DIR}/tests/bench/query/giamsat-bench-echo" 127.0.0.1:0 "${@:2}" \
    >"${WORK}/$1.out" 2>&1 &
  PIDS+=($!)
}
start_echo echo "${WORK}/answer.json"
start_echo tiny
for _ in $(seq 100); do
  [[ -s "${WORK}/echo.out" && -s "${WORK}/tiny.out" ]] && break
  sleep 0.1
done
ECHO_ADDR="$(sed -n 's/^grpc: //p' "${WORK}/echo.out")"
TINY_ADDR="$(sed -n 's/^grpc: //p' "${WORK}/tiny.out")"
[[ -n "${ECHO_ADDR}" && -n "${TINY_ADDR}" ]] ||
  { cat "${WORK}"/*.out; exit 1; }

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

# "hits misses" of GetUnitStatus in giamsat-query's answer cache so far
# (hits: kept answers and shared reads).
cat >"${WORK}/cache_counts.py" <<'PY'
import re, sys
n = {"hit": 0.0, "refresh": 0.0, "shared": 0.0, "miss": 0.0}
for line in sys.stdin:
    m = re.match(r"giamsat_query_answer_cache_total\{(.*)\} (\S+)", line)
    if m and 'method="GetUnitStatus"' in m.group(1):
        n[re.search(r'result="(\w+)"', m.group(1)).group(1)] += float(m.group(2))
print(f"{n['hit'] + n['refresh'] + n['shared']:.0f} {n['miss']:.0f}")
PY
cache_counts() {
  curl -fsS "http://${QUERY_METRICS}/metrics" | python3 "${WORK}/cache_counts.py"
}
hit_ratio() {  # "hits misses" before -> the ratio since then
  local h0 m0 h1 m1
  read -r h0 m0 <<<"$1"
  read -r h1 m1 < <(cache_counts)
  python3 -c "h, m = $h1 - $h0, $m1 - $m0; print(f'{h / (h + m) if h + m else 0:.3f}')"
}

c0="$(cache_counts)"
read -r q_max _ _ q_err < <(ghz_run "${QUERY_ADDR}" 0 | summary)
q_hit_max="$(hit_ratio "${c0}")"
read -r n_max _ _ n_err < <(ghz_run "${NOCACHE_ADDR}" 0 | summary)
read -r e_max _ _ e_err < <(ghz_run "${ECHO_ADDR}" 0 | summary)
read -r t_max _ _ t_err < <(ghz_run "${TINY_ADDR}" 0 | summary)
c0="$(cache_counts)"
read -r _ q_p50 q_p99 _ < <(ghz_run "${QUERY_ADDR}" $((q_max / 2)) | summary)
q_hit_half="$(hit_ratio "${c0}")"
read -r _ n_p50 n_p99 _ < <(ghz_run "${NOCACHE_ADDR}" $((n_max / 2)) | summary)
read -r _ e_p50 e_p99 _ < <(ghz_run "${ECHO_ADDR}" $((e_max / 2)) | summary)
read -r _ t_p50 t_p99 _ < <(ghz_run "${TINY_ADDR}" $((t_max / 2)) | summary)

python3 - "$q_max" "$n_max" "$e_max" "$q_p50" "$n_p50" "$e_p50" \
  "$q_p99" "$n_p99" "$e_p99" "$q_err" "$n_err" "$e_err" \
  "$q_hit_max" "$q_hit_half" "$t_max" "$t_p50" "$t_p99" "$t_err" \
  "${UNITS}" "${DOSSIERS}" "${CACHE_MS}" "$(wc -c <"${WORK}/answer.json")" \
  "${RESULT_JSON:-}" <<'PY'
import json, sys
(qm, nm, em, qp50, np50, ep50, qp99, np99, ep99, qe, ne, ee,
 hit_max, hit_half, tm, tp50, tp99, te) = map(float, sys.argv[1:19])
units, dossiers, cache_ms, answer_bytes, result_json = sys.argv[19:24]
ratio = lambda a, b: a / b if b else float("nan")
print(f"GetUnitStatus, a city of {units} units and {dossiers} open dossiers,"
      " requests cycling over the units;"
      " loopback, same gRPC library, server threads and allocator;"
      " echo: same answer")
print(f"{'':22}{'query, cache':>14}{'query, no cache':>17}{'echo':>10}"
      f"{'ratio':>8}{'ratio (no cache)':>18}")
def row(name, q, n, e, fmt, goal=""):
    print(f"{name:22}{q:14{fmt}}{n:17{fmt}}{e:10{fmt}}{ratio(q, e):8.2f}"
          f"{ratio(n, e):18.2f}   {goal}")
row("max QPS", qm, nm, em, ".0f", "(goal >= 0.70)")
row("p50 ms at half max", qp50, np50, ep50, ".3f")
row("p99 ms at half max", qp99, np99, ep99, ".3f", "(goal <= 1.50)")
print(f"{'errors':22}{qe:14.0f}{ne:17.0f}{ee:10.0f}")
print(f"answer cache (max_age {cache_ms} ms) hit ratio: {hit_max:.3f} at max QPS,"
      f" {hit_half:.3f} at half")
print(f"echo: giamsat-query's answer of one unit ({answer_bytes} bytes as JSON);"
      f" with a tiny answer instead: max QPS {tm:.0f} (ratio {ratio(qm, tm):.2f}),"
      f" p50 {tp50:.3f} ms, p99 {tp99:.3f} ms at half"
      f" (ratio {ratio(qp99, tp99):.2f}), errors {te:.0f}")
if result_json:
    json.dump({"units": int(units), "open_dossiers": int(dossiers),
               "max_qps": qm, "max_qps_no_cache": nm, "echo_max_qps": em,
               "qps_ratio": ratio(qm, em), "qps_ratio_no_cache": ratio(nm, em),
               "p50_ms": qp50, "echo_p50_ms": ep50,
               "p99_ms": qp99, "p99_ms_no_cache": np99, "echo_p99_ms": ep99,
               "p99_ratio": ratio(qp99, ep99),
               "p99_ratio_no_cache": ratio(np99, ep99),
               "errors": qe + ne + ee, "cache_hit_ratio": hit_max},
              open(result_json, "w"), indent=2)
PY
if [[ "${SMOKE}" == 1 ]] && (( q_err + n_err + e_err + t_err > 0 )); then
  echo "smoke run: calls failed; giamsat-query said:" >&2
  tail -20 "${WORK}/query.log" >&2
  exit 1
fi
