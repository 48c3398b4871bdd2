#!/usr/bin/env bash
# run.sh - every test of `make test`, ending with one line "N passed, N failed".
#
# Sections (each can be run alone: tests/run.sh unit|api|asan|fuzz|smoke|browser|checks|pg):
#   checks  banned functions, docs generated from the binary are current
#   unit    unit tests of each module (gcc build)
#   api     the real binary over HTTP on SQLite (gcc build)
#   asan    unit and API tests again in the clang ASan+UBSan build
#   fuzz    each libFuzzer target for a bounded number of runs
#   smoke   the `make run` path: seed, serve, GET / and /healthz, log in
#   browser the web UI end to end in Debian's headless Chromium: each
#           tests/browser/test_*.mjs file (node's test runner, TAP), its
#           tests counted one by one (docs/testing.md)
#   pg      the storage unit tests and the whole API suite on PostgreSQL (gcc
#           build, then the ASan build): a private cluster in /tmp, owned by
#           the postgres user when run as root, on a free loopback port,
#           stopped at the end, also on failure or interrupt
# A test that cmocka skips (e.g. one that needs PostgreSQL, on the SQLite
# pass) counts neither as passed nor as failed; skips are reported.
# A test binary that crashes or exits non-zero counts as a failure even when
# its own report looked fine (for example a leak found at exit).
set -u
cd "$(dirname "$0")/.."
ROOT=$PWD
ART=$ROOT/tests/artifacts
mkdir -p "$ART/logs"
NPROC=$(nproc 2>/dev/null || echo 2)
PASS=0
FAIL=0
SKIP=0
FAILED=()
SECTIONS=${*:-checks unit api asan fuzz smoke browser pg}


# Runs a command that is one test: passes when it exits 0.
run_one() {
    local label=$1 name=$2 log=$ART/logs/$2.log
    shift 2
    if "$@" >"$log" 2>&1; then
        PASS=$((PASS + 1))
        printf '  %-44s ok\n' "$label"
    else
        FAIL=$((FAIL + 1))
        FAILED+=("$label (see $log)")
        printf '  %-44s FAILED (log: tests/artifacts/logs/%s.log)\n' "$label" "$name"
    fi
}

