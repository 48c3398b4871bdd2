# feedgen.awk - a deterministic Merchant Center product feed (TSV) for the
# catalog benchmark (bench/catalog.sh): the same bytes on every machine.
#
#   awk -v lines=100000 [-v seed=1] -f bench/feedgen.awk >feed.tsv
#
# Uses its own generator (MINSTD, exact in awk's doubles) rather than
# rand(), whose sequence differs between mawk and gawk.  Four lines in
# five carry a unique valid EAN-13 (a global product), the rest none (a
# product local to the retailer); a third are on sale; 200 brands; no
# field needs quoting, so the bare-insert reference (bench/bare_insert.c)
# can split lines on tabs.
function rnd(n) {
    state = (state * 48271) % 2147483647
    return state % n
}
function ean13(n,    d, i, s, c) {
    d = sprintf("38%010d", n)
    s = 0
    for (i = 12; i >= 1; i--)
        s += substr(d, i, 1) * ((13 - i) % 2 ? 3 : 1)
    c = (10 - s % 10) % 10
    return d c
}
BEGIN {
    if (lines == "") lines = 100000
    state = seed == "" ? 20261204 : seed
    nw = split("apple banana butter cheese chocolate coffee cookie cream crisp " \
               "flour garlic ginger honey juice lemon mango milk mint noodle oat " \
               "olive onion orange pasta peach pepper plum potato rice salt sauce " \
               "soup sugar tea tomato vanilla walnut water yogurt bread bean corn " \
               "shampoo soap towel candle lamp mug plate glass knife spoon sock " \
               "shirt jacket boot shoe glove scarf cable charger battery bulb", w, " ")
    na = split("fresh organic classic light dark sweet spicy smoked crunchy " \
               "creamy golden mild strong natural premium whole", adj, " ")
    nt = split("Food > Dairy|Food > Bakery|Food > Drinks|Food > Sweets|Food > Pantry|" \
               "Home > Kitchen|Home > Bath|Clothing > Shoes|Clothing > Accessories|" \
               "Electronics > Accessories", types, "|")
    nu = split("100 g|250 g|500 g|1 kg|330 ml|500 ml|1 l|1 ct", units, "|")
    print "id\ttitle\tdescription\tlink\timage_link\tavailability\tprice\tsale_price" \
          "\tbrand\tgtin\tmpn\tproduct_type\tunit_pricing_measure\tunit_pricing_base_measure"
    for (i = 1; i <= lines; i++) {
        title = adj[1 + rnd(na)] " " w[1 + rnd(nw)] " " w[1 + rnd(nw)] " " units[1 + rnd(nu)]
        price = 50 + rnd(9950)
        sale = rnd(3) == 0 ? sprintf("%d.%02d EUR", int(price * 8 / 1000), int(price * 8 / 10) % 100) : ""
        gtin = rnd(5) ? ean13(i) : ""
        unit = units[1 + rnd(nu)]
        base = unit ~ /g$/ ? "1 kg" : unit ~ /l$/ ? "1 l" : ""
        if (base == "") unit = ""
        printf "BENCH-%06d\t%s\tBenchmark item %d: %s.\thttps://shop.example/p/%d" \
               "\thttps://shop.example/i/%d.jpg\t%s\t%d.%02d EUR\t%s\tBrand %d\t%s\tM-%d\t%s\t%s\t%s\n",
               i, title, i, title, i, i, rnd(20) ? "in_stock" : "out_of_stock",
               int(price / 100), price % 100, sale, 1 + rnd(200), gtin, i,
               types[1 + rnd(nt)], unit, base
    }
}
