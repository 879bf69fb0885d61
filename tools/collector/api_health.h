/* SPDX-License-Identifier: GPL-2.0 */
/*
 * GET /api/v1/health (api_health.c): the collector's own counters as
 * JSON, the same ones /metrics shows (per exporter, the sockets, the
 * outputs), for the page; a rate is two answers' difference over their
 * "now_ms".
 */
#ifndef FM_API_HEALTH_H
#define FM_API_HEALTH_H

#include "http.h"

void fm_api_health(struct fm_daemon *d, const struct fm_http_req *r, struct fm_http_resp *out);

#endif