# Runs the test binaries of a folder, NPROC at a time, then reports them in
# order.  run_dir BUILD KIND PREFIX [env...]
run_dir() {
    local build=$1 kind=$2 prefix=$3
    shift 3
    local bins=()
    for b in "$build"/tests/"$kind"/${RUN_GLOB:-test_*}; do
        [ -x "$b" ] && [ "${b%.o}" = "$b" ] && [ "${b%.d}" = "$b" ] && bins+=("$b")
    done
    [ ${#bins[@]} -eq 0 ] && return
    # Run in parallel into per-test logs, then count sequentially.
    local pids=() i=0
    for b in "${bins[@]}"; do
        local name=$prefix-$(basename "$b")
        (env "$@" CMOCKA_MESSAGE_OUTPUT=TAP "$b" >"$ART/logs/$name.log" 2>&1; echo $? >"$ART/logs/$name.rc") &
        pids+=($!)
        i=$((i + 1))
        if [ $((i % NPROC)) -eq 0 ]; then wait "${pids[@]}"; pids=(); fi
    done
    wait
    for b in "${bins[@]}"; do
        local name=$prefix-$(basename "$b") rc
        rc=$(cat "$ART/logs/$name.rc" 2>/dev/null || echo 99)
        run_tap_counted "$prefix $(basename "$b")" "$name" "$rc"
    done
}

# Counts an already-run TAP log. run_tap_counted LABEL LOGNAME RC
run_tap_counted() {
    local label=$1 log=$ART/logs/$2.log rc=$3 ok notok skipped
    # cmocka reports a skip as "not ok N # SKIP name".
    skipped=$(grep -Ec '^(not )?ok .*# SKIP' "$log")
    ok=$(grep '^ok ' "$log" | grep -vc '# SKIP')
    notok=$(grep '^not ok ' "$log" | grep -vc '# SKIP')
    PASS=$((PASS + ok))
    FAIL=$((FAIL + notok))
    SKIP=$((SKIP + skipped))
    if [ "$notok" -gt 0 ]; then
        # Each failure with the assertion cmocka printed after it ("# ..."
        # lines: the values compared, file:line), so that a CI log that shows
        # only the summary still says why.
        while IFS= read -r line; do FAILED+=("$label: $line"); done < <(awk '
            /^not ok / && !/# SKIP/ { if (f) print f; f = substr($0, 8); n = 0; next }
            f && /^# / && n < 4 { f = f " | " substr($0, 3); n++; next }
            f && !/^# / { print f; f = "" }
            END { if (f) print f }' "$log")
    fi
    if [ "$rc" -ne 0 ] && [ "$notok" -eq 0 ]; then
        FAIL=$((FAIL + 1))
        FAILED+=("$label: exited with status $rc (see tests/artifacts/logs/$2.log)")
    fi
    printf '  %-44s %3d ok %3d failed%s%s\n' "$label" "$ok" "$notok" \
        "$([ "$skipped" -gt 0 ] && echo " $skipped skipped")" \
        "$([ "$rc" -ne 0 ] && echo "  (exit $rc, log: tests/artifacts/logs/$2.log)")"
}

# Runs each browser test file (RUN_GLOB selects, e.g. 'test_b01*') with
# node's test runner reporting TAP, one file at a time (each starts its own
# agora and Chromium; the machine has two cores), and counts its tests.
run_browser() {
    if [ ! -d tests/browser/node_modules/playwright-core ]; then
        FAIL=$((FAIL + 1))
        FAILED+=("browser: tests/browser/node_modules is missing (run scripts/deps.sh browser)")
        echo "  npm packages missing: run scripts/deps.sh browser"
        return
    fi
    local f name rc start=$SECONDS
    for f in tests/browser/${RUN_GLOB:-test_*}; do
        case $f in *.mjs) ;; *) continue ;; esac
        [ -f "$f" ] || continue
        name=browser-$(basename "$f" .mjs)
        (cd tests/browser && timeout --kill-after=10 300 node --test-reporter=tap "$(basename "$f")") \
            >"$ART/logs/$name.log" 2>&1
        rc=$?
        run_tap_counted "browser $(basename "$f")" "$name" "$rc"
    done
    echo "  browser tests took $((SECONDS - start)) s; screenshots in tests/artifacts/screenshots/"
}

# The PostgreSQL pass's private cluster (see tests/lib/pgcluster.sh).  Tests
# that need their own cluster (to stop and start it) make it under PG_ROOT
# too, so that the trap stops every cluster whatever happens.
PGCLUSTER=$ROOT/tests/lib/pgcluster.sh
PG_ROOT=""
pg_cleanup() {
    [ -n "$PG_ROOT" ] || return 0
    local d
    for d in "$PG_ROOT"/*/; do
        [ -d "$d/data" ] && "$PGCLUSTER" stop "${d%/}"
    done
    rm -rf "$PG_ROOT"
    PG_ROOT=""
}
trap pg_cleanup EXIT
trap 'pg_cleanup; trap - INT; kill -INT $$' INT
trap 'pg_cleanup; exit 143' TERM

# Starts the cluster and sets PG_URL (not in a subshell: the trap needs
# PG_ROOT).  Returns non-zero when it cannot.
pg_start() {
    PG_ROOT=$(mktemp -d /tmp/agora-pg-XXXXXX) || return 1
    chmod 755 "$PG_ROOT" # the postgres user must reach its cluster inside
    "$PGCLUSTER" new "$PG_ROOT/main" >"$PG_ROOT/url" 2>"$ART/logs/pg-cluster.log" || return 1
    PG_URL=$(cat "$PG_ROOT/url")
}

SAN_ENV=(ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:detect_stack_use_after_return=1
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1)

for section in $SECTIONS; do
    case $section in
    checks)
        echo "== checks"
        run_one "banned functions" checks-banned scripts/check-banned.sh
        run_one "docs/configuration.md is current" checks-config \
            bash -c 'build/agora settings --markdown | diff -u docs/configuration.md -'
        ;;
    unit)
        echo "== unit tests (gcc)"
        run_dir build unit unit
        ;;
    api)
        echo "== API tests on SQLite (gcc build)"
        run_dir build api api AGORA_BIN=build/agora
        ;;
    asan)
        echo "== unit and API tests under ASan+UBSan (clang)"
        run_dir build/asan unit asan-unit "${SAN_ENV[@]}"
        run_dir build/asan api asan-api AGORA_BIN=build/asan/agora "${SAN_ENV[@]}"
        ;;
    fuzz)
        echo "== fuzz targets (bounded runs)"
        for f in build/fuzz/fuzz-bin/fuzz_*; do
            [ -x "$f" ] || continue
            n=$(basename "$f")
            corpus=$ART/fuzz-corpus/$n
            mkdir -p "$corpus"
            # halt_on_error: undefined behaviour is a failure, not a log line.
            run_one "fuzz $n" "fuzz-$n" env "${SAN_ENV[@]}" "$f" -runs="${FUZZ_RUNS:-200000}" \
                -max_len=4096 -timeout=10 "$corpus" "tests/fuzz/seeds/$n"
        done
        ;;
    pg)
        echo "== storage and API tests on PostgreSQL"
        if ! pg_start; then
            FAIL=$((FAIL + 1))
            FAILED+=("pg: could not start a PostgreSQL cluster (see tests/artifacts/logs/pg-cluster.log)")
            echo "  could not start PostgreSQL: $(tail -n 3 "$ART/logs/pg-cluster.log")"
            pg_cleanup
            continue
        fi
        echo "  cluster $PG_URL in $PG_ROOT"
        PG_ENV=(AGORA_TEST_PG="$PG_URL" AGORA_TEST_PG_ROOT="$PG_ROOT" AGORA_TEST_PGCLUSTER="$PGCLUSTER")
        RUN_GLOB='test_store*' run_dir build unit pg-unit "${PG_ENV[@]}"
        run_dir build api pg-api AGORA_BIN=build/agora "${PG_ENV[@]}"
        RUN_GLOB='test_store*' run_dir build/asan unit pg-asan-unit "${PG_ENV[@]}" "${SAN_ENV[@]}"
        run_dir build/asan api pg-asan-api AGORA_BIN=build/asan/agora "${PG_ENV[@]}" "${SAN_ENV[@]}"
        pg_cleanup
        ;;
    smoke)
        echo "== smoke test of the make run path"
        run_one "make run path: seed, serve, /, /healthz, login" smoke tests/smoke/make_run.sh
        ;;
    browser)
        echo "== browser tests (headless Chromium)"
        run_browser
        ;;
    *)
        echo "run.sh: unknown section $section" >&2
        FAIL=$((FAIL + 1))
        ;;
    esac
done

if [ ${#FAILED[@]} -gt 0 ]; then
    echo
    echo "Failures:"
    for f in "${FAILED[@]}"; do echo "  $f"; done
fi
echo
[ "$SKIP" -gt 0 ] && echo "($SKIP skipped, e.g. PostgreSQL-only tests outside the pg section)"
echo "$PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
