/* SPDX-License-Identifier: GPL-2.0 */
/*
 * netflow.io's REST API (api_netflowio.c): the sender registry
 * (GET /senders, GET|PUT|DELETE /senders/<ip>) and POST /stats/<sender>,
 * each signed with HMAC-SHA256 in X-Io-Auth / X-Io-Sign.
 */
#ifndef FM_API_NETFLOWIO_H
#define FM_API_NETFLOWIO_H

#include "http.h"

void fm_nfio_senders(struct fm_daemon *d, const struct fm_http_req *r, struct fm_http_resp *out);
void fm_nfio_stats(struct fm_daemon *d, const struct fm_http_req *r, struct fm_http_resp *out);

#endif
