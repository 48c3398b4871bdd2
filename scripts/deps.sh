#!/bin/sh
# deps.sh - installs the Debian packages Agora needs, and only those missing.
#
#   scripts/deps.sh build   compiler and libraries for `make`; tzdata (the IANA
#                           zones that store opening hours are read in)
#   scripts/deps.sh test    + clang (sanitizers), cmocka, libcurl, sqlite3,
#                           postgresql (the server, for the PostgreSQL pass)
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

case "$group" in
build) want=$build ;;
test) want=$test ;;
bench) want=$bench ;;
*) echo "usage: scripts/deps.sh build|test|bench" >&2; exit 2 ;;
esac

missing=""
for p in $want; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done
[ -z "$missing" ] && exit 0

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
