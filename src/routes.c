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
#include "platform/handlers.h"

#define W ROUTE_WRITE

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
    {"GET", "/v1/me", me_get, ACCESS_USER, BODY_NONE, 0, 0, NULL, "The signed-in account"},
    {"POST", "/v1/me/password", auth_change_password, ACCESS_USER, BODY_JSON,
     W | ROUTE_NO_REPLAY, 0, NULL, "Change the password and end other sessions"},

    /* Administration */
    {"GET", "/v1/admin/users", admin_users_list, ACCESS_ADMIN, BODY_NONE, 0, 0, NULL,
     "List accounts"},
    {"GET", "/v1/admin/users/{id}", admin_user_get, ACCESS_ADMIN, BODY_NONE, 0, 0, NULL,
     "One account"},
    {"PATCH", "/v1/admin/users/{id}", admin_user_patch, ACCESS_ADMIN, BODY_JSON, W, 0, NULL,
     "Change an account's role, staff scope or disabled state"},
};

const size_t app_routes_count = sizeof app_routes / sizeof app_routes[0];
