# searchgen.awk - the 1,000 search queries of the catalog benchmark
# (bench/search.sh), drawn deterministically from the data set.
#
#   awk -v n=1000 -f bench/searchgen.awk TITLES CATEGORIES STORES >queries
#
# TITLES has one product title a line, CATEGORIES one category id a line,
# STORES "LAT LON" a line (each in id order).  Each query takes a random
# title and one word of it (two words for one query in four), words being
# runs of letters (ASCII or any non-ASCII byte) of 3 bytes or more; then
# 30% add a filter (a category, or a price bound: min_price, max_price or
# both, in EUR), 30% add near= a store's position with radius_km=10, and
# the rest are text alone.  Prints request paths, one a line.  Own
# generator (MINSTD): the same queries with mawk and gawk.  Run with
# LC_ALL=C so that lengths and escapes are in bytes.
function rnd(k) {
    state = (state * 48271) % 2147483647
    return state % k
}
function enc(s,    i, c, o) {
    o = ""
    for (i = 1; i <= length(s); i++) {
        c = substr(s, i, 1)
        o = o (c ~ /[A-Za-z0-9._~-]/ ? c : sprintf("%%%02X", ord[c]))
    }
    return o
}
FILENAME == ARGV[1] { title[++nt] = $0; next }
FILENAME == ARGV[2] { cat[++nc] = $1; next }
FILENAME == ARGV[3] { lat[++ns] = $1; lon[ns] = $2; next }
END {
    for (i = 1; i < 256; i++) ord[sprintf("%c", i)] = i
    if (n == "") n = 1000
    state = seed == "" ? 20261204 : seed
    if (nt == 0) { print "searchgen: no titles" > "/dev/stderr"; exit 1 }
    for (q = 0; q < n; ) {
        t = title[1 + rnd(nt)]
        gsub(/[^A-Za-z\200-\377]+/, " ", t)
        nw = 0
        m = split(t, parts, " ")
        for (i = 1; i <= m; i++)
            if (length(parts[i]) >= 3) w[++nw] = parts[i]
        if (nw == 0) continue
        k = 1 + rnd(nw)
        text = w[k]
        if (nw > 1 && rnd(4) == 0) text = text " " w[1 + (k % nw)]
        path = "/v1/search?q=" enc(text)
        kind = rnd(10)
        if (kind < 3) {
            if (nc > 0 && rnd(2) == 0) {
                path = path "&category=" cat[1 + rnd(nc)]
            } else {
                b = rnd(3)
                lo = 1 + rnd(10)
                if (b != 1) path = path "&min_price=" lo
                if (b != 0) path = path "&max_price=" (lo + 5 + rnd(40))
            }
        } else if (kind < 6 && ns > 0) {
            s = 1 + rnd(ns)
            path = path sprintf("&near=%.4f,%.4f&radius_km=10", lat[s], lon[s])
        }
        print path
        q++
    }
}
