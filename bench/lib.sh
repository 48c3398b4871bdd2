# lib.sh - helpers shared by the benchmark scripts (sourced, not run).
# Every benchmark measures Agora and a reference in the same run, takes the
# median of several runs, and prints a ratio: these machines are noisy.

BENCH_RUNS=${BENCH_RUNS:-3}
BENCH_DURATION=${BENCH_DURATION:-10s}
# wrk's threads and connections (callers may set them for one call).
BENCH_THREADS=${BENCH_THREADS:-2}
BENCH_CONNS=${BENCH_CONNS:-64}

# The working folder of one benchmark run, in /tmp, made by mktemp and
# opened (755) to the users that servers drop to: nginx's workers run as
# nobody, PostgreSQL as postgres.  Prints its path; the caller removes it.
# bench_tmpdir [NAME]
bench_tmpdir() {
    local d
    d=$(mktemp -d "/tmp/agora-bench-${1:-run}-XXXXXX") || return 1
    chmod 755 "$d"
    printf '%s\n' "$d"
}

# A free loopback port (probing with bash's /dev/tcp).
bench_free_port() {
    local p
    for p in $(seq 20000 29999 | shuf); do
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
            echo "$p"
            return
        fi
    done
    return 1
}

# Starts agora serve on DB (a SQLite path or a postgres:// URL), its files
# in DIR; sets AGORA_PID and AGORA_PORT and adds the pid to AGORA_PIDS, so
# that several instances can run at once.  Returns non-zero when it does
# not come up.
# bench_start_agora DIR DB [extra flags...]
AGORA_PIDS=()
bench_start_agora() {
    local dir=$1 db=$2 n=${#AGORA_PIDS[@]}
    shift 2
    rm -f "$dir/agora-$n.port"
    ./agora serve --db "$db" --listen 127.0.0.1:0 --port-file "$dir/agora-$n.port" \
        --log-file "$dir/agora-$n.log" "$@" &
    AGORA_PID=$!
    AGORA_PIDS+=("$AGORA_PID")
    local i
    for i in $(seq 1 1500); do
        [ -s "$dir/agora-$n.port" ] && break
        kill -0 "$AGORA_PID" 2>/dev/null || break
        sleep 0.02
    done
    if ! [ -s "$dir/agora-$n.port" ]; then
        echo "bench: agora did not start (see $dir/agora-$n.log)" >&2
        return 1
    fi
    AGORA_PORT=$(cat "$dir/agora-$n.port")
}

# Stops every instance started by bench_start_agora.
bench_stop_agora() {
    local p
    for p in "${AGORA_PIDS[@]}"; do
        kill "$p" 2>/dev/null && wait "$p" 2>/dev/null
    done
    AGORA_PIDS=()
    AGORA_PID=
    return 0
}

# Logs in; prints the bearer token.
# bench_login BASE_URL EMAIL PASSWORD
bench_login() {
    curl -fsS -X POST "$1/v1/auth/login" -H 'Content-Type: application/json' \
        -d "{\"email\":\"$2\",\"password\":\"$3\"}" |
        sed -n 's/.*"token":"\([^"]*\)".*/\1/p'
}

# Wall-clock seconds of a command (its output discarded); fails with it.
# bench_seconds CMD [ARGS...]
bench_seconds() {
    local t0 t1
    t0=$(date +%s%N)
    "$@" >/dev/null || return 1
    t1=$(date +%s%N)
    awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f\n", (b - a) / 1e9 }'
}

# Median of numbers on standard input (one a line).
bench_median() {
    sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'
}

# a / b with two decimals.
bench_ratio() {
    awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'
}

# A private PostgreSQL cluster for benchmarks (tests/lib/pgcluster.sh) with
# durable commits (fsync on, unlike the test clusters: SQLite's side runs
# with synchronous=FULL) and a 256 MB buffer cache.  Sets PG_URL and
# BENCH_PG_DIR; bench_pg_stop stops and removes it (call it from a trap).
# bench_pg_start DIR
bench_pg_start() {
    BENCH_PG_DIR=$1/pg
    tests/lib/pgcluster.sh new "$BENCH_PG_DIR" >"$1/pg.url" 2>"$1/pg.log" || {
        cat "$1/pg.log" >&2
        return 1
    }
    tests/lib/pgcluster.sh stop "$BENCH_PG_DIR"
    printf '%s\n' "fsync = on" "full_page_writes = on" "shared_buffers = 256MB" \
        "max_wal_size = 4GB" >>"$BENCH_PG_DIR/data/postgresql.conf"
    tests/lib/pgcluster.sh start "$BENCH_PG_DIR" || return 1
    PG_URL=$(cat "$1/pg.url")
}

bench_pg_stop() {
    if [ -n "${BENCH_PG_DIR:-}" ] && [ -d "$BENCH_PG_DIR" ]; then
        tests/lib/pgcluster.sh destroy "$BENCH_PG_DIR"
    fi
    BENCH_PG_DIR=
    return 0
}

# Starts nginx serving DIR/www on a free port; sets NGINX_PORT.
bench_start_nginx() {
    local dir=$1
    mkdir -p "$dir/tmp" "$dir/www"
    # nginx's workers run as nobody: they must reach the file (DIR comes
    # from bench_tmpdir, already open to them).
    chmod 755 "$dir/www"
    NGINX_PORT=$(bench_free_port)
    sed -e "s|@PORT@|$NGINX_PORT|g" -e "s|@ROOT@|$dir|g" bench/nginx.conf >"$dir/nginx.conf"
    nginx -c "$dir/nginx.conf" -e "$dir/nginx-error.log" &
    NGINX_PID=$!
    local i
    for i in $(seq 1 200); do
        (exec 3<>"/dev/tcp/127.0.0.1/$NGINX_PORT") 2>/dev/null && break
        sleep 0.02
    done
}

bench_stop_nginx() {
    [ -n "${NGINX_PID:-}" ] && kill "$NGINX_PID" 2>/dev/null && wait "$NGINX_PID" 2>/dev/null
    NGINX_PID=
}

# Runs wrk once (-t$BENCH_THREADS -c$BENCH_CONNS -d$BENCH_DURATION); prints
# "REQ_PER_S P50_MS P99_MS", and a warning on standard error when some
# answers were errors (a benchmark of error pages measures nothing).
# bench_wrk URL [wrk options...]
bench_wrk() {
    local url=$1
    shift
    wrk -t"$BENCH_THREADS" -c"$BENCH_CONNS" -d"$BENCH_DURATION" --latency "$@" "$url" | awk '
        /Requests\/sec/ { rps = $2 }
        /Non-2xx|Socket errors/ { print "bench: wrk: " $0 > "/dev/stderr" }
        /^ +50%/ { p50 = $2 }
        /^ +99%/ { p99 = $2 }
        function ms(v) {
            if (v ~ /us$/) { sub(/us$/, "", v); return v / 1000 }
            if (v ~ /ms$/) { sub(/ms$/, "", v); return v + 0 }
            if (v ~ /s$/) { sub(/s$/, "", v); return v * 1000 }
            return v
        }
        END { printf "%.0f %.3f %.3f\n", rps, ms(p50), ms(p99) }'
}

# Median of BENCH_RUNS wrk runs, by requests/s; prints the median run's
# "REQ_PER_S P50_MS P99_MS".
bench_wrk_median() {
    local i
    for i in $(seq 1 "$BENCH_RUNS"); do
        bench_wrk "$@"
    done | sort -n | awk '{ a[NR] = $0 } END { print a[int((NR + 1) / 2)] }'
}

# Two wrk processes at once (-t1, half the connections each), the first
# against URL_A, the second against URL_B (the same URL for one instance);
# prints "SUM_REQ_PER_S MEAN_P50_MS MAX_P99_MS".
# bench_wrk_pair URL_A URL_B [wrk options...]
bench_wrk_pair() {
    local a=$1 b=$2 out
    shift 2
    out=$(bench_tmpdir wrk)
    BENCH_THREADS=1 BENCH_CONNS=$((BENCH_CONNS / 2)) bench_wrk "$a" "$@" >"$out/a" &
    local pa=$!
    BENCH_THREADS=1 BENCH_CONNS=$((BENCH_CONNS / 2)) bench_wrk "$b" "$@" >"$out/b"
    wait "$pa"
    cat "$out/a" "$out/b" | awk '{ r += $1; p += $2; if ($3 > q) q = $3 }
        END { printf "%.0f %.3f %.3f\n", r, p / NR, q }'
    rm -rf "$out"
}

# Median of BENCH_RUNS bench_wrk_pair runs, by requests/s.
bench_wrk_pair_median() {
    local i
    for i in $(seq 1 "$BENCH_RUNS"); do
        bench_wrk_pair "$@"
    done | sort -n | awk '{ a[NR] = $0 } END { print a[int((NR + 1) / 2)] }'
}
