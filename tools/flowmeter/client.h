/* SPDX-License-Identifier: GPL-2.0 */
/* Asking a running flowmeterd (client.c): GET /api/v1/KIND?PARAMS, JSON back. */
#ifndef FM_CLIENT_H
#define FM_CLIENT_H

#include <stddef.h>
#include "query.h"

/* 0, or -1 with the reason (the server's own, when it gave one) in @err. */
int fm_client_query(const char *server, const struct fm_query *q, struct fm_result *res,
		    char *err, size_t errlen);

#endif
