#!/usr/bin/env bash
# Installs the real programs the e2e tests run (Kubernetes control plane, etcd,
# kwok, helm, Ergo, Synapse, Heisenbridge, Prosody, Biboumi, PostgreSQL, and for
# a real node containerd, runc, CNI plugins, kubelet, kube-proxy, CoreDNS and the
# images; for the web chat test Chromium, ChromeDriver, Converse.js and axe-core)
# into one cache folder and writes env.sh there. Only package registries are
# used: the Go module proxy, PyPI, the npm registry and Debian's packages. See
# README.md beside this file.
#
# usage: install.sh [--force] [PART...]
#   PART: debian node-debian browser python web kubernetes kubelet etcd kwok helm
#         ergo coredns kube-router images (default: all). Parts run in this order; images also runs
#         node-debian, python, web and ergo first (skipped when present).
#   --force: rebuild/reinstall the named parts even if their stamp matches
#
# Environment:
#   WESTCHAT_TESTENV_DIR  install folder (default ~/.cache/westchat-testenv)
#   WESTCHAT_PYTHON       interpreter for the virtualenv (default python3)
#
# The Go build cache and module cache are left at Go's defaults, so a rebuild
# after a wrapper change is quick; an unchanged part is skipped by its stamp.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
DIR=${WESTCHAT_TESTENV_DIR:-${HOME:?HOME is not set}/.cache/westchat-testenv}
PYTHON=${WESTCHAT_PYTHON:-python3}

# Bump when the way a part is built changes, so every stamp goes stale.
SCRIPT_REV=2

K8S_VERSION=1.34.2      # k8s.io/kubernetes; staging twins v0.34.2 (all served)
ETCD_VERSION=3.6.16     # go.etcd.io/etcd/server/v3
KWOK_VERSION=0.8.0      # sigs.k8s.io/kwok (go line 1.26.0)
HELM_VERSION=3.22.0     # helm.sh/helm/v3
COREDNS_VERSION=1.15.0  # github.com/coredns/coredns (go line 1.26.0)
# github.com/cloudnativelabs/kube-router/v2: the only version served here (see go/kube-router/go.mod)
KUBE_ROUTER_VERSION=2.1.0
# Ergo: the only version the module proxy serves here (see go/ergo/go.mod).
ERGO_MODULE_VERSION=v1.2.1-0.20210919081820-20d8d269ca18
ERGO_COMMIT=20d8d269ca1879753ffa0a7f63663d626357e183
ERGO_VERSION=2.8.0-unreleased
# lua-unbound is a Recommends of prosody (its DNS resolver); without it prosody
# warns and falls back to its old resolver. Other recommends stay out.
DEBIAN_PACKAGES=(prosody lua-unbound biboumi postgresql nginx-light)
POSTGRES_MAJOR=15
# What a real node runs (containerd, runc, CNI plugins; kubelet and kube-proxy
# call iptables, conntrack and socat; kube-router's firewall calls ipset), and mmdebstrap for the images' root file
# system. containerd's system service is kept from starting: tests run their own.
NODE_DEBIAN_PACKAGES=(containerd runc containernetworking-plugins iptables conntrack socat ipset mmdebstrap)
# Where Debian's containernetworking-plugins puts the plugins.
CNI_BIN=/usr/lib/cni
# The browser of the web chat test (OneRoomFromTheWebChatTest), driven through WebDriver.
BROWSER_DEBIAN_PACKAGES=(chromium chromium-driver)
# The web chat's program (the release WebChat.CONVERSE_VERSION names) and the
# accessibility checker the browser test runs on the pages, from the npm registry.
CONVERSE_VERSION=14.0.0
AXE_VERSION=4.14.1

ALL_PARTS=(debian node-debian browser python web kubernetes kubelet etcd kwok helm ergo coredns kube-router images)
# images/build.sh takes the images' contents from these parts.
IMAGES_NEEDS=(node-debian python web ergo)
# Parts built from another part's wrapper module in go/ (default: go/<part>).
declare -A GO_MODULE=([kubelet]=kubernetes)

