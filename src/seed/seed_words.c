/*
 * seed_words.c - the word lists of the generated city (see seed_words.h).
 * Invented brands and retailers; Lyon's real street and quarter names.
 */
#include "seed/seed_words.h"

#define N(a) (sizeof(a) / sizeof(a)[0])
#define LIST(a)                                                                                    \
    {                                                                                              \
        a, N(a)                                                                                    \
    }

/* Opening hours in minutes after local midnight, per kind of shop. */
const struct seed_retailer_def seed_retailers[SEED_NKINDS] = {
    [SEED_GROCERY] = {"Marché Frais",
                      "grocery",
                      "https://marche-frais.example",
                      "MF",
                      "MF",
                      {{1, 510, 1260},
                       {2, 510, 1260},
                       {3, 510, 1260},
                       {4, 510, 1260},
                       {5, 510, 1290},
                       {6, 510, 1290},
                       {7, 540, 780}},
                      7,
                      "grocer@demo.agora.test",
                      "Gaston Grocer",
                      "staff of Marché Frais (grocery chain)"},
    [SEED_DEPARTMENT] = {"Galeries Bellecour",
                         "department_store",
                         "https://galeries-bellecour.example",
                         "GB",
                         "GB",
                         {{1, 600, 1200},
                          {2, 600, 1200},
                          {3, 600, 1200},
                          {4, 600, 1200},
                          {5, 600, 1260},
                          {6, 570, 1260}},
                         6,
                         "dept@demo.agora.test",
                         "Delphine Dept",
                         "staff of Galeries Bellecour (department store)"},
    [SEED_SPORTS] = {"Terrain Sport",
                     "sports",
                     "https://terrain-sport.example",
                     "TS",
                     "TS",
                     {{1, 570, 1170},
                      {2, 570, 1170},
                      {3, 570, 1170},
                      {4, 570, 1170},
                      {5, 570, 1170},
                      {6, 540, 1200},
                      {7, 600, 1080}},
                     7,
                     "sports@demo.agora.test",
                     "Sacha Sports",
                     "staff of Terrain Sport (sports shop)"},
    [SEED_ELECTRONICS] = {"Circuit Électro",
                          "electronics",
                          "https://circuit-electro.example",
                          "CE",
                          "CE",
                          {{2, 600, 1140},
                           {3, 600, 1140},
                           {4, 600, 1140},
                           {5, 600, 1140},
                           {6, 600, 1200},
                           {1, 840, 1140}},
                          6,
                          "electro@demo.agora.test",
                          "Eli Electro",
                          "staff of Circuit Électro (electronics shop)"},
};

/* Grocery ---------------------------------------------------------------- */

static const char *const g_sizes_g[] = {"125 g", "250 g", "400 g", "500 g", "750 g", "1 kg"};
static const char *const g_sizes_ml[] = {"250 ml", "330 ml", "500 ml", "750 ml", "1 l", "1.5 l"};
const struct seed_list seed_sizes_g = LIST(g_sizes_g), seed_sizes_ml = LIST(g_sizes_ml);

