/* SPDX-License-Identifier: GPL-2.0 */
/*
 * netflow.io's REST API (api_netflowio.c): the sender registry
 * (GET /senders, GET|PUT|DELETE /senders/<ip>) and POST /stats/<sender>,
 * each signed with HMAC-SHA256 in X-Io-Auth / X-Io-Sign.
 */
#ifndef FM_API_NETFLOWIO_H
#define FM_API_NETFLOWIO_H

#include <stdbool.h>
#include <stddef.h>
#include "http.h"

void fm_nfio_senders(struct fm_daemon *d, const struct fm_http_req *r, struct fm_http_resp *out);
void fm_nfio_stats(struct fm_daemon *d, const struct fm_http_req *r, struct fm_http_resp *out);

/*
 * netflow.io's check: @auth is the auth key, and @sign the hex HMAC-SHA256,
 * keyed with the sign key, of the auth key or of the body (if any).
 * Compared in constant time. No HTTP in it: a fuzzer may call it.
 */
bool fm_nfio_signed(const char *auth_key, const char *sign_key, const char *auth,
		    const char *sign, const char *body, size_t len);

#endif
