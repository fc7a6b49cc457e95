#!/bin/sh
# Used by the Dockerfile: make sure Python >= 3.11 (and, with --venv, its venv module and ensurepip)
# and a CA bundle are present. The python:3.x-slim images have them; a bare Debian base (such as the
# locally debootstrapped bookworm that scripts/compose_images.py uses) gets Debian's packages.
set -eu
want_venv=0
[ "${1:-}" = --venv ] && want_venv=1

have() {
    command -v python3 >/dev/null 2>&1 || return 1
    python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || return 1
    [ "$want_venv" -eq 0 ] || python3 -c 'import ensurepip, venv' 2>/dev/null || return 1
    [ -s /etc/ssl/certs/ca-certificates.crt ] || return 1
}

if have; then
    echo "ensure-python: $(python3 -V 2>&1) at $(command -v python3)"
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "ensure-python: no Python >= 3.11 in this base image and no apt-get to install it;" \
         "use a Debian bookworm (or newer) or python:3.x-slim base" >&2
    exit 1
fi
packages="python3 ca-certificates"
[ "$want_venv" -eq 0 ] || packages="$packages python3-venv"
echo "ensure-python: apt-get install $packages"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $packages
rm -rf /var/lib/apt/lists/*
if ! have; then
    echo "ensure-python: $(python3 -V 2>&1) from apt is older than 3.11; use a Debian bookworm base" >&2
    exit 1
fi
echo "ensure-python: $(python3 -V 2>&1) at $(command -v python3)"
