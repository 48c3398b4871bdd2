#!/bin/sh
# deps.sh - installs the Debian packages Agora needs, and only those missing.
#
#   scripts/deps.sh build   compiler and libraries for `make`; tzdata (the IANA
#                           zones that store opening hours are read in)
#   scripts/deps.sh test    + clang (sanitizers), cmocka, libcurl, sqlite3,
#                           postgresql (the server, for the PostgreSQL pass),
#                           and the browser part
#   scripts/deps.sh browser the browser tests alone: Debian's chromium (and its
#                           recommended fonts), Debian's nodejs and npm only
#                           when npm is missing (the machines' own Node.js
#                           conflicts with Debian's npm package), then `npm ci`
#                           in tests/browser from its committed package-lock.json
#                           (playwright-core, axe-core), never downloading a
#                           browser; skipped when that lock file is installed
#   scripts/deps.sh bench   + wrk and nginx
#
# Runs apt-get update first (package lists on a fresh machine are stale),
# then a non-interactive install.  Uses sudo only when not root and sudo
# exists.  Safe to run again: with nothing missing it does nothing.
set -eu

group=${1:-build}

build="gcc make pkg-config libmicrohttpd-dev libjansson-dev libsqlite3-dev libsodium-dev libpq-dev tzdata"
test="$build clang libclang-rt-14-dev libcmocka-dev libcurl4-openssl-dev sqlite3 curl ca-certificates postgresql"
bench="$test wrk nginx"

browser=""
case "$group" in
build) want=$build ;;
test) want=$test; browser=1 ;;
browser) want=""; browser=1 ;;
bench) want=$bench ;;
*) echo "usage: scripts/deps.sh build|test|browser|bench" >&2; exit 2 ;;
esac
if [ -n "$browser" ]; then
    want="$want chromium fonts-liberation"
    command -v npm >/dev/null 2>&1 || want="$want nodejs npm"
fi

missing=""
for p in $want; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done

if [ -n "$missing" ]; then
    if [ "$(id -u)" -eq 0 ]; then
        as_root=""
    elif command -v sudo >/dev/null 2>&1; then
        as_root="sudo"
    else
        echo "deps: missing packages:$missing" >&2
        echo "deps: run as root (or install sudo) so that they can be installed" >&2
        exit 1
    fi
    echo "deps: installing$missing"
    export DEBIAN_FRONTEND=noninteractive
    $as_root apt-get update -qq
    # shellcheck disable=SC2086
    $as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
fi

# The browser tests' npm packages, exactly as locked. --ignore-scripts and
# PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: no install step may fetch a browser (the
# tests run Debian's /usr/bin/chromium).
if [ -n "$browser" ]; then
    dir=$(cd "$(dirname "$0")/../tests/browser" && pwd)
    stamp=$dir/node_modules/.agora-installed-lock
    if ! cmp -s "$dir/package-lock.json" "$stamp"; then
        echo "deps: npm ci in tests/browser"
        (cd "$dir" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --ignore-scripts --no-audit \
            --no-fund --loglevel=error) || exit 1
        cp "$dir/package-lock.json" "$stamp"
    fi
fi
