/*
 * handlers.h - the HTTP handlers of the people module, for the route table
 * (src/routes.c).  Each is documented at its definition.
 */
#ifndef AG_PEOPLE_HANDLERS_H
#define AG_PEOPLE_HANDLERS_H

#include "http/http.h"

/* me_http.c */
int people_me_get(struct http_req *req, struct http_res *res);
int people_me_patch(struct http_req *req, struct http_res *res);

/* data_http.c */
int people_me_export(struct http_req *req, struct http_res *res);
int people_me_delete(struct http_req *req, struct http_res *res);

/* friend_http.c */
int friend_http_list(struct http_req *req, struct http_res *res);
int friend_http_remove(struct http_req *req, struct http_res *res);
int friend_http_requests(struct http_req *req, struct http_res *res);
int friend_http_send(struct http_req *req, struct http_res *res);
int friend_http_request_get(struct http_req *req, struct http_res *res);
int friend_http_accept(struct http_req *req, struct http_res *res);
int friend_http_decline(struct http_req *req, struct http_res *res);
int friend_http_cancel(struct http_req *req, struct http_res *res);

/* follow_http.c */
int follow_http_list(struct http_req *req, struct http_res *res);
int follow_http_put_retailer(struct http_req *req, struct http_res *res);
int follow_http_put_brand(struct http_req *req, struct http_res *res);
int follow_http_delete_retailer(struct http_req *req, struct http_res *res);
int follow_http_delete_brand(struct http_req *req, struct http_res *res);

/* shopper_http.c */
int shopper_http_get(struct http_req *req, struct http_res *res);
int shopper_http_activity(struct http_req *req, struct http_res *res);

#endif
