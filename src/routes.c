/*
 * routes.c - every endpoint of Agora, in one table.
 *
 * "Where is endpoint X?" is one grep here.  Each row says the method, the
 * path pattern, the handler, who may call it, what body it takes and its
 * flags; the dispatcher enforces all of it, so handlers never repeat an
 * auth, method or body check.  A test checks this table against
 * docs/openapi.yaml in both directions (`agora routes` prints it).
 */
#include "http/server.h"
#include "catalog/handlers.h"
#include "people/handlers.h"
#include "platform/handlers.h"

#define W ROUTE_WRITE

/* Product feeds: Merchant Center TSV or CSV; the size limit is the
 * upload-body-max setting. */
static const char *const feed_types[] = {"text/tab-separated-values", "text/csv", NULL};

const struct route app_routes[] = {
    /* Operations (unversioned) */
    {"GET", "/healthz", ops_healthz, ACCESS_PUBLIC, BODY_NONE, ROUTE_NO_DB, 0, NULL,
     "Liveness, the process answers"},
    {"GET", "/readyz", ops_readyz, ACCESS_PUBLIC, BODY_NONE, ROUTE_NO_DB, 0, NULL,
     "Readiness, the database answers"},
    {"GET", "/metrics", ops_metrics, ACCESS_PUBLIC, BODY_NONE, ROUTE_NO_DB, 0, NULL,
     "Prometheus metrics"},

    /* Accounts and sessions */
    {"POST", "/v1/auth/signup", auth_signup, ACCESS_PUBLIC, BODY_JSON, W | ROUTE_NO_REPLAY, 0,
     NULL, "Create a shopper account and log in"},
    {"POST", "/v1/auth/login", auth_login, ACCESS_PUBLIC, BODY_JSON, W | ROUTE_NO_REPLAY, 0,
     NULL, "Exchange e-mail and password for a bearer token"},
    {"POST", "/v1/auth/logout", auth_logout, ACCESS_USER, BODY_JSON_OPTIONAL,
     W | ROUTE_NO_REPLAY, 0, NULL, "End the current session"},
    {"POST", "/v1/me/password", auth_change_password, ACCESS_USER, BODY_JSON,
     W | ROUTE_NO_REPLAY, 0, NULL, "Change the password and end other sessions"},

    /* The signed-in person: profile, export, erasure (src/people) */
    {"GET", "/v1/me", people_me_get, ACCESS_USER, BODY_NONE, 0, 0, NULL,
     "The signed-in account and its profile"},
    {"PATCH", "/v1/me", people_me_patch, ACCESS_USER, BODY_JSON, W, 0, NULL,
     "Change display name, coarse home, privacy, interests and consents"},
    {"DELETE", "/v1/me", people_me_delete, ACCESS_USER, BODY_JSON, W | ROUTE_NO_REPLAY, 0, NULL,
     "Erase the account (password required again)"},
    {"GET", "/v1/me/export", people_me_export, ACCESS_USER, BODY_NONE, 0, 0, NULL,
     "All of my data as one JSON document (a download)"},

    /* Friends */
    {"GET", "/v1/me/friends", friend_http_list, ACCESS_USER, BODY_NONE, 0, 0, NULL,
     "My friends, most recent first"},
    {"DELETE", "/v1/me/friends/{id}", friend_http_remove, ACCESS_USER, BODY_NONE, W, 0, NULL,
     "End a friendship"},
    {"GET", "/v1/me/friend-requests", friend_http_requests, ACCESS_USER, BODY_NONE, 0, 0, NULL,
     "Friend requests waiting for me and sent by me"},
    {"POST", "/v1/me/friend-requests", friend_http_send, ACCESS_USER, BODY_JSON, W, 0, NULL,
     "Ask a shopper to be friends (accepts theirs if they asked first)"},
    {"GET", "/v1/me/friend-requests/{id}", friend_http_request_get, ACCESS_USER, BODY_NONE, 0, 0,
     NULL, "One friend request I sent or received"},
    {"DELETE", "/v1/me/friend-requests/{id}", friend_http_cancel, ACCESS_USER, BODY_NONE, W, 0,
     NULL, "Cancel a pending request I sent"},
    {"POST", "/v1/me/friend-requests/{id}/accept", friend_http_accept, ACCESS_USER, BODY_NONE, W,
     0, NULL, "Accept a friend request"},
    {"POST", "/v1/me/friend-requests/{id}/decline", friend_http_decline, ACCESS_USER, BODY_NONE,
     W, 0, NULL, "Decline a friend request"},

    /* Follows of retailers and brands */
    {"GET", "/v1/me/follows", follow_http_list, ACCESS_USER, BODY_NONE, 0, 0, NULL,
     "Retailers and brands I follow"},
    {"PUT", "/v1/me/follows/retailers/{id}", follow_http_put_retailer, ACCESS_USER, BODY_NONE, W,
     0, NULL, "Follow a retailer"},
    {"DELETE", "/v1/me/follows/retailers/{id}", follow_http_delete_retailer, ACCESS_USER,
     BODY_NONE, W, 0, NULL, "Unfollow a retailer"},
    {"PUT", "/v1/me/follows/brands/{id}", follow_http_put_brand, ACCESS_USER, BODY_NONE, W, 0,
     NULL, "Follow a brand"},
    {"DELETE", "/v1/me/follows/brands/{id}", follow_http_delete_brand, ACCESS_USER, BODY_NONE, W,
     0, NULL, "Unfollow a brand"},

    /* Other shoppers */
    {"GET", "/v1/shoppers/{id}", shopper_http_get, ACCESS_USER, BODY_NONE, 0, 0, NULL,
     "A shopper as others see them, with the coarse area only if allowed"},
    {"GET", "/v1/shoppers/{id}/activity", shopper_http_activity, ACCESS_USER, BODY_NONE, 0, 0,
     NULL, "A friend's activity (interests and follows)"},

    /* Administration */
    {"GET", "/v1/admin/users", admin_users_list, ACCESS_ADMIN, BODY_NONE, 0, 0, NULL,
     "List accounts"},
    {"GET", "/v1/admin/users/{id}", admin_user_get, ACCESS_ADMIN, BODY_NONE, 0, 0, NULL,
     "One account"},
    {"PATCH", "/v1/admin/users/{id}", admin_user_patch, ACCESS_ADMIN, BODY_JSON, W, 0, NULL,
     "Change an account's role, staff scope or disabled state"},

    /* Catalog: retailers, brands, categories */
    {"GET", "/v1/retailers", cat_retailers_list, ACCESS_PUBLIC, BODY_NONE, 0, 0, NULL,
     "List retailers"},
    {"POST", "/v1/retailers", cat_retailer_create, ACCESS_ADMIN, BODY_JSON, W, 0, NULL,
     "Create a retailer"},
    {"GET", "/v1/retailers/{id}", cat_retailer_get, ACCESS_PUBLIC, BODY_NONE, 0, 0, NULL,
     "One retailer"},
    {"GET", "/v1/brands", cat_brands_list, ACCESS_PUBLIC, BODY_NONE, 0, 0, NULL, "List brands"},
    {"POST", "/v1/brands", cat_brand_create, ACCESS_STAFF, BODY_JSON, W, 0, NULL,
     "Create a brand"},
    {"GET", "/v1/categories", cat_categories_list, ACCESS_PUBLIC, BODY_NONE, 0, 0, NULL,
     "List the category tree"},
    {"POST", "/v1/categories", cat_category_create, ACCESS_ADMIN, BODY_JSON, W, 0, NULL,
     "Create a category"},

    /* Catalog: stores */
    {"GET", "/v1/retailers/{id}/stores", cat_stores_list, ACCESS_PUBLIC, BODY_NONE, 0, 0, NULL,
     "A retailer's stores with opening hours and open_now"},
    {"POST", "/v1/retailers/{id}/stores", cat_store_create, ACCESS_STAFF, BODY_JSON, W, 0, NULL,
     "Create a store of the retailer"},
    {"GET", "/v1/stores/{id}", cat_store_get, ACCESS_PUBLIC, BODY_NONE, 0, 0, NULL,
     "One store with hours, exceptions and open_now"},
    {"PATCH", "/v1/stores/{id}", cat_store_patch, ACCESS_STAFF, BODY_JSON, W, 0, NULL,
     "Change a store, its hours or its exceptions"},

    /* Catalog: feeds */
    {"POST", "/v1/retailers/{id}/feeds", cat_feed_upload, ACCESS_STAFF, BODY_UPLOAD,
     W | ROUTE_NO_REPLAY, 0, feed_types, "Import a Merchant Center product feed (TSV or CSV)"},

    /* Catalog: products and offers */
    {"GET", "/v1/products", cat_products_list, ACCESS_PUBLIC, BODY_NONE, 0, 0, NULL,
     "List products, or look one up by barcode (gtin=)"},
    {"GET", "/v1/products/{id}", cat_product_get, ACCESS_PUBLIC, BODY_NONE, 0, 0, NULL,
     "One product with its listings"},
    {"PATCH", "/v1/products/{id}", cat_product_patch, ACCESS_ADMIN, BODY_JSON, W, 0, NULL,
     "Change a product's shared content"},
    {"GET", "/v1/products/{id}/offers", cat_product_offers, ACCESS_PUBLIC, BODY_NONE, 0, 0, NULL,
     "Every offer of a product, cheapest marked, with distance when near="},
    {"GET", "/v1/products/{id}/price-history", cat_product_history, ACCESS_PUBLIC, BODY_NONE, 0,
     0, NULL, "Price changes of a product's offers"},
    {"GET", "/v1/offers", cat_offers_list, ACCESS_PUBLIC, BODY_NONE, 0, 0, NULL,
     "List offers, on sale near a point by real reduction"},
    {"POST", "/v1/offers", cat_offer_publish, ACCESS_STAFF, BODY_JSON, W, 0, NULL,
     "Publish one item (listing, product and offer)"},
    {"GET", "/v1/offers/{id}", cat_offer_get, ACCESS_PUBLIC, BODY_NONE, 0, 0, NULL, "One offer"},
    {"PATCH", "/v1/offers/{id}", cat_offer_patch, ACCESS_STAFF, BODY_JSON, W, 0, NULL,
     "Change an offer's prices, sale window or availability"},

    /* Catalog: search */
    {"GET", "/v1/search", cat_search, ACCESS_PUBLIC, BODY_NONE, 0, 0, NULL,
     "Full-text product search with filters and the cheapest offer"},
};

const size_t app_routes_count = sizeof app_routes / sizeof app_routes[0];
