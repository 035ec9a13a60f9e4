#!/usr/bin/env bash
# Sets everything up on a fresh Debian 12 machine and opens the SyncSmart console: in demo mode
# (a simulated shop and ERP, synced live) without arguments; otherwise the arguments go to the
# console, e.g. ./run-console.sh --profile acme
set -euo pipefail
cd "$(dirname "$0")"
bash packaging/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release --target syncsmart syncsmart-cli syncsmart-sim
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "run-console: no graphical display (DISPLAY/WAYLAND_DISPLAY unset)." >&2
  echo "  Run this from a desktop session, or over 'ssh -X', or under a virtual display:" >&2
  echo "  xvfb-run -a ./run-console.sh" >&2
  exit 1
fi
if [ "$#" -eq 0 ]; then
  set -- --demo
fi
exec build/release/app/console/syncsmart "$@"
