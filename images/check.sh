#!/usr/bin/env bash
# Checks the built images in a chroot (no container runtime needed): images/check.sh --out DIR [COMPONENT...]
set -euo pipefail
exec python3 "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/check.py" "$@"
