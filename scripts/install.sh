#!/bin/sh
# Install netops from this checkout into a virtual environment, on a stock Debian 12 or anywhere:
#   sh scripts/install.sh            -> .venv with netops; run it as .venv/bin/netops
#   sh scripts/install.sh --test     -> the same, with what the test suite needs
#   NETOPS_VENV=/opt/netops sh scripts/install.sh   -> somewhere else
# Debian's own Python refuses `pip install` outside a virtual environment (PEP 668,
# "externally-managed-environment"), and its `venv` needs the python3-venv package, which is
# installed here with apt-get when it is missing. Safe to run again: it only adds what is missing.
set -eu
cd "$(dirname "$0")/.."

venv="${NETOPS_VENV:-.venv}"
extra=""
[ "${1:-}" = "--test" ] && extra="[test]"

sudo_if_needed() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

if [ ! -x "$venv/bin/python" ]; then
    if ! python3 -m venv "$venv" >/dev/null 2>&1; then
        rm -rf "$venv"
        if command -v apt-get >/dev/null 2>&1; then
            # python3.11-venv on Debian 12; the unversioned name follows the default python3
            echo "scripts/install.sh: installing Debian's python3-venv" >&2
            sudo_if_needed apt-get update -qq >&2
            DEBIAN_FRONTEND=noninteractive sudo_if_needed apt-get install -y -qq python3-venv >&2
            python3 -m venv "$venv"
        else
            echo "scripts/install.sh: python3 cannot create a virtual environment; install its venv module" >&2
            exit 1
        fi
    fi
fi

if [ -n "$extra" ]; then
    "$venv/bin/python" -m pip install -q --disable-pip-version-check -e ".$extra" >&2
else
    "$venv/bin/python" -m pip install -q --disable-pip-version-check . >&2
fi
