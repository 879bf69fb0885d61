/* SPDX-License-Identifier: GPL-2.0 */
/* GET /api/v1/top|series|nat|flows (api_v1.c): the store's answers as `flowmeter --json`. */
#ifndef FM_API_V1_H
#define FM_API_V1_H

#include "http.h"

void fm_api_v1(struct fm_daemon *d, const struct fm_http_req *r, struct fm_http_resp *out);

#endif
