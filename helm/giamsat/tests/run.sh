#!/usr/bin/env bash
# Tests of the Helm chart and the container files (see helm/giamsat/README.md):
#   1. values.schema.json and the README's values table are up to date with
#      the services' --print-config;
#   2. helm lint (default and production-like values);
#   3. every rendered manifest (default, production-like, every-config-key)
#      validates with kubeconform -strict against the Kubernetes schemas;
#   4. every config key of every built service can be set from values and
#      survives rendering: the rendered ConfigMaps equal the values given,
#      and each service's --print-config accepts them and prints them back;
#      the production-like ConfigMaps are accepted too;
#   5. mistyped values (unknown keys, wrong types) are rejected;
#   6. the Dockerfile passes hadolint; compose.yaml loads with the Compose
#      specification's loader (deploy/docker/composecheck);
#   7. the chart's dashboards equal deploy/grafana/*.json.
# Usage: helm/giamsat/tests/run.sh [BUILD_DIR]   (default: build)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
CHART="${ROOT}/helm/giamsat"
BUILD="$(cd "${1:-${ROOT}/build}" && pwd)"
cd "${ROOT}"

BIN="$(deploy/local/install-tools.sh)"
SCHEMAS="$(deploy/local/install-tools.sh --print-schemas)"
export PATH="${BIN}:${PATH}"
WORK="$(mktemp -d /tmp/giamsat-chart-test.XXXXXX)"
trap 'rm -rf "${WORK}"' EXIT
KUBE_VERSION=1.30.0

passed=0
failed=0
pass() { echo "[chart] PASS $*"; passed=$((passed + 1)); }
fail() { echo "[chart] FAIL $*" >&2; failed=$((failed + 1)); }
check() {  # name command...
  local name="$1"
  shift
  if "$@" >"${WORK}/out" 2>&1; then
    pass "${name}"
  else
    fail "${name}"
    sed 's/^/    /' "${WORK}/out" >&2
  fi
}
render() {  # out-file helm-template-args...
  local out="$1"
  shift
  helm template giamsat "${CHART}" --kube-version "${KUBE_VERSION}" "$@" \
    >"${out}"
}
kubeconform_strict() {
  kubeconform -strict -summary -skip ServiceMonitor \
    -schema-location "${SCHEMAS}/{{.ResourceKind}}{{.KindSuffix}}.json" "$@"
}

# 1. The services' effective configs (every key, with its default).
mkdir -p "${WORK}/effective"
services=()
for s in ingestor rules query escalator; do
  b="${BUILD}/services/${s}/giamsat-${s}"
  if [[ -x "${b}" ]]; then
    "${b}" --print-config >"${WORK}/effective/${s}.yaml"
    services+=("${s}")
  else
    echo "[chart] note: ${b} not built; its config keys are not checked"
  fi
