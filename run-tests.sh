#!/usr/bin/env bash
# Sets everything up on a fresh Debian 12 machine and runs every test:
# installs the Debian packages, configures and builds the debug preset, runs CTest.
set -euo pipefail
cd "$(dirname "$0")"
bash packaging/install-deps.sh
cmake --preset debug
cmake --build --preset debug
ctest --preset debug "$@"
