#!/usr/bin/env bash
# Starts the cluster tier's local Kubernetes in the foreground: etcd, kube-apiserver,
# kube-controller-manager, kube-scheduler and kwok with one fake node, all on 127.0.0.1,
# from the parts e2e-tests/testenv/install.sh installed. It is the same LocalCluster the
# cluster-tier tests start (e2e-tests/src/test/java/.../e2e/cluster), run by a small main class.
# Prints how to point kubectl and the operator at it; Ctrl-C stops every program.
#
# usage: local-cluster.sh [--real-node] [--kubeconfig FILE]
#   --real-node        a real node (containerd, kubelet; needs root) instead of kwok's fake one
#   --kubeconfig FILE  also write the admin kubeconfig to FILE (a path that stays the same)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
MODULE=$ROOT/e2e-tests
CLASSPATH_FILE=$MODULE/target/test-classpath.txt

case "${1:-}" in
  -h|--help) sed -n '2,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
esac

echo "local-cluster: compiling the e2e tests (and what they depend on) ..." >&2
# test-compile also writes the test classpath (maven-dependency-plugin in e2e-tests/pom.xml)
(cd "$ROOT" && ./mvnw -B -q -pl e2e-tests -am test-compile >&2)
[[ -s $CLASSPATH_FILE ]] || { echo "local-cluster: $CLASSPATH_FILE was not written" >&2; exit 1; }

exec java -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
  -cp "$MODULE/target/test-classes:$MODULE/target/classes:$(cat "$CLASSPATH_FILE")" \
  net.freedommessenger.westchat.e2e.cluster.LocalClusterMain "$@"
