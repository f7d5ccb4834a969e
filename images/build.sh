#!/usr/bin/env bash
# Builds the project's test images as docker-archives, without a Docker engine or registry.
#   images/build.sh --out DIR [--force] [COMPONENT...]
# See images/README.md. Needs root (mmdebstrap), python3, GNU tar, gcc; the ergo image needs
# e2e-tests/testenv/install.sh ergo first, the operator image a packaged operator.
set -euo pipefail
exec python3 "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/build.py" "$@"
