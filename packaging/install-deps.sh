#!/usr/bin/env bash
# Installs every Debian 12 package that building, testing and the demo of SyncSmart need.
# Idempotent: when everything is there it checks and returns in about a second, printing one line.
set -euo pipefail

packages=(
  # toolchain
  build-essential cmake ninja-build pkg-config git
  # Qt 6.4 from Debian: Core/Network/Sql/Concurrent/Widgets/Test, platform plugins, SQLite driver
  qt6-base-dev qt6-qpa-plugins libqt6sql6-sqlite libgl-dev libxkbcommon-dev
  # the simulators (syncsmart-sim): QHttpServer's CMake config needs the WebSockets package too
  qt6-httpserver-dev qt6-websockets-dev
  # the Overview's charts of throughput and queue depth
  qt6-charts-dev libqt6opengl6-dev
  # fingerprints of field values (XXH3)
  libxxhash-dev
  # translations (Qt6LinguistTools, lrelease)
  qt6-tools-dev qt6-l10n-tools
  # fonts for the console, and a virtual display for headless screenshots and UI runs
  fonts-dejavu-core xvfb xauth
  # screenshots of the console under Xvfb (import), clicking through it (xdotool)
  imagemagick xdotool
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

echo "install-deps: installing ${#missing[@]} missing package(s): ${missing[*]}"
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install-deps: run as root or install sudo" >&2; exit 1; }
  sudo_cmd=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-deps: done"