static const struct seed_item it_dairy[] = {
    {"Yoghurt", 129, 389},     {"Butter", 189, 449},        {"Comté cheese", 399, 1290},
    {"Goat cheese", 249, 599}, {"Fromage blanc", 149, 349}, {"Crème fraîche", 139, 329},
};
static const struct seed_item it_bakery[] = {
    {"Baguette", 89, 149},        {"Croissants", 199, 429},     {"Brioche", 229, 499},
    {"Sourdough loaf", 299, 599}, {"Sandwich bread", 149, 329},
};
static const struct seed_item it_pantry[] = {
    {"Fusilli pasta", 99, 289},  {"Basmati rice", 179, 449},   {"Green lentils", 169, 389},
    {"Coffee beans", 499, 1490}, {"Dark chocolate", 179, 399}, {"Wheat flour", 99, 229},
    {"Muesli", 249, 549},
};
static const struct seed_item it_produce[] = {
    {"Apples", 199, 449},   {"Tomatoes", 229, 549},    {"Carrots", 129, 299},
    {"Potatoes", 149, 399}, {"Clementines", 249, 499}, {"Pears", 229, 499},
};
static const struct seed_item it_drinks[] = {
    {"Orange juice", 179, 449}, {"Sparkling water", 59, 149},
    {"Whole milk", 99, 189},    {"Apple juice", 169, 399},
    {"Iced tea", 129, 299},     {"Côtes-du-Rhône red wine", 599, 1890},
};
static const struct seed_leaf l_grocery[] = {
    {"Dairy", it_dairy, N(it_dairy), &seed_sizes_g},
    {"Bakery", it_bakery, N(it_bakery), &seed_sizes_g},
    {"Pantry", it_pantry, N(it_pantry), &seed_sizes_g},
    {"Fruit and vegetables", it_produce, N(it_produce), &seed_sizes_g},
    {"Drinks", it_drinks, N(it_drinks), &seed_sizes_ml},
};
static const char *const b_grocery[] = {"Ferme du Rhône", "Bio Soleil",     "Maison Lavigne",
                                        "Vallon Vert",    "Saveurs d'Ici",  "Croq'Nature",
                                        "Les Monts d'Or", "Terroir Dauphin"};
static const char *const a_grocery[] = {"Organic", "Classic", "Farmhouse", "Wholegrain",
                                        "Premium", "Light",   "Local",     "Traditional"};

/* Clothing, shoes ---------------------------------------------------------- */

static const struct seed_item it_tops[] = {
    {"T-shirt", 999, 3499}, {"Shirt", 2499, 7999},  {"Sweater", 2999, 9999},
    {"Hoodie", 2999, 7999}, {"Blouse", 1999, 5999}, {"Polo shirt", 1999, 5999},
};
static const struct seed_item it_bottoms[] = {
    {"Jeans", 2999, 11999}, {"Chinos", 2999, 8999}, {"Joggers", 1999, 5999},
    {"Shorts", 1499, 4499}, {"Skirt", 1999, 6999},
};
static const struct seed_item it_outer[] = {
    {"Parka", 7999, 29999},       {"Rain jacket", 4999, 14999}, {"Wool coat", 9999, 34999},
    {"Down jacket", 7999, 24999}, {"Blazer", 5999, 19999},
};
static const struct seed_leaf l_clothing[] = {
    {"Tops", it_tops, N(it_tops), NULL},
    {"Trousers and skirts", it_bottoms, N(it_bottoms), NULL},
    {"Coats and jackets", it_outer, N(it_outer), NULL},
};
static const char *const b_clothing[] = {
    "Atelier Brotteaux", "Nordvik",  "Lumen & Co",      "Canut",
    "Blue Harbor",       "Oslo Row", "Maison Fourvière"};
static const char *const a_clothing[] = {"Slim-fit", "Oversized", "Organic cotton", "Merino",
                                         "Linen",    "Classic",   "Relaxed",        "Recycled"};

static const struct seed_item it_sneakers[] = {
    {"Leather sneakers", 5999, 14999},
    {"Canvas sneakers", 2999, 7999},
    {"Slip-on sneakers", 3999, 8999},
};
static const struct seed_item it_boots[] = {
    {"Chelsea boots", 7999, 18999},
    {"Ankle boots", 6999, 16999},
    {"Winter boots", 5999, 14999},
};
static const struct seed_item it_town[] = {
    {"Loafers", 5999, 15999},
    {"Ballet flats", 3999, 9999},
    {"Derby shoes", 6999, 17999},
    {"Sandals", 2999, 8999},
};
static const struct seed_leaf l_shoes[] = {
    {"Sneakers", it_sneakers, N(it_sneakers), NULL},
    {"Boots", it_boots, N(it_boots), NULL},
    {"Town shoes", it_town, N(it_town), NULL},
};
static const char *const b_shoes[] = {"Pas Léger", "Stride & Co", "Cordonnier Lyonnais", "Vento",
                                      "Trailmark"};
static const char *const a_shoes[] = {"Leather",     "Suede",   "Waterproof",
                                      "Lightweight", "Classic", "Vegan"};

/* Sports --------------------------------------------------------------- */

