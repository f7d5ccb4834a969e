#!/usr/bin/env bash
# Rewrites go.mod/go.sum of this wrapper module for another Kubernetes release:
#   ./update.sh 1.34.2
# It reads the list of staging modules from k8s.io/kubernetes' own go.mod
# (fetched from the Go module proxy into the module cache) and replaces each
# with its published twin v0.<minor>.<patch>. Then update K8S_VERSION in
# ../../install.sh. Not run by install.sh.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
v=${1:?usage: update.sh K8S_VERSION (for example 1.34.2)}
v=${v#v}
twin=v0.${v#*.}
export GOTOOLCHAIN=local GOWORK=off GOFLAGS=-buildvcs=false

modfile=$(go mod download -json "k8s.io/kubernetes@v$v" |
    python3 -c 'import json, sys; d = json.load(sys.stdin); sys.exit(d["Error"]) if "Error" in d else print(d["GoMod"])')
staging=$(awk '$2 == "=>" && $3 ~ /^\.\/staging\// { print $1 }' "$modfile")
[[ -n $staging ]] || { echo "no staging replacements found in $modfile" >&2; exit 1; }
for m in $staging; do
    go mod download -json "$m@$twin" >/dev/null || { echo "$m $twin is not served" >&2; exit 1; }
done
godebug=$(sed -n 's/^godebug //p' "$modfile")

{
    cat <<EOF
// Wrapper module: builds the Kubernetes control-plane commands of
// k8s.io/kubernetes v$v from the Go module proxy. The staging modules,
// which upstream maps to ./staging/..., are replaced by their published
// $twin twins (all of them are served). Regenerate the replace block with
// e2e-tests/testenv/go/kubernetes/update.sh.
module westchat.local/testenv/kubernetes

$(sed -n 's/^go /go /p' "$modfile")
EOF
    [[ -n $godebug ]] && printf '\ngodebug %s\n' "$godebug"
    cat <<EOF

tool (
	k8s.io/kubernetes/cmd/kube-apiserver
	k8s.io/kubernetes/cmd/kube-controller-manager
	k8s.io/kubernetes/cmd/kube-scheduler
	k8s.io/kubernetes/cmd/kubectl
)

require k8s.io/kubernetes v$v

replace (
EOF
    for m in $staging; do printf '\t%s => %s %s\n' "$m" "$m" "$twin"; done
    echo ")"
} >go.mod
rm -f go.sum
go mod tidy
echo "go.mod and go.sum now build k8s.io/kubernetes v$v with $twin twins"
