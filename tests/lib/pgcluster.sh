#!/usr/bin/env bash
# pgcluster.sh - a private, throw-away PostgreSQL cluster for tests.
#
#   tests/lib/pgcluster.sh new DIR      initdb in DIR/data, start on a free
#                                       loopback port, print the URL
#                                       postgres://postgres@127.0.0.1:PORT
#   tests/lib/pgcluster.sh start DIR    start it again (same port)
#   tests/lib/pgcluster.sh stop DIR     fast shutdown (no error if stopped)
#   tests/lib/pgcluster.sh destroy DIR  stop and remove DIR
#   tests/lib/pgcluster.sh port DIR     print its port
#   tests/lib/pgcluster.sh bindir       print where initdb and pg_ctl are
#
# initdb and pg_ctl live in `pg_config --bindir` (or /usr/lib/postgresql/
# VERSION/bin), not on PATH, and refuse to run as root: as root this script
# runs them as the postgres user, which then owns DIR (so DIR must be under
# /tmp or another folder that user can reach).  PostgreSQL cannot bind port
# 0, so a random port is tried and another one when it is taken.  The
# cluster trusts local connections, keeps its socket in DIR and skips
# fsync: it is for tests only.
set -eu

usage() {
    echo "usage: $0 new|start|stop|destroy|port DIR | bindir" >&2
    exit 2
}

# The folder holding initdb and pg_ctl: $AGORA_PG_BINDIR, pg_config's, or
# the newest Debian/Ubuntu one.
pg_bindir() {
    local d
    if [ -n "${AGORA_PG_BINDIR:-}" ] && [ -x "$AGORA_PG_BINDIR/initdb" ]; then
        echo "$AGORA_PG_BINDIR"
        return 0
    fi
    if command -v pg_config >/dev/null 2>&1; then
        d=$(pg_config --bindir 2>/dev/null || true)
        if [ -n "$d" ] && [ -x "$d/initdb" ]; then
            echo "$d"
            return 0
        fi
    fi
    d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    if [ -n "$d" ] && [ -x "$d/initdb" ]; then
        echo "$d"
        return 0
    fi
    d=$(command -v initdb 2>/dev/null || true)
    if [ -n "$d" ]; then
        dirname "$d"
        return 0
    fi
    echo "pgcluster: initdb not found: install PostgreSQL (scripts/deps.sh test)" >&2
    return 1
}

# Runs a PostgreSQL program as the user that owns the cluster.
as_pg() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

port_of() {
    sed -n 's/^port = \([0-9]*\).*/\1/p' "$1/data/postgresql.conf" | tail -n 1
}

# Starts the cluster in $1 on port $2; returns 0, 1 when the port is taken,
# 2 on another failure.
try_start() {
    local dir=$1 port=$2 bin
    bin=$(pg_bindir)
    # Something already answering there: do not even try.
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
        return 1
    fi
    sed -i '/^port = /d' "$dir/data/postgresql.conf"
    echo "port = $port" >>"$dir/data/postgresql.conf"
    : >"$dir/server.log"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$dir/server.log"
    if as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null; then
        return 0
    fi
    if grep -qi "address already in use\|could not create any TCP/IP sockets" "$dir/server.log"; then
        return 1
    fi
    cat "$dir/server.log" >&2
    return 2
}

cmd_new() {
    local dir=$1 bin port rc
    bin=$(pg_bindir)
    mkdir -p "$dir"
    if [ "$(id -u)" -eq 0 ]; then
        id postgres >/dev/null 2>&1 || {
            echo "pgcluster: no postgres user: install PostgreSQL (scripts/deps.sh test)" >&2
            exit 1
        }
        chown postgres: "$dir"
        chmod 700 "$dir"
    fi
    if ! as_pg "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C \
        --no-sync >"$dir/initdb.log" 2>&1; then
        cat "$dir/initdb.log" >&2
        exit 1
    fi
    cat >>"$dir/data/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir'
max_connections = 300
shared_buffers = 32MB
fsync = off
full_page_writes = off
log_min_messages = warning
EOF
    for _ in $(seq 1 30); do
        port=$((20000 + RANDOM % 40000))
        rc=0
        try_start "$dir" "$port" || rc=$?
        if [ $rc -eq 0 ]; then
            echo "postgres://postgres@127.0.0.1:$port"
            return 0
        fi
        [ $rc -eq 2 ] && exit 1
    done
    echo "pgcluster: no free port found" >&2
    exit 1
}

cmd_start() {
    local dir=$1 bin
    bin=$(pg_bindir)
    as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null
}

cmd_stop() {
    local dir=$1 bin
    bin=$(pg_bindir)
    [ -f "$dir/data/postmaster.pid" ] || return 0
    as_pg "$bin/pg_ctl" -D "$dir/data" -w -t 60 -m fast stop >/dev/null 2>&1 ||
        as_pg "$bin/pg_ctl" -D "$dir/data" -w -t 10 -m immediate stop >/dev/null 2>&1 || true
}

[ $# -ge 1 ] || usage
case $1 in
bindir) pg_bindir ;;
new | start | stop | destroy | port)
    [ $# -eq 2 ] || usage
    dir=$(realpath -m "$2")
    # The postgres user may not be allowed into the caller's folder.
    cd /
    case $1 in
    new) cmd_new "$dir" ;;
    start) cmd_start "$dir" ;;
    stop) cmd_stop "$dir" ;;
    destroy)
        cmd_stop "$dir"
        rm -rf "$dir"
        ;;
    port) port_of "$dir" ;;
    esac
    ;;
*) usage ;;
esac
