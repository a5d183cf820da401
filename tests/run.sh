#!/usr/bin/env bash
# The whole test suite, from a clean clone on a fresh Debian machine:
#   bash tests/run.sh [pytest args...]
# Installs what the tests need (Debian packages for the real protocol servers, then netops
# with its test extras) and runs pytest. Safe to run again: installed things are skipped.
set -euo pipefail
cd "$(dirname "$0")/.."

debian_packages=(snmp libsnmp-dev unbound iperf3 iproute2 openssh-client)
missing=()
for pkg in "${debian_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ] && command -v apt-get >/dev/null; then
    echo "tests/run.sh: installing Debian packages: ${missing[*]}" >&2
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
    # The resolver package starts a system service on install; the tests run their own.
    $SUDO systemctl disable --now unbound >/dev/null 2>&1 || pkill -x unbound 2>/dev/null || true
fi

python3 -m pip install -q --disable-pip-version-check -e '.[test]' >&2
exec python3 -m pytest "$@"
