# lib.sh - helpers shared by the benchmark scripts (sourced, not run).
# Every benchmark measures Agora and a reference in the same run, takes the
# median of several runs, and prints a ratio: these machines are noisy.

BENCH_RUNS=${BENCH_RUNS:-3}
BENCH_DURATION=${BENCH_DURATION:-10s}

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

# Starts agora serve on DB in DIR; sets AGORA_PID and AGORA_PORT.
# bench_start_agora DIR DB [extra flags...]
bench_start_agora() {
    local dir=$1 db=$2
    shift 2
    rm -f "$dir/agora.port"
    ./agora serve --db "$db" --listen 127.0.0.1:0 --port-file "$dir/agora.port" \
        --log-file "$dir/agora.log" "$@" &
    AGORA_PID=$!
    local i
    for i in $(seq 1 500); do
        [ -s "$dir/agora.port" ] && break
        sleep 0.02
    done
    AGORA_PORT=$(cat "$dir/agora.port")
}

bench_stop_agora() {
    [ -n "${AGORA_PID:-}" ] && kill "$AGORA_PID" 2>/dev/null && wait "$AGORA_PID" 2>/dev/null
    AGORA_PID=
}

# Starts nginx serving DIR/www on a free port; sets NGINX_PORT.
bench_start_nginx() {
    local dir=$1
    mkdir -p "$dir/tmp" "$dir/www"
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

# Runs wrk once; prints "REQ_PER_S P50_MS P99_MS".
# bench_wrk URL [wrk options...]
bench_wrk() {
    local url=$1
    shift
    wrk -t2 -c64 -d"$BENCH_DURATION" --latency "$@" "$url" | awk '
        /Requests\/sec/ { rps = $2 }
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
