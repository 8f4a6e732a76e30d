#!/usr/bin/env bash
# Install Debian's Chromium and ChromeDriver for the browser tests (needs root).
# Idempotent: does nothing when both are already there.
set -euo pipefail
if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "install-browser.sh: run as root to install chromium and chromium-driver." >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium chromium-driver fonts-noto-core >/dev/null