BIN=$DIR/bin
STAMPS=$DIR/stamps
LOGS=$DIR/logs
KUBE_API_TEST_BIN=$DIR/k8s/$K8S_VERSION-linux-amd64

say() { printf 'testenv: %s\n' "$*"; }

# fail PART VERSION MESSAGE [LOG]: names the part that could not be had, exits 1.
fail() {
    local part=$1 version=$2 msg=$3 log=${4:-}
    if [[ -n $log && -s $log ]]; then
        printf -- '--- last lines of %s ---\n' "$log" >&2
        tail -n 25 "$log" >&2
        printf -- '---\n' >&2
    fi
    printf 'testenv: FAILED: %s %s could not be installed: %s\n' "$part" "$version" "$msg" >&2
    [[ -n $log ]] && printf 'testenv: full log: %s\n' "$log" >&2
    printf 'testenv: rerun %s %s after fixing it\n' "$HERE/install.sh" "$part" >&2
    exit 1
}

usage() { awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "${BASH_SOURCE[0]}"; }

FORCE=0
PARTS=()
for arg in "$@"; do
    case $arg in
        --force) FORCE=1 ;;
        -h|--help) usage; exit 0 ;;
        debian|node-debian|browser|python|web|kubernetes|kubelet|etcd|kwok|helm|ergo|coredns|kube-router|images) PARTS+=("$arg") ;;
        *) printf 'testenv: unknown argument: %s\n' "$arg" >&2; usage >&2; exit 2 ;;
    esac
