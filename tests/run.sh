#!/usr/bin/env bash
# run.sh - every test of `make test`, ending with one line "N passed, N failed".
#
# Sections (each can be run alone: tests/run.sh unit|api|asan|fuzz|smoke|checks):
#   checks  banned functions, docs generated from the binary are current
#   unit    unit tests of each module (gcc build)
#   api     the real binary over HTTP on SQLite (gcc build)
#   asan    unit and API tests again in the clang ASan+UBSan build
#   fuzz    each libFuzzer target for a bounded number of runs
#   smoke   the `make run` path: seed, serve, GET / and /healthz, log in
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
FAILED=()
SECTIONS=${*:-checks unit api asan fuzz smoke}


# Runs a command that is one test: passes when it exits 0.
run_one() {
    local label=$1 log=$ART/logs/$2.log
    shift 2
    if "$@" >"$log" 2>&1; then
        PASS=$((PASS + 1))
        printf '  %-44s ok\n' "$label"
    else
        FAIL=$((FAIL + 1))
        FAILED+=("$label (see $log)")
        printf '  %-44s FAILED (log: tests/artifacts/logs/%s.log)\n' "$label" "$2"
    fi
}

# Runs the test binaries of a folder, NPROC at a time, then reports them in
# order.  run_dir BUILD KIND PREFIX [env...]
run_dir() {
    local build=$1 kind=$2 prefix=$3
    shift 3
    local bins=()
    for b in "$build"/tests/"$kind"/test_*; do
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
    local label=$1 log=$ART/logs/$2.log rc=$3 ok notok
    ok=$(grep -c '^ok ' "$log")
    notok=$(grep -c '^not ok ' "$log")
    PASS=$((PASS + ok))
    FAIL=$((FAIL + notok))
    if [ "$notok" -gt 0 ]; then
        while IFS= read -r line; do FAILED+=("$label: ${line#not ok }"); done < <(grep '^not ok ' "$log")
    fi
    if [ "$rc" -ne 0 ] && [ "$notok" -eq 0 ]; then
        FAIL=$((FAIL + 1))
        FAILED+=("$label: exited with status $rc (see tests/artifacts/logs/$2.log)")
    fi
    printf '  %-44s %3d ok %3d failed%s\n' "$label" "$ok" "$notok" \
        "$([ "$rc" -ne 0 ] && echo "  (exit $rc, log: tests/artifacts/logs/$2.log)")"
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
            run_one "fuzz $n" "fuzz-$n" "$f" -runs="${FUZZ_RUNS:-200000}" -max_len=4096 \
                -timeout=10 "$corpus" "tests/fuzz/seeds/$n"
        done
        ;;
    smoke)
        echo "== smoke test of the make run path"
        run_one "make run path: seed, serve, /, /healthz, login" smoke tests/smoke/make_run.sh
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
echo "$PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