done
[[ ${#services[@]} -gt 0 ]] || { echo "[chart] no service built in ${BUILD}" >&2; exit 1; }
check "values.schema.json and README table match --print-config" \
  python3 "${CHART}/tests/gen_schema.py" --effective "${WORK}/effective" --check

# 2. helm lint.
check "helm lint (default values)" \
  helm lint --strict --kube-version "${KUBE_VERSION}" "${CHART}"
check "helm lint (production-like values)" \
  helm lint --strict --kube-version "${KUBE_VERSION}" "${CHART}" \
  -f "${CHART}/ci/production-values.yaml"

# 3. Render and validate.
check "render default values" render "${WORK}/default.yaml"
check "render production-like values" render "${WORK}/production.yaml" \
  -f "${CHART}/ci/production-values.yaml"
check "kubeconform -strict (default values)" kubeconform_strict "${WORK}/default.yaml"
check "kubeconform -strict (production-like values)" \
  kubeconform_strict "${WORK}/production.yaml"

# 4. Every config key from values, through the ConfigMap, into the service.
python3 - "${WORK}/effective" "${WORK}/every-key-values.yaml" "${services[@]}" <<'PY'
import sys, yaml
src, out, *services = sys.argv[1:]
values = {s: {"config": yaml.safe_load(open(f"{src}/{s}.yaml"))} for s in services}
yaml.safe_dump(values, open(out, "w"), sort_keys=False)
PY
check "render with every config key set" render "${WORK}/every-key.yaml" \
  -f "${WORK}/every-key-values.yaml"
check "kubeconform -strict (every config key)" \
  kubeconform_strict "${WORK}/every-key.yaml"
extract_configs() {  # manifest dir: writes dir/<service>.yaml per ConfigMap
  python3 - "$1" "$2" <<'PY'
import os, sys, yaml
manifest, dest = sys.argv[1:]
os.makedirs(dest, exist_ok=True)
for doc in yaml.safe_load_all(open(manifest)):
    if doc and doc["kind"] == "ConfigMap" and "config.yaml" in doc.get("data", {}):
        svc = doc["metadata"]["labels"]["app.kubernetes.io/component"]
        open(os.path.join(dest, svc + ".yaml"), "w").write(doc["data"]["config.yaml"])
PY
}
same_config() {  # a.yaml b.yaml: equal as YAML, else print the difference
  python3 - "$1" "$2" <<'PY'
import sys, yaml
a, b = (yaml.safe_load(open(p)) for p in sys.argv[1:])
def flat(d, p=""):
    out = {}
    for k, v in (d or {}).items():
        out.update(flat(v, f"{p}{k}.") if isinstance(v, dict) else {p + k: v})
    return out
fa, fb = flat(a), flat(b)
bad = sorted(k for k in fa.keys() | fb.keys() if fa.get(k, "<absent>") != fb.get(k, "<absent>"))
for k in bad:
    print(f"{k}: {fa.get(k, '<absent>')!r} != {fb.get(k, '<absent>')!r}")
sys.exit(1 if bad else 0)
PY
}
extract_configs "${WORK}/every-key.yaml" "${WORK}/every-key"
extract_configs "${WORK}/production.yaml" "${WORK}/production"
for s in "${services[@]}"; do
  b="${BUILD}/services/${s}/giamsat-${s}"
  check "${s}: every config key survives rendering" \
    same_config "${WORK}/effective/${s}.yaml" "${WORK}/every-key/${s}.yaml"
  check "${s}: accepts its rendered ConfigMap" \
    "${b}" --config "${WORK}/every-key/${s}.yaml" --print-config
  "${b}" --config "${WORK}/every-key/${s}.yaml" --print-config \
    >"${WORK}/every-key/${s}.printed.yaml" 2>&1 || true
  check "${s}: prints back the values it was given" \
    same_config "${WORK}/effective/${s}.yaml" "${WORK}/every-key/${s}.printed.yaml"
  check "${s}: accepts the production-like ConfigMap" \
    "${b}" --config "${WORK}/production/${s}.yaml" --print-config
  check "${s}: accepts deploy/config/${s}.yaml (shipped in the image)" \
    "${b}" --config "deploy/config/${s}.yaml" --print-config
done

# 5. Mistyped values are rejected, naming the key.
rejects() {  # expected-text helm-template-args...
  local expected="$1"
  shift
  if render "${WORK}/typo.yaml" "$@" 2>"${WORK}/typo.err"; then
    echo "accepted: $*"
    return 1
  fi
  grep -q -- "${expected}" "${WORK}/typo.err" || { cat "${WORK}/typo.err"; return 1; }
}
check "rejects an unknown top-level value" rejects "replicsa" \
  --set ingestor.replicsa=3
check "rejects an unknown config key" rejects "bootstrp" \
  --set ingestor.config.kafka.bootstrp=k:9092
check "rejects an unknown config section" rejects "kafak" \
  --set rules.config.kafak.partitions=3
check "rejects a config value of the wrong type" rejects "partitions" \
  --set rules.config.kafka.partitions=many
check "rejects a secret env entry without its key" rejects "key" \
  --set "secretEnv[0].name=X" --set "secretEnv[0].secretName=s"
check "rejects more rules replicas than partitions" rejects "exceeds" \
  --set rules.replicas=7
check "rejects a second escalator replica" rejects "escalator.replicas" \
  --set escalator.replicas=2
check "helm lint fails on a mistyped value" \
  bash -c "! helm lint --kube-version ${KUBE_VERSION} '${CHART}' --set query.autoscalng.enabled=false >/dev/null 2>&1"

# 6. Container files.
check "hadolint deploy/docker/Dockerfile" hadolint deploy/docker/Dockerfile
check "compose.yaml against the Compose specification" \
  composecheck deploy/docker/compose.yaml
check "promtool check config deploy/docker/prometheus.yml" \
  promtool check config deploy/docker/prometheus.yml
check "amtool check-config deploy/docker/alertmanager.yml" \
  amtool check-config deploy/docker/alertmanager.yml

# 7. Dashboards.
same_dashboards() {
  local f status=0
  for f in deploy/grafana/*.json; do
    cmp "${f}" "${CHART}/dashboards/$(basename "${f}")" || status=1
  done
  for f in "${CHART}"/dashboards/*.json; do
    [[ -e ${f} ]] || continue
    [[ -e deploy/grafana/$(basename "${f}") ]] || { echo "extra: ${f}"; status=1; }
  done
  return "${status}"
}
if compgen -G "deploy/grafana/*.json" >/dev/null; then
  check "helm/giamsat/dashboards equals deploy/grafana/*.json" same_dashboards
fi

echo "[chart] ${passed} passed, ${failed} failed"
[[ ${failed} -eq 0 ]]