static const struct seed_item it_running[] = {
    {"Running shoes", 5999, 17999}, {"Running tights", 2499, 6999},
    {"Running vest", 2999, 8999},   {"GPS running watch", 9999, 44999},
    {"Running socks", 799, 1999},
};
static const struct seed_item it_cycling[] = {
    {"Cycling helmet", 2999, 14999}, {"Bike lights", 1499, 5999}, {"Cycling jersey", 2999, 8999},
    {"Bike lock", 1999, 7999},       {"Water bottle", 599, 1999}, {"City bike", 29999, 89999},
};
static const struct seed_item it_fitness[] = {
    {"Yoga mat", 1499, 6999},   {"Dumbbells", 1999, 8999},   {"Resistance bands", 999, 2999},
    {"Kettlebell", 1999, 6999}, {"Foam roller", 1499, 3999}, {"Skipping rope", 599, 1999},
};
static const struct seed_item it_outdoor[] = {
    {"Two-person tent", 7999, 39999}, {"Sleeping bag", 3999, 19999},
    {"Hiking backpack", 3999, 17999}, {"Trekking poles", 2499, 9999},
    {"Headlamp", 1499, 5999},
};
static const struct seed_item it_team[] = {
    {"Football", 1299, 4999},   {"Basketball", 1499, 5999},        {"Tennis racket", 3999, 19999},
    {"Shin guards", 999, 2999}, {"Goalkeeper gloves", 1999, 6999},
};
static const struct seed_leaf l_sports[] = {
    {"Running", it_running, N(it_running), NULL}, {"Cycling", it_cycling, N(it_cycling), NULL},
    {"Fitness", it_fitness, N(it_fitness), NULL}, {"Outdoor", it_outdoor, N(it_outdoor), NULL},
    {"Team sports", it_team, N(it_team), NULL},
};
static const char *const b_sports[] = {"Alpenrise", "Velocita", "Kern Sports",
                                       "Sommet",    "Fluxa",    "Ridgeway"};
static const char *const a_sports[] = {"Pro",       "Lightweight", "Trail", "Performance",
                                       "Essential", "Compact",     "Aero"};

/* Electronics ------------------------------------------------------------ */

static const struct seed_item it_phones[] = {
    {"Smartphone", 14999, 109999}, {"Phone case", 999, 3999},         {"USB-C charger", 1499, 4999},
    {"Power bank", 1999, 6999},    {"Wireless earbuds", 2999, 24999},
};
static const struct seed_item it_computers[] = {
    {"Laptop", 49999, 199999}, {"Monitor", 12999, 69999}, {"Keyboard", 1999, 14999},
    {"Mouse", 999, 8999},      {"USB-C hub", 1999, 7999}, {"External SSD", 5999, 24999},
};
static const struct seed_item it_av[] = {
    {"Television", 29999, 199999}, {"Soundbar", 9999, 79999},   {"Bluetooth speaker", 2999, 29999},
    {"Headphones", 3999, 39999},   {"Turntable", 14999, 59999},
};
static const struct seed_leaf l_electronics[] = {
    {"Phones and accessories", it_phones, N(it_phones), NULL},
    {"Computers", it_computers, N(it_computers), NULL},
    {"TV and audio", it_av, N(it_av), NULL},
};
static const char *const b_electronics[] = {"Voltis", "Nexora", "Sonique",
                                            "Pixelo", "Arctek", "Lumo"};
static const char *const a_electronics[] = {"Pro",   "Ultra", "Compact", "Wireless",
                                            "Smart", "Max",   "Lite"};

/* Home ------------------------------------------------------------------- */

