#!/usr/bin/env bash
# Makes sure the Chromium the browser tests drive (playwright-core, /usr/bin/chromium) is here.
# As root it installs Debian's chromium package; otherwise it fails saying how to install it.
# It never skips: without Chromium the browser tests cannot run, and that must show.
set -euo pipefail

CHROMIUM=/usr/bin/chromium

if [ -x "$CHROMIUM" ]; then
  echo "chromium: $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM")"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "Chromium is missing: the browser tests need $CHROMIUM." >&2
  echo "Install it with:  sudo apt-get update && sudo apt-get install -y chromium" >&2
  exit 1
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "Chromium is missing and this machine has no apt-get to install it with." >&2
  echo "Install Chromium so that $CHROMIUM exists (Debian/Ubuntu: apt-get install -y chromium)." >&2
  exit 1
fi

echo "Chromium is missing; installing Debian's chromium package..."
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y chromium

if [ ! -x "$CHROMIUM" ]; then
  echo "apt-get installed chromium, but $CHROMIUM is still missing." >&2
  exit 1
fi
echo "chromium: $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM")"
