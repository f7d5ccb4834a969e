#!/bin/bash
# Entrypoint of the project's PostgreSQL test image (images/postgres/README.md). Written for this
# image: it honours the environment the operator's StatefulSet sets, as the official image does.
#
# With "postgres" (or only options) as its command it makes the database cluster in $PGDATA on first
# start, then runs the server in the foreground; any other command runs as it is.
#   POSTGRES_PASSWORD      password of POSTGRES_USER (required for a new cluster)
#   POSTGRES_USER          superuser name (default postgres)
#   POSTGRES_DB            database created for it (default: POSTGRES_USER)
#   POSTGRES_INITDB_ARGS   more initdb arguments, split at spaces
#   PGDATA                 cluster folder (default /var/lib/postgresql/data)
# Scripts in /docker-entrypoint-initdb.d (*.sh sourced, *.sql run) run once, on the new cluster.
set -Eeuo pipefail

if [[ ${1:-} == -* ]]; then
    set -- postgres "$@"
fi
if [[ ${1:-} != postgres ]]; then
    exec "$@"
fi
# options that only print something need no cluster
for arg in "$@"; do
    case $arg in
        -'?'|--help|-V|--version|--describe-config|-C) exec "$@" ;;
    esac
done

: "${PGDATA:=/var/lib/postgresql/data}"
export PGDATA

# Started as root (plain `docker run`): hand the folders to the postgres user, run again as it.
if [[ $(id -u) == 0 ]]; then
    mkdir -p "$PGDATA" /run/postgresql
    chown -R postgres:postgres "$PGDATA" /run/postgresql
    chmod 700 "$PGDATA"
    exec setpriv --reuid=postgres --regid=postgres --init-groups "$0" "$@"
fi

mkdir -p "$PGDATA"
chmod 700 "$PGDATA" 2>/dev/null || true

if [[ ! -s $PGDATA/PG_VERSION ]]; then
    if [[ -z ${POSTGRES_PASSWORD:-} ]]; then
        echo "docker-entrypoint.sh: the database is not initialised and POSTGRES_PASSWORD is not set" >&2
        exit 1
    fi
    user=${POSTGRES_USER:-postgres}
    db=${POSTGRES_DB:-$user}
    pwfile=$(mktemp)
    trap 'rm -f "$pwfile"' EXIT
    printf '%s\n' "$POSTGRES_PASSWORD" >"$pwfile"
    # shellcheck disable=SC2086 # the extra arguments are split at spaces on purpose
    initdb --username="$user" --pwfile="$pwfile" ${POSTGRES_INITDB_ARGS:-}
    rm -f "$pwfile"
    # every address, with a password (initdb's own lines trust the socket and loopback, as upstream's do)
    echo "listen_addresses = '*'" >>"$PGDATA/postgresql.conf"
    echo "host all all all scram-sha-256" >>"$PGDATA/pg_hba.conf"

    # a server on the socket only, for the database and the init scripts
    pg_ctl -D "$PGDATA" -w -o "-c listen_addresses='' -c unix_socket_directories=/run/postgresql" start
    if [[ $db != postgres ]]; then
        psql -v ON_ERROR_STOP=1 -h /run/postgresql -U "$user" -d postgres -q \
            -c "CREATE DATABASE \"${db//\"/\"\"}\""
    fi
    shopt -s nullglob
    for f in /docker-entrypoint-initdb.d/*; do
        case $f in
            *.sh) echo "running $f"; . "$f" ;;
            *.sql) echo "running $f"; psql -v ON_ERROR_STOP=1 -h /run/postgresql -U "$user" -d "$db" -f "$f" ;;
            *) echo "ignoring $f" ;;
        esac
    done
    pg_ctl -D "$PGDATA" -m fast -w stop
    echo "PostgreSQL is initialised in $PGDATA; starting it"
fi

exec "$@"