static const struct seed_item it_kitchen[] = {
    {"Frying pan", 1999, 8999},    {"Saucepan", 1999, 7999}, {"Chef's knife", 2499, 14999},
    {"Coffee maker", 3999, 29999}, {"Kettle", 1999, 8999},   {"Toaster", 2499, 9999},
    {"Blender", 3999, 19999},
};
static const struct seed_item it_bed[] = {
    {"Duvet", 3999, 19999},
    {"Pillow", 1499, 6999},
    {"Bath towel", 999, 3999},
    {"Bed linen set", 3999, 14999},
};
static const struct seed_item it_decor[] = {
    {"Table lamp", 2499, 12999},   {"Cushion", 999, 3999},       {"Vase", 1499, 6999},
    {"Scented candle", 899, 3499}, {"Picture frame", 799, 2999}, {"Rug", 4999, 29999},
};
static const struct seed_leaf l_home[] = {
    {"Kitchen", it_kitchen, N(it_kitchen), NULL},
    {"Bedding and bath", it_bed, N(it_bed), NULL},
    {"Decoration", it_decor, N(it_decor), NULL},
};
static const char *const b_home[] = {"Casa Saône", "Terre & Lin", "Nordhus", "Fonte Rouge",
                                     "Maison Croix-Rousse"};
static const char *const a_home[] = {"Stainless steel", "Ceramic", "Oak",   "Linen",
                                     "Cast-iron",       "Nordic",  "Cotton"};

#define TOP(name, img, s1, s2, b, a, l, var, blurb)                                                \
    {                                                                                              \
        name, img, {s1, s2}, b, N(b), a, N(a), l, N(l), var, blurb                                 \
    }

const struct seed_top seed_tops[] = {
    TOP("Grocery", "grocery", SEED_GROCERY, SEED_DEPARTMENT, b_grocery, a_grocery, l_grocery,
        SEED_VAR_SIZE, "Sourced from producers of the Rhône valley."),
    TOP("Clothing", "clothing", SEED_DEPARTMENT, SEED_SPORTS, b_clothing, a_clothing, l_clothing,
        SEED_VAR_COLOUR, "Machine washable; sizes XS to XXL."),
    TOP("Shoes", "shoes", SEED_DEPARTMENT, SEED_SPORTS, b_shoes, a_shoes, l_shoes, SEED_VAR_COLOUR,
        "Sizes 36 to 46; free exchange in store."),
    TOP("Sports", "sports", SEED_SPORTS, SEED_DEPARTMENT, b_sports, a_sports, l_sports,
        SEED_VAR_COLOUR, "Tested by our staff on the banks of the Saône."),
    TOP("Electronics", "electronics", SEED_ELECTRONICS, SEED_DEPARTMENT, b_electronics,
        a_electronics, l_electronics, SEED_VAR_MODEL, "Two-year warranty; repairable parts."),
    TOP("Home", "home", SEED_DEPARTMENT, SEED_ELECTRONICS, b_home, a_home, l_home, SEED_VAR_COLOUR,
        "Designed to last; spare parts available."),
};
const size_t seed_ntops = N(seed_tops);

/* Lyon ------------------------------------------------------------------- */

/* Each quarter where it is (its centre, to about 200 m), its postcode and
 * streets of it: a store named for a quarter stands in it. */
