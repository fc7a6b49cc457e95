#!/bin/sh
# assay-docker-user COMMAND...: run COMMAND as the unprivileged user `assay`, with the group that owns
# the Docker socket as its one supplementary group. For the containers that drive the Docker engine
# through a mounted socket (the worker and the images service in compose.yaml): they start as root
# only so that this script can read the socket's group id, which differs from host to host, and then
# drop to uid 10000 for good (setpriv; no capability survives the switch).
#
# Started as any other user, or with ASSAY_RUN_AS_ROOT=1, it runs COMMAND unchanged.
set -eu
if [ "$(id -u)" != 0 ] || [ "${ASSAY_RUN_AS_ROOT:-0}" = 1 ]; then
    exec "$@"
fi
socket=
case "${DOCKER_HOST:-unix:///var/run/docker.sock}" in
    unix://*) socket=${DOCKER_HOST:-unix:///var/run/docker.sock}; socket=${socket#unix://} ;;
esac
export HOME=/home/assay USER=assay LOGNAME=assay
if [ -n "$socket" ] && [ -S "$socket" ]; then
    exec setpriv --reuid=assay --regid=assay --groups="$(stat -c %g "$socket")" -- "$@"
fi
if [ -n "$socket" ]; then
    echo "assay-docker-user: no Docker socket at $socket (mount the host's, or set DOCKER_HOST)" >&2
fi
exec setpriv --reuid=assay --regid=assay --clear-groups -- "$@"
