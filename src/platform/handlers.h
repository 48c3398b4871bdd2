/*
 * handlers.h - the HTTP handlers of the platform module, for the route
 * table (src/routes.c).  Each is documented at its definition.
 */
#ifndef AG_PLATFORM_HANDLERS_H
#define AG_PLATFORM_HANDLERS_H

#include "http/http.h"

/* auth_http.c */
int auth_signup(struct http_req *req, struct http_res *res);
int auth_login(struct http_req *req, struct http_res *res);
int auth_logout(struct http_req *req, struct http_res *res);
int auth_change_password(struct http_req *req, struct http_res *res);

/* admin_http.c */
int admin_users_list(struct http_req *req, struct http_res *res);
int admin_user_get(struct http_req *req, struct http_res *res);
int admin_user_patch(struct http_req *req, struct http_res *res);

/* ops_http.c */
int ops_healthz(struct http_req *req, struct http_res *res);
int ops_readyz(struct http_req *req, struct http_res *res);
int ops_metrics(struct http_req *req, struct http_res *res);

#endif
