/* SPDX-License-Identifier: GPL-2.0 */
/*
 * flowmeterd's own page (web.c): GET / and /assets/NAME, the files of
 * tools/collector/web/ built into the binary (web/embed.sh writes
 * fm_web_files at build time). The page draws from the /api/v1 answers.
 */
#ifndef FM_WEB_H
#define FM_WEB_H

#include <stddef.h>
#include "http.h"

struct fm_web_file {
	const char *name;		/* "index.html", "dashboard.js" */
	const char *type;		/* Content-Type */
	const unsigned char *data;
	size_t len;
};

/* Ends with a { 0 }. */
extern const struct fm_web_file fm_web_files[];


/* GET / (index.html) and GET /assets/NAME. */
void fm_web_page(struct fm_daemon *d, const struct fm_http_req *r, struct fm_http_resp *out);
void fm_web_asset(struct fm_daemon *d, const struct fm_http_req *r, struct fm_http_resp *out);

#endif
