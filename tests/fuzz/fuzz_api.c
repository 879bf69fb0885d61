// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness: the HTTP API's JSON bodies (collector/
 * api_netflowio_json.c), as the handlers hand them over: the first byte
 * picks the parser (PUT/DELETE /senders' prefixes, POST /stats' buckets,
 * the registry file), the rest is the body. What a parser takes must be
 * what it promises (within its limits, prefixes with their host bits
 * zero, buckets from before to); what it refuses must say why (the 400's
 * text), never crash or leak.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include "api_netflowio_json.h"

static void check_prefix(const struct fm_nfio_prefix *p)
{
	struct fm_nfio_prefix back;
	char buf[INET6_ADDRSTRLEN + 8], a[INET6_ADDRSTRLEN], err[256];
	int max = p->net.family == AF_INET ? 32 : 128;
	char *slash;

	if ((p->net.family != AF_INET && p->net.family != AF_INET6) || p->len < 0 || p->len > max)
		abort();
	/* Printed and parsed again: the same prefix (so its host bits were zero). */
	fm_nfio_prefix_str(p, buf, sizeof(buf));
	slash = strchr(buf, '/');
	if (!slash)
		abort();
	snprintf(a, sizeof(a), "%.*s", (int)(slash - buf), buf);
	if (fm_nfio_prefix_parse(a, p->len, &back, err, sizeof(err)) ||
	    back.len != p->len || back.net.family != p->net.family ||
	    memcmp(back.net.a, p->net.a, p->net.family == AF_INET ? 4 : 16)) {
		fprintf(stderr, "prefix %s does not parse back: %s\n", buf, err);
		abort();
	}
}

static void refused(int ret, const char *err)
{
	if (ret && !err[0]) {
		fprintf(stderr, "refused without saying why\n");
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[256] = "";
	const char *body = (const char *)data + 1;
	size_t len = size ? size - 1 : 0, i, j, nb = 0;
	int ret;

	if (!size)
		return 0;
	switch (data[0] % 3) {
	case 0: {
		struct fm_nfio_prefix *p = NULL;
		size_t n = 0;

		ret = fm_nfio_parse_prefixes(body, len, &p, &n, err, sizeof(err));
		refused(ret, err);
		if (!ret) {
			if (n > FM_NFIO_MAX_PREFIXES)
				abort();
			for (i = 0; i < n; i++)
				check_prefix(&p[i]);
		}
		free(p);
		break;
	}
	case 1: {
		struct fm_nfio_stats s;

		memset(&s, 0, sizeof(s));
		ret = fm_nfio_parse_stats(body, len, &s, err, sizeof(err));
		refused(ret, err);
		if (!ret) {
			for (i = 0; i < s.np; i++) {
				check_prefix(&s.p[i].p);
				nb += s.p[i].nb;
				for (j = 0; j < s.p[i].nb; j++) {
					const struct fm_nfio_bucket *b = &s.p[i].b[j];

					if (b->from_ms >= b->to_ms || b->span >= FM_NFIO__SPANS ||
					    b->nf < 0 || b->nf > FM_NFIO_MAX_FIELDS ||
					    !memchr(b->key, 0, sizeof(b->key)))
						abort();
				}
			}
			if (nb > FM_NFIO_MAX_BUCKETS)
				abort();
		}
		fm_nfio_stats_free(&s);
		break;
	}
	default: {
		struct fm_nfio_sender *s = NULL;
		size_t n = 0;

		ret = fm_nfio_parse_registry(body, len, &s, &n, err, sizeof(err));
		refused(ret, err);
		if (!ret)
			for (i = 0; i < n; i++)
				for (j = 0; j < s[i].np; j++)
					check_prefix(&s[i].p[j]);
		fm_nfio_senders_free(s, n);
	}
	}
	return 0;
}
