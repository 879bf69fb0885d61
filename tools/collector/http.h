/* SPDX-License-Identifier: GPL-2.0 */
/* /metrics and /health over HTTP. */
#ifndef FM_HTTP_H
#define FM_HTTP_H

#include <stddef.h>
#include "daemon.h"

int fm_http_start(struct fm_daemon *d, const char *endpoint, char *err, size_t errlen);
void fm_http_stop(void);

#endif
