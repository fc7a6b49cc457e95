#!/usr/bin/env bash
# Prepare a Debian bookworm host (as root) to run Assay's sandboxes:
#   - Debian packages: docker.io, runsc (gVisor), tini, debootstrap, python3 + venv, make, nodejs + npm
#     (the candidate app's build: make assets); runsc is bookworm's 0.0~20221219 (ASSAY_RUNSC_BACKPORTS=1:
#     bookworm-backports' 0.0~20240729; docs/deployment.md "Which gVisor");
#   - /etc/docker/daemon.json registers the runtimes "runsc" and "crun" (other keys are kept);
#   - a running Docker engine (started in the background where there is no systemd).
# Idempotent: a second run on a prepared host changes nothing and takes a second or two.
set -euo pipefail

RUNSC_PATH=/usr/bin/runsc
CRUN_PATH=/usr/bin/crun
DAEMON_JSON=/etc/docker/daemon.json
DOCKERD_LOG=/var/log/dockerd.log
WAIT_S=${ASSAY_SETUP_WAIT_S:-60}

say() { printf '[setup-host] %s\n' "$*"; }
die() { printf '[setup-host] error: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || die "run as root (e.g. sudo bash scripts/setup-host.sh)"
command -v apt-get >/dev/null || die "this script supports Debian (apt-get not found); install docker, runsc and debootstrap by hand"
if [ -r /etc/os-release ]; then
    # shellcheck source=/dev/null
    . /etc/os-release
    [ "${VERSION_CODENAME:-}" = bookworm ] || say "note: written for Debian bookworm, this is ${PRETTY_NAME:-unknown}"
fi

# --- packages -------------------------------------------------------------------------------
# command or file that proves it is there  ->  package that provides it
declare -a NEED=(
    "dockerd:docker.io"
    "runsc:runsc"
    "tini:tini"
    "debootstrap:debootstrap"
    "python3:python3"
    "make:make"
    "/etc/ssl/certs/ca-certificates.crt:ca-certificates"
    "chromium:chromium"
    "pg_ctlcluster:postgresql"
    "docker-compose:docker-compose"
    "node:nodejs"
    "npm:npm"
    "crun:crun"
    "pandoc:pandoc"    # LaTeX statements of imported Kattis packages -> Markdown
)
missing=()
for entry in "${NEED[@]}"; do
    probe=${entry%%:*}
    package=${entry#*:}
    if [[ $probe == /* ]]; then
        [ -e "$probe" ] || missing+=("$package")
    elif ! PATH="$PATH:/usr/sbin:/sbin" command -v "$probe" >/dev/null 2>&1; then
        missing+=("$package")
    fi
done
# `python3 -m venv` needs ensurepip, which Debian ships separately.
if ! python3 -c 'import ensurepip, venv' >/dev/null 2>&1; then
    missing+=("python3-venv")
fi

if [ ${#missing[@]} -gt 0 ]; then
    say "installing: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    # policy-rc.d keeps dpkg from trying to start services (there is no init system to do it
    # here); the engine is started below, the one way that works everywhere.
    created_policy=0
    if [ ! -e /usr/sbin/policy-rc.d ]; then
        printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
        chmod +x /usr/sbin/policy-rc.d
        created_policy=1
    fi
    status=0
    apt-get install -y -q --no-install-recommends "${missing[@]}" || status=$?
    [ "$created_policy" -eq 0 ] || rm -f /usr/sbin/policy-rc.d
    [ "$status" -eq 0 ] || die "apt-get install ${missing[*]} failed (exit $status); check that deb.debian.org is reachable"
else
    say "packages: all present (docker.io runsc tini debootstrap python3 make chromium postgresql docker-compose nodejs npm crun pandoc)"
fi

# --- gVisor: runsc -----------------------------------------------------------------------------------
# Debian bookworm's runsc, 0.0~20221219. bookworm-backports carries 0.0~20240729 (19 months more of
# Sentry fixes; ASSAY_RUNSC_BACKPORTS=1 installs it), but it misjudged CPU time in our suite (a memory
# bomb of 16 processes was charged 5.3 s of CPU in 83 ms: TLE instead of MLE, 1 run in 3): see
# docs/deployment.md, "Which gVisor". Both need Assay's seccomp profile under --oci-seccomp
# (sandbox/seccomp.py).
BACKPORTS_LIST=/etc/apt/sources.list.d/bookworm-backports.list
if [ "${ASSAY_RUNSC_BACKPORTS:-0}" = 1 ] && [ "${VERSION_CODENAME:-}" = bookworm ] \
        && ! dpkg-query -W -f='${Version}' runsc 2>/dev/null | grep -q '~bpo12'; then
    if ! grep -rqs "bookworm-backports" /etc/apt/sources.list /etc/apt/sources.list.d/; then
        say "adding bookworm-backports to $BACKPORTS_LIST (for runsc only: backports are never installed unasked)"
        echo "deb http://deb.debian.org/debian bookworm-backports main" >"$BACKPORTS_LIST"
    fi
    say "installing runsc from bookworm-backports (ASSAY_RUNSC_BACKPORTS=1)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q --no-install-recommends -t bookworm-backports runsc \
        || die "apt-get install -t bookworm-backports runsc failed; check that deb.debian.org is reachable"
fi
say "runsc: $(dpkg-query -W -f='${Version}' runsc 2>/dev/null || echo unknown)"
[ -x "$RUNSC_PATH" ] || die "$RUNSC_PATH is missing although runsc is installed"

# --- daemon.json: register runsc, keep everything else -----------------------------------------
mkdir -p "$(dirname "$DAEMON_JSON")"
changed=$(python3 - "$DAEMON_JSON" "$RUNSC_PATH" "$CRUN_PATH" <<'PY'
import json, os, sys

path, runsc, crun = sys.argv[1], sys.argv[2], sys.argv[3]
try:
    with open(path) as handle:
        text = handle.read()
except FileNotFoundError:
    text = ""
try:
    config = json.loads(text) if text.strip() else {}
except ValueError as exc:
    sys.exit(f"{path} is not valid JSON ({exc}); fix or remove it and run again")
if not isinstance(config, dict):
    sys.exit(f"{path} must hold a JSON object")
# --oci-seccomp: without it runsc does not apply the container's seccomp profile inside the sandbox
wanted = {"runsc": {"path": runsc, "runtimeArgs": ["--network=none", "--oci-seccomp"]}, "crun": {"path": crun}}
runtimes = config.setdefault("runtimes", {})
if all(runtimes.get(name) == value for name, value in wanted.items()):
    print("no")
    sys.exit(0)
runtimes.update(wanted)
temporary = f"{path}.assay-tmp"
with open(temporary, "w") as handle:
    json.dump(config, handle, indent=2)
    handle.write("\n")
os.replace(temporary, path)
print("yes")
PY
)
if [ "$changed" = yes ]; then
    say "registered runtimes runsc ($RUNSC_PATH --network=none --oci-seccomp) and crun ($CRUN_PATH) in $DAEMON_JSON"
else
    say "$DAEMON_JSON: runtimes runsc and crun already registered"
fi

# --- the engine ---------------------------------------------------------------------------------
engine_up() { docker info >/dev/null 2>&1; }
has_runsc() { docker info --format '{{json .Runtimes}}' 2>/dev/null | grep -q '"runsc"'; }
# the engine has picked up runsc's current arguments (a reload is asynchronous)
runsc_seccomp() { docker info --format '{{json .Runtimes.runsc}}' 2>/dev/null | grep -q -- '--oci-seccomp'; }
has_crun() { docker info --format '{{json .Runtimes}}' 2>/dev/null | grep -q '"crun"'; }

dockerd_pid=""
show_log() {
    if [ -f "$DOCKERD_LOG" ]; then say "last lines of $DOCKERD_LOG:"; tail -n 20 "$DOCKERD_LOG" >&2; fi
}
wait_for() {  # wait_for DESCRIPTION COMMAND...
    local what=$1; shift
    local waited=0
    until "$@"; do
        if [ -n "$dockerd_pid" ] && ! kill -0 "$dockerd_pid" 2>/dev/null; then
            show_log
            die "dockerd exited while starting; see $DOCKERD_LOG"
        fi
        if [ "$waited" -ge "$WAIT_S" ]; then
            show_log
            die "$what after ${WAIT_S} s; see $DOCKERD_LOG"
        fi
        sleep 1
        waited=$((waited + 1))
    done
}

if engine_up; then
    if [ "$changed" = yes ] || ! has_runsc || ! has_crun || ! runsc_seccomp; then
        pid=$(cat /var/run/docker.pid 2>/dev/null || pidof dockerd || true)
        [ -n "$pid" ] || die "the engine answers but no dockerd pid was found to reload; restart it by hand"
        say "reloading dockerd (pid $pid) to pick up runsc and crun"
        kill -HUP "$pid"
        wait_for "dockerd did not list runsc after the reload" has_runsc
        wait_for "dockerd did not list crun after the reload" has_crun
        wait_for "dockerd did not pass --oci-seccomp to runsc after the reload" runsc_seccomp
    fi
    say "Docker engine: running"
else
    running=$(pidof dockerd || true)
    if [ -n "$running" ]; then
        say "dockerd (pid $running) is running but does not answer yet: waiting for it"
    elif [ -d /run/systemd/system ] && command -v systemctl >/dev/null; then
        say "starting the Docker engine (systemctl start docker)"
        systemctl start docker
    else
        say "starting the Docker engine in the background (log: $DOCKERD_LOG)"
        # setsid: the engine must outlive this script's session (make, CI steps, a closed terminal).
        setsid nohup dockerd >"$DOCKERD_LOG" 2>&1 </dev/null &
        dockerd_pid=$!
    fi
    wait_for "the Docker engine did not answer" engine_up
    has_runsc || die "the Docker engine runs but does not list runsc; check $DAEMON_JSON"
    has_crun || die "the Docker engine runs but does not list crun; check $DAEMON_JSON"
    say "Docker engine: started"
fi

say "ready: $(docker version --format 'engine {{.Server.Version}}' 2>/dev/null), runtimes: $(docker info --format '{{range $name, $_ := .Runtimes}}{{$name}} {{end}}' 2>/dev/null)"
