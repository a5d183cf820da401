#!/usr/bin/env bash
# The whole test suite, from a clean clone on a fresh Debian machine:
#   bash tests/run.sh [pytest args...]
# Installs what the tests need (Debian packages for the real protocol servers, then netops
# with its test extras in the virtual environment .venv, see scripts/install.sh) and runs pytest
# there. Safe to run again: installed things are skipped.
set -euo pipefail
cd "$(dirname "$0")/.."

debian_packages=(snmp libsnmp-dev unbound iperf3 iproute2 openssh-client prometheus)
missing=()
for pkg in "${debian_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ] && command -v apt-get >/dev/null; then
    echo "tests/run.sh: installing Debian packages: ${missing[*]}" >&2
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    # The resolver and Prometheus packages would start system services on install; the tests run
    # their own, on free loopback ports.
    # Debian's policy-rc.d ("start no service now") keeps it from starting, so nothing has to be
    # stopped afterwards (other people's unbound processes on this machine are none of ours).
    # A policy already in place is used as it is; one made here is removed again.
    policy=/usr/sbin/policy-rc.d
    made_policy=""
    if [ ! -e "$policy" ]; then
        made_policy=1
        trap '$SUDO rm -f "$policy"' EXIT  # also when the install fails
        printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$policy" >/dev/null
        $SUDO chmod 755 "$policy"
    fi
    $SUDO apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
    if [ -n "$made_policy" ]; then $SUDO rm -f "$policy"; trap - EXIT; fi
    for unit in unbound prometheus; do  # and not at the next boot either
        $SUDO systemctl disable "$unit" >/dev/null 2>&1 || true
    done
fi

sh scripts/install.sh --test
venv="${NETOPS_VENV:-.venv}"
case "$venv" in /*) ;; *) venv="$PWD/$venv" ;; esac
export PATH="$venv/bin:$PATH"  # `netops` in a test's shell is this checkout's
# Most tests wait on servers rather than compute, so four workers fit two cores; a later -n in
# the arguments wins (`-n 0` runs in one process, as a debugger wants).
exec "$venv/bin/python" -m pytest -n "${NETOPS_TEST_WORKERS:-4}" "$@"