done
if (( ${#PARTS[@]} )); then
    # images needs its parts first; every part runs once, in the order of ALL_PARTS.
    [[ " ${PARTS[*]} " == *" images "* ]] && PARTS+=("${IMAGES_NEEDS[@]}")
    named=" ${PARTS[*]} "
    PARTS=()
    for part in "${ALL_PARTS[@]}"; do [[ $named == *" $part "* ]] && PARTS+=("$part"); done
    unset named
else
    PARTS=("${ALL_PARTS[@]}")
fi

mkdir -p "$DIR" "$BIN" "$STAMPS" "$LOGS"

# One install at a time per folder.
if command -v flock >/dev/null 2>&1; then
    exec 9>"$DIR/.lock"
    if ! flock -n 9; then
        say "waiting for another install into $DIR"
        flock 9
    fi
fi

sha() { sha256sum "$@" | sha256sum | cut -c1-16; }

# up_to_date PART KEY FILE...: true when the stamp holds KEY and every FILE is executable.
up_to_date() {
    local part=$1 key=$2; shift 2
    (( FORCE )) && return 1
    [[ -f $STAMPS/$part && $(cat "$STAMPS/$part") == "$key" ]] || return 1
    local f
    for f in "$@"; do [[ -x $f ]] || return 1; done
}

stamp() { printf '%s\n' "$2" >"$STAMPS/$1"; }

elapsed() { echo "$(( SECONDS - $1 ))s"; }

# ---------------------------------------------------------------- Go parts --

GO_READY=0
GO_VERSION=
need_go() {
    local part=$1 version=$2
    (( GO_READY )) && return 0
    command -v go >/dev/null 2>&1 || fail "$part" "$version" "the go command is not on PATH (Go 1.26 is needed)"
    export GOTOOLCHAIN=local GOWORK=off CGO_ENABLED=0
    export GOFLAGS="-buildvcs=false -mod=readonly"
    GO_VERSION=$(go env GOVERSION)
    GO_READY=1
}

# go_module PART: the wrapper module folder a part is built from.
go_module() { echo "$HERE/go/${GO_MODULE[$1]:-$1}"; }

# go_key PART VERSION FLAGS: stamp key of a Go part; changes with the wrapper
# module's files, the Go version, the build flags and this script's revision.
go_key() {
    local part=$1 version=$2 flags=$3 mod
    mod=$(go_module "$part")
    local files=("$mod/go.mod" "$mod/go.sum")
    [[ -f $mod/main.go ]] && files+=("$mod/main.go")
    echo "rev=$SCRIPT_REV version=$version go=$GO_VERSION wrapper=$(cd "$mod" && sha "${files[@]/#$mod\//}") flags=$(printf '%s' "$flags" | sha256sum | cut -c1-16)"
}

# go_build PART VERSION TAGS LDFLAGS PACKAGE...: builds the packages with the
# part's wrapper module (go_module) and moves the binaries into $BIN. Symbol
# tables are left out (-s -w), as in upstream release builds: smaller files,
# faster links.
go_build() {
    local part=$1 version=$2 tags=$3 ldflags=$4; shift 4
    local mod log=$LOGS/$part.log out=$DIR/.build-$part
    mod=$(go_module "$part")
    rm -rf "$out"; mkdir -p "$out"
    {
        echo "# $(date -u +%FT%TZ) $GO_VERSION building $part $version"
        (cd "$mod" && go build -trimpath -tags="$tags" -ldflags="-s -w $ldflags" -o "$out/" "$@")
    } >"$log" 2>&1 || fail "$part" "$version" "go build failed" "$log"
    local f
    for f in "$out"/*; do mv -f "$f" "$BIN/"; done
    rmdir "$out"
}

# go_part PART VERSION TAGS LDFLAGS "BINARY..." PACKAGE...
go_part() {
    local part=$1 version=$2 tags=$3 ldflags=$4 binaries=$5; shift 5
    local start=$SECONDS key b paths=()
    need_go "$part" "$version"
    key=$(go_key "$part" "$version" "tags=$tags ldflags=$ldflags")
    for b in $binaries; do paths+=("$BIN/$b"); done
    if up_to_date "$part" "$key" "${paths[@]}"; then
        say "$part $version: already present"
        return 0
    fi
    rm -f "$STAMPS/$part"
    go_build "$part" "$version" "$tags" "$ldflags" "$@"
    for b in "${paths[@]}"; do
        [[ -x $b ]] || fail "$part" "$version" "the build made no $(basename "$b")" "$LOGS/$part.log"
    done
    stamp "$part" "$key"
    say "$part $version: installed ($(elapsed "$start"))"
}

# k8s_ldflags: the -X flags that make Kubernetes commands report v$K8S_VERSION
# instead of v0.0.0-master.
k8s_ldflags() {
    local v=$K8S_VERSION minor ld="" pkg
    minor=$(cut -d. -f2 <<<"$v")
    for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
        ld+=" -X $pkg.gitVersion=v$v -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor -X $pkg.gitTreeState=clean"
    done
    echo "${ld# }"
}

# check_version PART VERSION BINARY WANT ARG...: fails the part (and drops its
# stamp) unless BINARY ARG... prints WANT as its first line.
check_version() {
    local part=$1 version=$2 binary=$3 want=$4; shift 4
    local got
    got=$("$BIN/$binary" "$@" 2>&1 | head -n 1 || true)
    [[ $got == "$want" ]] || { rm -f "$STAMPS/$part"; fail "$part" "$version" "$binary $* printed '$got', not '$want'"; }
}

install_kubernetes() {
    local v=$K8S_VERSION
    go_part kubernetes "v$v" "selinux,notest" "$(k8s_ldflags)" \
        "kube-apiserver kube-controller-manager kube-scheduler kubectl" \
        k8s.io/kubernetes/cmd/kube-apiserver \
        k8s.io/kubernetes/cmd/kube-controller-manager \
        k8s.io/kubernetes/cmd/kube-scheduler \
        k8s.io/kubernetes/cmd/kubectl
    # kube-api-test looks for $KUBE_API_TEST_DIR/k8s/<numeric version>-linux-amd64/.
    mkdir -p "$KUBE_API_TEST_BIN"
    ln -f "$BIN/kubectl" "$KUBE_API_TEST_BIN/kubectl"
    # kube-api-test gives its API server a Service range of 254 addresses, which the API server tier
    # uses up (several Services per community, and a bare API server deletes no namespace); the
    # kube-apiserver it finds widens that range.
    rm -f "$KUBE_API_TEST_BIN/kube-apiserver"
    {
        echo '#!/usr/bin/env bash'
        echo '# Written by install.sh: runs kube-apiserver with the Service range 10.0.0.0/24 widened to 10.0.0.0/16.'
        echo 'args=()'
        echo 'for a in "$@"; do if [[ $a == 10.0.0.0/24 ]]; then args+=(10.0.0.0/16); else args+=("$a"); fi; done'
        echo "exec '$BIN/kube-apiserver' \"\${args[@]}\""
    } >"$KUBE_API_TEST_BIN/kube-apiserver"
    chmod 755 "$KUBE_API_TEST_BIN/kube-apiserver"
    local got
    got=$("$BIN/kube-apiserver" --version 2>&1 || true)
    [[ $got == "Kubernetes v$v" ]] || { rm -f "$STAMPS/kubernetes"; fail kubernetes "v$v" "kube-apiserver --version printed '$got'"; }
}

# The node's commands, from the same wrapper module, tags and version flags as
# the control plane; a part of their own, so the kubernetes stamp stays as it is.
install_kubelet() {
    local v=$K8S_VERSION
    go_part kubelet "v$v" "selinux,notest" "$(k8s_ldflags)" "kubelet kube-proxy" \
        k8s.io/kubernetes/cmd/kubelet \
        k8s.io/kubernetes/cmd/kube-proxy
    check_version kubelet "v$v" kubelet "Kubernetes v$v" --version
    check_version kubelet "v$v" kube-proxy "Kubernetes v$v" --version
}

install_etcd() {
    go_part etcd "v$ETCD_VERSION" "" "" "etcd" westchat.local/testenv/etcd
    mkdir -p "$KUBE_API_TEST_BIN"
    # kube-api-test starts etcd with listen URLs on 0.0.0.0; every server of the
    # tests binds to loopback, so the etcd it finds rewrites those to 127.0.0.1.
    rm -f "$KUBE_API_TEST_BIN/etcd"
    {
        echo '#!/usr/bin/env bash'
        echo '# Written by install.sh: runs etcd with any 0.0.0.0 address replaced by 127.0.0.1.'
        echo 'args=()'
        echo 'for a in "$@"; do args+=("${a//0.0.0.0/127.0.0.1}"); done'
        echo "exec '$BIN/etcd' \"\${args[@]}\""
    } >"$KUBE_API_TEST_BIN/etcd"
    chmod 755 "$KUBE_API_TEST_BIN/etcd"
}

install_kwok() {
    go_part kwok "v$KWOK_VERSION" "" "" "kwok" sigs.k8s.io/kwok/cmd/kwok
    # kwok 0.8 does nothing without Stage objects. Collect the stages kwokctl
    # uses by default (node fast + heartbeat, pod fast) from the kwok module in
    # the module cache into one file for `kwok --config`.
    local stages=$DIR/kwok/stages.yaml
    if [[ ! -s $stages || $STAMPS/kwok -nt $stages ]] || ! grep -q 'volume/fast' "$stages"; then
        local src d f
        src=$(cd "$HERE/go/kwok" && go mod download sigs.k8s.io/kwok && go list -m -f '{{.Dir}}' sigs.k8s.io/kwok) || true
        [[ -d $src/kustomize/stage ]] || fail kwok "v$KWOK_VERSION" "no kustomize/stage folder in the kwok module ($src)"
        mkdir -p "$DIR/kwok"
        {
            echo "# kwok Stage objects from sigs.k8s.io/kwok@v$KWOK_VERSION kustomize/stage/{node/fast,node/heartbeat,pod/fast,volume/fast}"
            for d in node/fast node/heartbeat pod/fast volume/fast; do
                # only the Stage documents: the volume folder also lists a StorageClass and RBAC,
                # which the local cluster creates itself
                while read -r f; do
                    [[ -f $src/kustomize/stage/$d/$f ]] && grep -q '^kind: Stage$' "$src/kustomize/stage/$d/$f" || continue
                    echo "---"
                    cat "$src/kustomize/stage/$d/$f"
                done < <(awk '/^resources:/ { r = 1; next } r && /^- / { print $2 }' "$src/kustomize/stage/$d/kustomization.yaml")
            done
        } >"$stages.tmp"
        mv -f "$stages.tmp" "$stages"
    fi
}

install_helm() {
    need_go helm "v$HELM_VERSION"
    # Like helm's release build: the version, and the Kubernetes version its
    # lint rules and default capabilities assume (client-go v0.N -> 1.N).
    local cg minor
    cg=$(cd "$HERE/go/helm" && go list -m -f '{{.Version}}' k8s.io/client-go) ||
        fail helm "v$HELM_VERSION" "cannot read the k8s.io/client-go version of go/helm"
    minor=$(cut -d. -f2 <<<"$cg")
    local ld="-X helm.sh/helm/v3/internal/version.version=v$HELM_VERSION"
    ld+=" -X helm.sh/helm/v3/internal/version.gitTreeState=clean"
    ld+=" -X helm.sh/helm/v3/pkg/lint/rules.k8sVersionMajor=1 -X helm.sh/helm/v3/pkg/lint/rules.k8sVersionMinor=$minor"
    ld+=" -X helm.sh/helm/v3/pkg/chartutil.k8sVersionMajor=1 -X helm.sh/helm/v3/pkg/chartutil.k8sVersionMinor=$minor"
    go_part helm "v$HELM_VERSION" "" "$ld" "helm" helm.sh/helm/v3/cmd/helm
}

install_ergo() {
    # Upstream's full build tags. This Ergo predates them (no file of it is
    # tagged), so they change nothing here, and none needs cgo or the network.
    go_part ergo "$ERGO_VERSION ($ERGO_MODULE_VERSION)" "i18n mysql postgresql sqlite" \
        "-X main.commit=$ERGO_COMMIT" "ergo" github.com/ergochat/ergo
}

# CoreDNS with its default plugin set (which has kubernetes). Upstream's build
# also sets coremain.GitCommit; the module proxy does not say the commit here,
# so it stays empty.
install_coredns() {
    go_part coredns "v$COREDNS_VERSION" "" "" "coredns" github.com/coredns/coredns
    check_version coredns "v$COREDNS_VERSION" coredns "CoreDNS-$COREDNS_VERSION" -version
}

# kube-router's network policy firewall for the real node, which enforces the
# communities' NetworkPolicies there (NetworkPolicyOnTheRealNodeTest).
install_kube_router() {
    go_part kube-router "v$KUBE_ROUTER_VERSION" "" \
        "-X github.com/cloudnativelabs/kube-router/v2/pkg/version.Version=v$KUBE_ROUTER_VERSION" \
        "kube-router" github.com/cloudnativelabs/kube-router/v2/cmd/kube-router
}

# ------------------------------------------------------------------ Python --

install_python() {
    local part=python start=$SECONDS venv=$DIR/venv log=$LOGS/python.log
    local label
    label="matrix-synapse $(sed -n 's/^matrix-synapse==//p' "$HERE/requirements.txt"), heisenbridge $(sed -n 's/^heisenbridge==//p' "$HERE/requirements.txt")"
    command -v "$PYTHON" >/dev/null 2>&1 || fail "$part" "$label" "no $PYTHON on PATH (Python >= 3.10 is needed)"
    local pyver
    pyver=$("$PYTHON" -c 'import sys; print("%d.%d.%d" % sys.version_info[:3])')
    "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 10))' ||
        fail "$part" "$label" "$PYTHON is $pyver; Synapse needs Python >= 3.10"
    local key
    key="rev=$SCRIPT_REV python=$("$PYTHON" -c 'import sys; print(sys.executable)') $pyver reqs=$(cd "$HERE" && sha requirements.txt constraints.txt)"
    if up_to_date "$part" "$key" "$venv/bin/python" "$venv/bin/heisenbridge" "$venv/bin/synapse_homeserver"; then
        say "$part ($label): already present"
        return 0
    fi
    rm -f "$STAMPS/$part"
    rm -rf "$venv"
    {
        echo "# $(date -u +%FT%TZ) $PYTHON $pyver"
        "$PYTHON" -m venv "$venv" &&
        "$venv/bin/python" -m pip install --disable-pip-version-check --no-input \
            -r "$HERE/requirements.txt" -c "$HERE/constraints.txt" &&
        "$venv/bin/python" -c 'import synapse.app.homeserver, psycopg2, heisenbridge'
    } >"$log" 2>&1 || fail "$part" "$label" "pip install into $venv failed" "$log"
    stamp "$part" "$key"
    link_venv_tools
    say "$part ($label): installed ($(elapsed "$start"))"
}

# ------------------------------------------------------------------ Debian --

deb_version() { dpkg-query -W -f='${Version}' "$1" 2>/dev/null; }
deb_installed() { [[ $(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null) == installed ]]; }

# stop_system_service SERVICE LOG: stops the system's SERVICE if it runs (by its
# init script, or by systemd where systemd runs the machine); tests start their own.
stop_system_service() {
    local svc=$1 log=$2
    if [[ -x /etc/init.d/$svc ]]; then
        "${SUDO[@]}" /etc/init.d/"$svc" status >/dev/null 2>&1 || return 0
        say "stopping the system $svc service (tests start their own)"
        "${SUDO[@]}" /etc/init.d/"$svc" stop >>"$log" 2>&1 || true
    elif [[ -d /run/systemd/system ]] && systemctl --quiet is-active "$svc" 2>/dev/null; then
        say "stopping the system $svc service (tests start their own)"
        "${SUDO[@]}" systemctl stop "$svc" >>"$log" 2>&1 || true
    fi
}

# apt_part PART "SERVICE..." PACKAGE...: installs the packages that are missing
# without starting their system services, stops any SERVICE that runs anyway,
# runs check_PART if there is one, and prints the part's line with every
# package's version.
apt_part() {
    local part=$1 services=$2; shift 2
    local packages=("$@") start=$SECONDS log=$LOGS/$part.log missing=() p
    command -v dpkg-query >/dev/null 2>&1 || fail "$part" "${packages[*]}" "this is not a Debian system (no dpkg)"
    for p in "${packages[@]}"; do deb_installed "$p" || missing+=("$p"); done
    if (( ${#missing[@]} )); then
        SUDO=()
        if (( EUID != 0 )); then
            if ! { command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; }; then
                fail "$part" "${missing[*]}" "not root and no password-less sudo; run as root: apt-get install -y --no-install-recommends ${missing[*]}"
            fi
            SUDO=(sudo -n)
        fi
        # Keep the packages' system services from starting: tests run their own
        # instances on free loopback ports. invoke-rc.d and deb-systemd-invoke
        # both obey policy-rc.d; exit code 101 means "action forbidden".
        local policy=/usr/sbin/policy-rc.d saved=
        if [[ -e $policy ]]; then saved=$policy.westchat-testenv; "${SUDO[@]}" mv "$policy" "$saved"; fi
        printf '#!/bin/sh\nexit 101\n' | "${SUDO[@]}" tee "$policy" >/dev/null
        "${SUDO[@]}" chmod 755 "$policy"
        local rc=0
        {
            echo "# $(date -u +%FT%TZ) installing ${missing[*]}"
            "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q &&
            "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
        } >"$log" 2>&1 || rc=$?
        "${SUDO[@]}" rm -f "$policy"
        [[ -n $saved ]] && "${SUDO[@]}" mv "$saved" "$policy"
        (( rc == 0 )) || fail "$part" "${missing[*]}" "apt-get install failed" "$log"
        # Nothing should run now; stop any of the packages' services that did start.
        local svc
        for svc in $services; do stop_system_service "$svc" "$log"; done
    fi
    local versions=() state
    for p in "${packages[@]}"; do versions+=("$p $(deb_version "$p")"); done
    if declare -F "check_${part//-/_}" >/dev/null; then "check_${part//-/_}" "${versions[*]}"; fi
    if (( ${#missing[@]} )); then state="installed ($(elapsed "$start"))"; else state="already present"; fi
    local joined
    joined=$(printf '%s, ' "${versions[@]}")
    stamp "$part" "${joined%, }"
    say "$part (${joined%, }): $state"
}

SUDO=()

install_debian() {
    apt_part debian "postgresql prosody biboumi nginx" "${DEBIAN_PACKAGES[@]}"
}

check_debian() {
    [[ -x /usr/lib/postgresql/$POSTGRES_MAJOR/bin/postgres ]] ||
        fail debian "postgresql-$POSTGRES_MAJOR" "/usr/lib/postgresql/$POSTGRES_MAJOR/bin/postgres is missing"
}

install_node_debian() {
    apt_part node-debian "containerd" "${NODE_DEBIAN_PACKAGES[@]}"
}

check_node_debian() {
    local f
    for f in containerd containerd-shim-runc-v2 ctr runc iptables conntrack socat ipset mmdebstrap; do
        node_tool "$f" >/dev/null || fail node-debian "$1" "no $f on PATH, /usr/sbin or /sbin after installing"
    done
    for f in bridge host-local loopback portmap; do
        [[ -x $CNI_BIN/$f ]] || fail node-debian "$1" "the CNI plugin $CNI_BIN/$f is missing"
    done
}

# node_tool NAME: where NAME is, looking also in the sbin folders (Debian puts
# runc, iptables and conntrack there, which a user's PATH may lack).
node_tool() { PATH=$PATH:/usr/sbin:/sbin command -v "$1"; }

install_browser() {
    apt_part browser "" "${BROWSER_DEBIAN_PACKAGES[@]}"
}

check_browser() {
    local f
    for f in /usr/bin/chromium /usr/bin/chromedriver; do
        [[ -x $f ]] || fail browser "$1" "$f is missing after installing"
    done
}

# --------------------------------------------------------------------- web --

# The files a browser loads, not a Node.js program: each package's tarball from
# the npm registry (npm pack checks it against the registry's integrity value),
# unpacked into web/<package>/ without its dependencies, which Converse.js'
# dist/ already bundles.
install_web() {
    local part=web start=$SECONDS web=$DIR/web log=$LOGS/web.log
    local label="converse.js $CONVERSE_VERSION, axe-core $AXE_VERSION"
    command -v npm >/dev/null 2>&1 || fail "$part" "$label" "no npm on PATH (Node.js with npm is needed)"
    local key="rev=$SCRIPT_REV converse.js=$CONVERSE_VERSION axe-core=$AXE_VERSION"
    if up_to_date "$part" "$key" "$web/converse.js/dist" "$web/axe-core" &&
        [[ -f $web/converse.js/dist/converse.min.js && -f $web/axe-core/axe.min.js ]]; then
        say "$part ($label): already present"
        return 0
    fi
    rm -f "$STAMPS/$part"
    rm -rf "$web"
    mkdir -p "$web/.packs" "$web/converse.js" "$web/axe-core"
    {
        echo "# $(date -u +%FT%TZ) npm $(npm --version) pack converse.js@$CONVERSE_VERSION axe-core@$AXE_VERSION"
        (cd "$web/.packs" && npm pack --no-fund --no-audit "converse.js@$CONVERSE_VERSION" "axe-core@$AXE_VERSION") &&
        tar -xzf "$web/.packs/converse.js-$CONVERSE_VERSION.tgz" -C "$web/converse.js" --strip-components=1 --no-same-owner &&
        tar -xzf "$web/.packs/axe-core-$AXE_VERSION.tgz" -C "$web/axe-core" --strip-components=1 --no-same-owner
    } >"$log" 2>&1 || fail "$part" "$label" "npm pack or unpacking failed" "$log"
    rm -rf "$web/.packs"
    [[ -f $web/converse.js/dist/converse.min.js ]] || fail "$part" "$label" "no dist/converse.min.js in converse.js" "$log"
    [[ -f $web/axe-core/axe.min.js ]] || fail "$part" "$label" "no axe.min.js in axe-core" "$log"
    # readable by the unprivileged user nginx's workers run as
    chmod -R a+rX "$web"
    stamp "$part" "$key"
    say "$part ($label): installed ($(elapsed "$start"))"
}

# ------------------------------------------------------------------ images --

# images/build.sh (from the repository root) builds the images of the real-node
# tier into $DIR/images and keeps stamps of its own. This part reruns it when a
# file under images/ or a part it takes contents from has changed.
install_images() {
    local part=images start=$SECONDS log=$LOGS/images.log root build label=images key n
    root=$(cd "$HERE/../.." && pwd)
    build=$root/images/build.sh
    if [[ -f $root/images/versions.properties ]]; then
        label=$(awk -F= '!/^#/ && NF == 2 { printf "%s%s %s", sep, $1, $2; sep = ", " }' "$root/images/versions.properties")
    fi
    [[ -f $build ]] || fail "$part" "($label)" "$build does not exist (yet): the image recipes are missing"
    key="rev=$SCRIPT_REV recipes=$(cd "$root" && find images -type f ! -path '*/__pycache__/*' -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16)"
    for n in "${IMAGES_NEEDS[@]}"; do
        [[ -f $STAMPS/$n ]] || fail "$part" "($label)" "the $n part is not installed"
        key+=" $n=$(sha256sum <"$STAMPS/$n" | cut -c1-16)"
    done
    if up_to_date "$part" "$key" "$DIR/images"; then
        say "$part ($label): already present"
        return 0
    fi
    rm -f "$STAMPS/$part"
    # build.sh sees what the tests see: env.sh's variables (bin/ on PATH, the venv, ...).
    write_env
    {
        echo "# $(date -u +%FT%TZ) $build --out $DIR/images"
        (cd "$root" && source "$DIR/env.sh" && bash "$build" --out "$DIR/images")
    } >"$log" 2>&1 || fail "$part" "($label)" "images/build.sh failed (it names the image above)" "$log"
    [[ -d $DIR/images ]] || fail "$part" "($label)" "images/build.sh made no $DIR/images" "$log"
    stamp "$part" "$key"
    say "$part ($label): installed ($(elapsed "$start"))"
}

# ------------------------------------------------------------------ env.sh --

write_env() {
    local tmp=$DIR/.env.sh.tmp
    cat >"$tmp" <<EOF
# Written by e2e-tests/testenv/install.sh; source it before running the e2e tests.
export WESTCHAT_TESTENV_DIR='$DIR'
export KUBE_API_TEST_DIR='$DIR'
export WESTCHAT_KUBE_VERSION='$K8S_VERSION'
export WESTCHAT_VENV='$DIR/venv'
export WESTCHAT_KWOK_STAGES='$DIR/kwok/stages.yaml'
export WESTCHAT_IMAGES_DIR='$DIR/images'
export WESTCHAT_WEB_DIR='$DIR/web'
export WESTCHAT_CNI_BIN='$CNI_BIN'
export WESTCHAT_CONTAINERD='$(node_tool containerd || echo /usr/bin/containerd)'
export WESTCHAT_CTR='$(node_tool ctr || echo /usr/bin/ctr)'
export WESTCHAT_RUNC='$(node_tool runc || echo /usr/sbin/runc)'
for _westchat_p in '/usr/lib/postgresql/$POSTGRES_MAJOR/bin' '$BIN'; do
    case ":\$PATH:" in *":\$_westchat_p:"*) ;; *) PATH="\$_westchat_p:\$PATH" ;; esac
done
# kubelet, kube-proxy and containerd call runc, iptables, conntrack and
# containerd-shim-runc-v2 by name; Debian puts some of them in the sbin folders.
for _westchat_p in /usr/sbin /sbin; do
    case ":\$PATH:" in *":\$_westchat_p:"*) ;; *) PATH="\$PATH:\$_westchat_p" ;; esac
done
unset _westchat_p
export PATH
EOF
    mv -f "$tmp" "$DIR/env.sh"
}

# Entry points of the virtualenv, linked into bin/ so PATH finds them
# without the venv's python shadowing the system one.
link_venv_tools() {
    local t
    for t in synapse_homeserver heisenbridge; do
        [[ -x $DIR/venv/bin/$t ]] && ln -sfn "$DIR/venv/bin/$t" "$BIN/$t"
    done
    return 0
}

say "installing into $DIR"
for part in "${PARTS[@]}"; do
    "install_${part//-/_}"
done
link_venv_tools
write_env
say "done; use: source $DIR/env.sh"
