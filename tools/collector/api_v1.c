// SPDX-License-Identifier: GPL-2.0
/*
 * /api/v1/KIND?PARAMS (docs/store.md): the parameters are the CLI's
 * (fm_query_param reads both), the answer is fm_result_json's, printed
 * as `flowmeter --json` prints it, so the two are the same bytes for the
 * same question.
 */
#include <stdio.h>
#include <string.h>
#include "api.h"
#include "api_v1.h"
#include "json.h"

struct args {
	struct fm_query q;
	uint64_t now_ms;
	char err[512];
};

static int one(void *ctx, const char *key, const char *value)
{
	struct args *a = ctx;

	return fm_query_param(&a->q, key, value, a->now_ms, a->err, sizeof(a->err));
}

void fm_api_v1(struct fm_daemon *d, const struct fm_http_req *r, struct fm_http_resp *out)
{
	const char *kind = r->path + strlen("/api/v1/");
	struct fm_result res;
	struct args a;
	unsigned int status;
	int k = fm_query_kind_lookup(kind);

	if (k < 0) {
		fm_http_error(out, 404, "no such question: /api/v1/%.64s (top, series, nat, flows)", kind);
		return;
	}
	if (!d->api) {
		fm_http_error(out, 503, "the API is not ready");
		return;
	}
	a.now_ms = r->now_ms;
	fm_query_init(&a.q, k, r->now_ms);
	if (fm_http_args(r, one, &a) < 0) {
		fm_http_error(out, 400, "%s", a.err);
		return;
	}
	status = fm_api_query(d->api, &a.q, &res, a.err, sizeof(a.err));
	if (status) {
		fm_http_error(out, status, "%s", a.err);
		return;
	}
	fm_http_json(out, 200, fm_result_json(&res));
	fm_result_free(&res);
}