/* A quarter on one line, its streets on the next. */
/* clang-format off */
const struct seed_quarter seed_quarters[] = {
    {"Bellecour", 45.7578, 4.8320, "69002",
     {"rue de la Charité", "rue Victor Hugo", "rue de la République"}},
    {"Part-Dieu", 45.7606, 4.8570, "69003",
     {"rue Servient", "rue Garibaldi", "boulevard Vivier-Merle"}},
    {"Croix-Rousse", 45.7790, 4.8270, "69004",
     {"grande rue de la Croix-Rousse", "boulevard de la Croix-Rousse", "rue d'Austerlitz"}},
    {"Confluence", 45.7430, 4.8180, "69002",
     {"cours Charlemagne", "quai Rambaud", "rue Smith"}},
    {"Vaise", 45.7750, 4.8050, "69009",
     {"rue Marietton", "grande rue de Vaise", "rue de Bourgogne"}},
    {"Monplaisir", 45.7450, 4.8710, "69008",
     {"avenue des Frères Lumière", "cours Albert Thomas", "rue Saint-Maurice"}},
    {"Gerland", 45.7300, 4.8330, "69007",
     {"avenue Tony Garnier", "rue de Gerland", "avenue Jean Jaurès"}},
    {"Brotteaux", 45.7680, 4.8590, "69006",
     {"boulevard des Belges", "cours Vitton", "rue Bossuet"}},
    {"Guillotière", 45.7540, 4.8430, "69007",
     {"grande rue de la Guillotière", "rue Paul Bert", "cours Gambetta"}},
    {"Jean Macé", 45.7460, 4.8420, "69007",
     {"avenue Berthelot", "rue de Marseille", "rue Chevreul"}},
    {"Perrache", 45.7490, 4.8260, "69002",
     {"cours de Verdun", "rue Victor Hugo", "quai Perrache"}},
    {"Saint-Jean", 45.7610, 4.8270, "69005",
     {"rue Saint-Jean", "rue Saint-Georges", "quai Romain Rolland"}},
    {"Terreaux", 45.7670, 4.8340, "69001",
     {"rue du Président Édouard Herriot", "rue d'Algérie", "rue de la République"}},
    {"Villette", 45.7590, 4.8610, "69003",
     {"rue de la Villette", "boulevard Vivier-Merle", "cours Lafayette"}},
    {"Montchat", 45.7560, 4.8830, "69003",
     {"cours du Docteur Long", "rue Ferdinand Buisson", "avenue Lacassagne"}},
    {"Grange Blanche", 45.7430, 4.8800, "69008",
     {"avenue Rockefeller", "cours Albert Thomas", "avenue Lacassagne"}},
    {"Cordeliers", 45.7630, 4.8360, "69002",
     {"rue Mercière", "rue Grenette", "quai Saint-Antoine"}},
    {"Foch", 45.7680, 4.8400, "69006",
     {"avenue Maréchal Foch", "rue Tronchet", "cours Franklin Roosevelt"}},
    {"Saxe", 45.7560, 4.8480, "69003",
     {"avenue Maréchal de Saxe", "rue de Créqui", "rue Duguesclin"}},
    {"Ainay", 45.7520, 4.8280, "69002",
     {"rue d'Auvergne", "rue Sainte-Hélène", "rue Victor Hugo"}},
    {"Fourvière", 45.7620, 4.8220, "69005",
     {"rue Roger Radisson", "montée Saint-Barthélemy", "rue du Juge Ruplinger"}},
    {"Sans Souci", 45.7480, 4.8660, "69003",
     {"cours Albert Thomas", "rue Feuillat", "avenue Félix Faure"}},
    {"Masséna", 45.7690, 4.8540, "69006",
     {"rue Masséna", "cours Vitton", "rue Bossuet"}},
    {"Valmy", 45.7745, 4.8060, "69009",
     {"place Valmy", "rue de Bourgogne", "rue Marietton"}},
};
/* clang-format on */
const size_t seed_nquarters = N(seed_quarters);

static const char *const w_first[] = {
    "Camille", "Louis", "Chloé", "Hugo",    "Léa",   "Jules", "Manon", "Arthur",  "Inès",  "Nathan",
    "Emma",    "Lucas", "Jade",  "Gabriel", "Sarah", "Adam",  "Zoé",   "Raphaël", "Alice", "Théo",
    "Lina",    "Noah",  "Rose",  "Yanis",   "Anna",  "Karim", "Sofia", "Malik",   "Elsa",  "Tom",
};
static const char *const w_last[] = {
    "Martin",   "Bernard", "Dubois",  "Thomas",   "Robert",    "Richard", "Petit",  "Durand",
    "Leroy",    "Moreau",  "Simon",   "Laurent",  "Lefebvre",  "Michel",  "Garcia", "David",
    "Bertrand", "Roux",    "Vincent", "Fournier", "Morel",     "Girard",  "André",  "Mercier",
    "Blanc",    "Guerin",  "Boyer",   "Garnier",  "Chevalier", "Benali",
};
static const char *const w_colours[] = {"Navy",     "Black", "White",        "Olive",   "Grey",
                                        "Burgundy", "Sand",  "Forest green", "Sky blue"};
static const char *const w_tags[] = {"organic", "running",    "vintage", "gaming", "cooking",
                                     "cycling", "zero waste", "hiking",  "hi-fi",  "kids"};

const struct seed_list seed_first_names = LIST(w_first), seed_last_names = LIST(w_last),
                       seed_colours = LIST(w_colours), seed_tags = LIST(w_tags);
