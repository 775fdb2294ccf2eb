#!/usr/bin/env bash
# Static checks of the monitoring configuration (CI runs this from
# tests/run.sh; no server needed, a few seconds):
#   - promtool check config / check rules on deploy/prometheus/,
#   - promtool test rules: the alerting rules fire on the series of
#     rules-tests.yml and stay quiet on healthy ones,
#   - amtool check-config on deploy/alertmanager/alertmanager.yml,
#   - every Grafana dashboard is valid JSON, has a uid, and every panel has
#     a title, a description and at least one query.
# promtool and amtool come with Debian's prometheus and
# prometheus-alertmanager packages (deploy/local/install-deps.sh).
set -euo pipefail

DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "${DIR}/../.." && pwd)"
log() { echo "[monitoring-check] $*" >&2; }

log "promtool check config"
promtool check config "${DIR}/prometheus.yml"
log "promtool check rules"
promtool check rules "${DIR}"/rules/*.yml
log "promtool test rules"
(cd "${DIR}" && promtool test rules rules-tests.yml)
log "amtool check-config"
amtool check-config "${ROOT}/deploy/alertmanager/alertmanager.yml"
log "Grafana dashboards"
python3 - "${ROOT}"/deploy/grafana/dashboards/*.json <<'PY'
import json, sys
bad = []
for path in sys.argv[1:]:
    with open(path, encoding="utf-8") as f:
        board = json.load(f)
    if not board.get("uid"):
        bad.append(f"{path}: no uid")
    for p in board.get("panels", []):
        where = f"{path}: panel {p.get('id')} {p.get('title')!r}"
        if not p.get("title"):
            bad.append(f"{where}: no title")
        if not p.get("description", "").strip():
            bad.append(f"{where}: no description")
        if not any(t.get("expr") for t in p.get("targets", [])):
            bad.append(f"{where}: no query")
for b in bad:
    print(b, file=sys.stderr)
sys.exit(1 if bad else 0)
PY
log "all monitoring checks passed"
