#!/usr/bin/env bash
# Installs what building (and, with --test, testing) needs, from Debian 12 packages only.
# Installs nothing that is already there; uses sudo when not run as root.
set -euo pipefail
packages=(cmake g++ make pkg-config libxapian-dev libcmark-dev nlohmann-json3-dev catch2
          libcpp-httplib-dev libyaml-cpp-dev libcli11-dev libkainjow-mustache-dev help2man dpkg-dev
          file)  # file: CPack reads the programs' shared-library dependencies with it
if [ "${1:-}" = "--test" ]; then
  # The browser test drives Debian's Chromium with playwright-core from npm; the shard
  # test serves an index with xapian-tcpsrv.
  packages+=(chromium xapian-tools)
  command -v npm > /dev/null || packages+=(nodejs npm)
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2> /dev/null | grep -q "ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "Installing: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
