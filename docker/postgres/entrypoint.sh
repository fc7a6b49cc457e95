#!/usr/bin/env bash
# Entrypoint of docker/postgres: initialise $PGDATA on first start like the official postgres image
# (same variables), then exec the server as the postgres user.
set -Eeuo pipefail

log() { printf '%s [entrypoint] %s\n' "$(date -u '+%Y-%m-%d %H:%M:%S UTC')" "$*" >&2; }

if [ "${1:0:1}" = '-' ]; then
    set -- postgres "$@"
fi
if [ "$1" != postgres ]; then
    exec "$@"
fi

if [ "$(id -u)" = 0 ]; then
    # A fresh volume or bind mount: hand it to postgres, then run this script again as postgres.
    mkdir -p "$PGDATA" /var/run/postgresql
    chown postgres:postgres /var/run/postgresql
    chmod 2775 /var/run/postgresql
    if [ "$(stat -c %U "$PGDATA")" != postgres ]; then
        chown -R postgres:postgres "$PGDATA"
    fi
    chmod 0700 "$PGDATA"
    exec setpriv --reuid=postgres --regid=postgres --init-groups "${BASH_SOURCE[0]}" "$@"
fi

if [ ! -s "$PGDATA/PG_VERSION" ]; then
    POSTGRES_USER=${POSTGRES_USER:-postgres}
    POSTGRES_DB=${POSTGRES_DB:-$POSTGRES_USER}
    auth=${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}
    if [ -z "${POSTGRES_PASSWORD:-}" ] && [ "$auth" != trust ]; then
        log "error: the database is uninitialised and POSTGRES_PASSWORD is empty;"
        log "set POSTGRES_PASSWORD (or POSTGRES_HOST_AUTH_METHOD=trust to allow every connection without one)"
        exit 1
    fi
    log "initialising $PGDATA (user $POSTGRES_USER, database $POSTGRES_DB, host auth $auth)"
    pwfile=$(mktemp)
    trap 'rm -f "$pwfile"' EXIT
    printf '%s\n' "${POSTGRES_PASSWORD:-}" >"$pwfile"
    # shellcheck disable=SC2086
    initdb --username="$POSTGRES_USER" --pwfile="$pwfile" --encoding=UTF8 --locale=C.UTF-8 \
        --auth-local=trust --auth-host="$auth" ${POSTGRES_INITDB_ARGS:-} -D "$PGDATA" >/dev/null
    rm -f "$pwfile"
    trap - EXIT
    printf '\n# docker/postgres entrypoint: clients on other hosts (containers)\nhost all all all %s\n' "$auth" \
        >>"$PGDATA/pg_hba.conf"
    printf "\n# docker/postgres entrypoint\nlisten_addresses = '*'\n" >>"$PGDATA/postgresql.conf"
    if [ "$POSTGRES_DB" != postgres ]; then
        # A private start (socket only, no TCP), so that clients see the server only once it is ready.
        pg_ctl -D "$PGDATA" -o "-c listen_addresses=''" -w start >/dev/null
        psql -v ON_ERROR_STOP=1 -q --username="$POSTGRES_USER" --dbname=postgres --set db="$POSTGRES_DB" <<'SQL'
SELECT format('CREATE DATABASE %I', :'db') WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'db') \gexec
SQL
        pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
    fi
    log "initialised; starting PostgreSQL"
fi

exec "$@"
