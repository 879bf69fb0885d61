// SPDX-License-Identifier: GPL-2.0
/*
 * The page's files (web.h). The policy headers say what the page is: its
 * scripts and styles only from here, requests only to here, never in a
 * frame; it needs no network beyond flowmeterd (a router offline works).
 */
#include <stdlib.h>
#include <string.h>
#include "web.h"

static const char *const page_headers[] = {
	"Content-Security-Policy",
	"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
	"connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
	"X-Content-Type-Options", "nosniff",
	"Referrer-Policy", "no-referrer",
	/* Small files: asked again each load, so an upgraded flowmeterd is seen at once. */
	"Cache-Control", "no-cache",
	NULL,
};

static void serve(const char *name, struct fm_http_resp *out)
{
	const struct fm_web_file *f;
	size_t i;

	for (f = fm_web_files; f->name; f++)
		if (!strcmp(f->name, name))
			break;
	if (!f->name) {
		fm_http_error(out, 404, "no such file: %.64s", name);
		return;
	}
	out->status = 200;
	out->type = f->type;
	out->body = malloc(f->len ? f->len : 1);
	out->len = out->body ? f->len : 0;
	if (out->body)
		memcpy(out->body, f->data, f->len);
	for (i = 0; page_headers[i]; i++)
		out->headers[i] = page_headers[i];
}

void fm_web_page(struct fm_daemon *d, const struct fm_http_req *r, struct fm_http_resp *out)
{
	(void)d, (void)r;
	serve("index.html", out);
}

void fm_web_asset(struct fm_daemon *d, const struct fm_http_req *r, struct fm_http_resp *out)
{
	const char *name = r->path + strlen("/assets/");

	(void)d;
	/* The page has one address, /. */
	if (!strcmp(name, "index.html"))
		fm_http_error(out, 404, "no such file: %s", name);
	else
		serve(name, out);
}
