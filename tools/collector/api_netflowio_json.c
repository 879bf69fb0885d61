// SPDX-License-Identifier: GPL-2.0
/*
 * netflow.io's request bodies, parsed strictly (jansson, duplicates
 * refused): an unknown key, a wrong type, a prefix that is not its
 * network's first address, a bucket not in its list's format: each is a
 * reason in @err, never a guess. Bucket times are UTC, as the store's.
 */
#include <arpa/inet.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "addr.h"
#include "api_netflowio_json.h"

static const char *const span_names[FM_NFIO__SPANS] = {
	"years", "months", "days", "hours", "minutes",
};

const char *fm_nfio_span_name(enum fm_nfio_span s)
{
	return s < FM_NFIO__SPANS ? span_names[s] : "?";
}

static int fail(char *err, size_t errlen, const char *fmt, const char *arg)
{
	snprintf(err, errlen, fmt, arg);
	return -1;
}

static json_t *load(const char *buf, size_t len, char *err, size_t errlen)
{
	json_error_t je;
	json_t *j = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &je);

	if (!j)
		snprintf(err, errlen, "malformed JSON at line %d, column %d: %s", je.line,
			 je.column, je.text);
	return j;
}

const char *fm_nfio_prefix_str(const struct fm_nfio_prefix *p, char *buf, size_t len)
{
	char a[INET6_ADDRSTRLEN];

	snprintf(buf, len, "%s/%d", fm_addr_str(&p->net, a, sizeof(a)), p->len);
	return buf;
}

int fm_nfio_prefix_parse(const char *addr, long long len, struct fm_nfio_prefix *p,
			 char *err, size_t errlen)
{
	int bits, i;

	if (strlen(addr) >= INET6_ADDRSTRLEN || fm_addr_parse(addr, &p->net) < 0)
		return fail(err, errlen, "prefix '%.64s' is not an address", addr);
	bits = p->net.family == AF_INET ? 32 : 128;
	if (len < 0 || len > bits)
		return fail(err, errlen, "prefixLen of %s must be from 0 to the address's bits", addr);
	p->len = len;
	/* netflow.io's rule: the first address, or the prefix names another network. */
	for (i = len; i < bits; i++)
		if (p->net.a[i / 8] & (0x80 >> (i % 8)))
			return fail(err, errlen, "prefix %s has host bits set: give its first address",
				    addr);
	return 0;
}

/* {"prefix": "...", "prefixLen": N} */
static int one_prefix(const json_t *o, struct fm_nfio_prefix *p, char *err, size_t errlen)
{
	const json_t *a = NULL, *l = NULL, *v;
	const char *k;

	if (!json_is_object(o))
		return fail(err, errlen, "%s", "a prefix must be an object {\"prefix\": ..., \"prefixLen\": ...}");
	json_object_foreach((json_t *)o, k, v) {
		if (!strcmp(k, "prefix"))
			a = v;
		else if (!strcmp(k, "prefixLen"))
			l = v;
		else
			return fail(err, errlen, "unknown field '%.64s' in a prefix (prefix, prefixLen)", k);
	}
	if (!json_is_string(a))
		return fail(err, errlen, "%s", "a prefix needs \"prefix\", an address as a string");
	if (!json_is_integer(l))
		return fail(err, errlen, "%s", "a prefix needs \"prefixLen\", an integer");
	return fm_nfio_prefix_parse(json_string_value(a), json_integer_value(l), p, err, errlen);
}

static int prefixes_of(const json_t *arr, struct fm_nfio_prefix **out, size_t *n,
		       char *err, size_t errlen)
{
	size_t i;

	*n = 0;
	*out = NULL;
	if (!json_is_array(arr))
		return fail(err, errlen, "%s", "\"prefixes\" must be an array");
	if (json_array_size(arr) > FM_NFIO_MAX_PREFIXES)
		return fail(err, errlen, "%s", "too many prefixes (1024 at most)");
	*out = calloc(json_array_size(arr) + 1, sizeof(**out));
	if (!*out)
		return fail(err, errlen, "%s", "out of memory");
	for (i = 0; i < json_array_size(arr); i++)
		if (one_prefix(json_array_get(arr, i), &(*out)[i], err, errlen) < 0)
			return -1;
	*n = i;
	return 0;
}

/* {"prefixes": [...]} and nothing else. */
static int prefixes_body(const json_t *j, struct fm_nfio_prefix **out, size_t *n,
			 char *err, size_t errlen)
{
	const json_t *v;
	const char *k;

	if (!json_is_object(j))
		return fail(err, errlen, "%s", "the body must be an object {\"prefixes\": [...]}");
	json_object_foreach((json_t *)j, k, v)
		if (strcmp(k, "prefixes"))
			return fail(err, errlen, "unknown field '%.64s' (prefixes)", k);
	v = json_object_get(j, "prefixes");
	if (!v)
		return fail(err, errlen, "%s", "the body needs \"prefixes\"");
	return prefixes_of(v, out, n, err, errlen);
}

int fm_nfio_parse_prefixes(const char *buf, size_t len, struct fm_nfio_prefix **out,
			   size_t *n, char *err, size_t errlen)
{
	json_t *j;
	int ret;

	*out = NULL;
	*n = 0;
	if (!len) {
		*out = calloc(1, sizeof(**out));
		return *out ? 0 : fail(err, errlen, "%s", "out of memory");
	}
	j = load(buf, len, err, errlen);
	if (!j)
		return -1;
	ret = prefixes_body(j, out, n, err, errlen);
	json_decref(j);
	if (ret < 0) {
		free(*out);
		*out = NULL;
		*n = 0;
	}
	return ret;
}

/* ---- stats ---- */

/* A bucket name in its list's format, exactly, to [from, to) UTC. */
static int bucket_time(enum fm_nfio_span span, const char *s, uint64_t *from, uint64_t *to)
{
	static const char *const fmt[FM_NFIO__SPANS] = {
		"%4d%n", "%4d-%2d%n", "%4d-%2d-%2d%n", "%4d-%2d-%2d %2d%n", "%4d-%2d-%2d %2d:%2d%n",
	};
	static const size_t lens[FM_NFIO__SPANS] = { 4, 7, 10, 13, 16 };
	int v[5] = { 0, 1, 1, 0, 0 }, used = -1, i, got;
	struct tm tm = { 0 }, back;
	time_t t, e;

	if (strlen(s) != lens[span])
		return -1;
	for (i = 0; s[i]; i++)		/* digits where digits go: no signs, no spaces */
		if (!((s[i] >= '0' && s[i] <= '9') || ((i == 4 || i == 7) && s[i] == '-') ||
		      (i == 10 && s[i] == ' ') || (i == 13 && s[i] == ':')))
			return -1;
	switch (span) {
	case FM_NFIO_YEARS: got = sscanf(s, fmt[span], &v[0], &used); break;
	case FM_NFIO_MONTHS: got = sscanf(s, fmt[span], &v[0], &v[1], &used); break;
	case FM_NFIO_DAYS: got = sscanf(s, fmt[span], &v[0], &v[1], &v[2], &used); break;
	case FM_NFIO_HOURS: got = sscanf(s, fmt[span], &v[0], &v[1], &v[2], &v[3], &used); break;
	default: got = sscanf(s, fmt[span], &v[0], &v[1], &v[2], &v[3], &v[4], &used); break;
	}
	if (got != (int)span + 1 || used != (int)lens[span] || v[0] < 1970)
		return -1;
	tm.tm_year = v[0] - 1900;
	tm.tm_mon = v[1] - 1;
	tm.tm_mday = v[2];
	tm.tm_hour = v[3];
	tm.tm_min = v[4];
	back = tm;
	t = timegm(&tm);
	/* timegm normalises 2014-02-30: a date that moved was no date. */
	if (t < 0 || tm.tm_mon != back.tm_mon || tm.tm_mday != back.tm_mday ||
	    tm.tm_hour != back.tm_hour || tm.tm_min != back.tm_min)
		return -1;
	switch (span) {
	case FM_NFIO_YEARS: tm.tm_year++; break;
	case FM_NFIO_MONTHS: tm.tm_mon++; break;
	case FM_NFIO_DAYS: tm.tm_mday++; break;
	case FM_NFIO_HOURS: tm.tm_hour++; break;
	default: tm.tm_min++; break;
	}
	e = timegm(&tm);
	*from = (uint64_t)t * 1000;
	*to = (uint64_t)e * 1000;
	return 0;
}

static int number(const char *s, uint32_t max, uint32_t *v)
{
	unsigned long long u = 0;
	size_t i;

	if (!*s || strlen(s) > 10)
		return -1;
	for (i = 0; s[i]; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		u = u * 10 + (s[i] - '0');
	}
	if (u > max)
		return -1;
	*v = u;
	return 0;
}

static int field(const char *s, struct fm_nfio_field *f, char *err, size_t errlen)
{
	static const struct { const char *name; enum fm_nfio_field_kind kind; uint32_t max; } names[] = {
		{ "proto", FM_NFIO_PROTO, 255 }, { "srcip", FM_NFIO_SRCIP, 0 },
		{ "dstip", FM_NFIO_DSTIP, 0 }, { "srcport", FM_NFIO_SRCPORT, 65535 },
		{ "dstport", FM_NFIO_DSTPORT, 65535 }, { "srcas", FM_NFIO_SRCAS, UINT32_MAX },
		{ "dstas", FM_NFIO_DSTAS, UINT32_MAX },
	};
	const char *colon = strchr(s, ':');
	size_t i;

	memset(f, 0, sizeof(*f));
	if (strlen(s) >= sizeof(f->key))
		return fail(err, errlen, "field '%.64s...' is too long", s);
	strcpy(f->key, s);
	if (!strcmp(s, "all"))
		return 0;
	for (i = 0; colon && i < sizeof(names) / sizeof(names[0]); i++) {
		if (strlen(names[i].name) != (size_t)(colon - s) ||
		    strncmp(s, names[i].name, colon - s))
			continue;
		f->kind = names[i].kind;
		if (f->kind == FM_NFIO_SRCIP || f->kind == FM_NFIO_DSTIP) {
			if (fm_addr_parse(colon + 1, &f->addr) < 0)
				return fail(err, errlen, "field '%s': not an address", s);
		} else if (number(colon + 1, names[i].max, &f->value) < 0) {
			return fail(err, errlen, "field '%s': not a number in range", s);
		}
		return 0;
	}
	return fail(err, errlen, "unknown field '%s' (all, proto:N, srcip:A, dstip:A, "
		    "srcport:N, dstport:N, srcas:N, dstas:N)", s);
}

/* "2014-02-02 05:00" or {"2014-02-02 05:00": ["all", "dstas:34868"]} */
static int bucket(enum fm_nfio_span span, const json_t *item, struct fm_nfio_bucket *b,
		  char *err, size_t errlen)
{
	const char *name;
	const json_t *fields = NULL;
	size_t i;

	memset(b, 0, sizeof(*b));
	b->span = span;
	if (json_is_string(item)) {
		name = json_string_value(item);
	} else if (json_is_object(item) && json_object_size(item) == 1) {
		void *it = json_object_iter((json_t *)item);

		name = json_object_iter_key(it);
		fields = json_object_iter_value(it);
		if (!json_is_array(fields))
			return fail(err, errlen, "the fields of '%.64s' must be an array of strings", name);
	} else {
		return fail(err, errlen, "a bucket of %s must be a string or an object of one bucket "
			    "and its fields", span_names[span]);
	}
	if (strlen(name) >= sizeof(b->key) || bucket_time(span, name, &b->from_ms, &b->to_ms) < 0) {
		static const char *const want[FM_NFIO__SPANS] = {
			"YYYY", "YYYY-MM", "YYYY-MM-DD", "YYYY-MM-DD HH", "YYYY-MM-DD HH:MM" };
		char why[160];

		snprintf(why, sizeof(why), "'%%.64s' is not a bucket of %s (%s, UTC)",
			 span_names[span], want[span]);
		return fail(err, errlen, why, name);
	}
	strcpy(b->key, name);
	if (!fields) {
		b->nf = 1;		/* f[0] is all */
		strcpy(b->f[0].key, "all");
		return 0;
	}
	if (!json_array_size(fields) || json_array_size(fields) > FM_NFIO_MAX_FIELDS)
		return fail(err, errlen, "'%.64s' needs from 1 to 16 fields", name);
	for (i = 0; i < json_array_size(fields); i++) {
		const json_t *f = json_array_get(fields, i);
		int k;

		if (!json_is_string(f))
			return fail(err, errlen, "the fields of '%.64s' must be strings", name);
		if (field(json_string_value(f), &b->f[b->nf], err, errlen) < 0)
			return -1;
		for (k = 0; k < b->nf; k++)
			if (!strcmp(b->f[k].key, b->f[b->nf].key))
				return fail(err, errlen, "field '%s' twice", b->f[k].key);
		b->nf++;
	}
	return 0;
}

static int stats_prefix(const char *key, const json_t *o, struct fm_nfio_stats_prefix *sp,
			size_t *total, char *err, size_t errlen)
{
	char addr[INET6_ADDRSTRLEN];
	const char *slash = strchr(key, '/');
	const json_t *v;
	const char *k;
	uint32_t len;
	size_t n = 0, i;
	int s;

	if (strlen(key) >= sizeof(sp->key) || !slash || (size_t)(slash - key) >= sizeof(addr) ||
	    number(slash + 1, 128, &len) < 0)
		return fail(err, errlen, "'%.64s' is not a prefix (ADDR/LEN)", key);
	memcpy(addr, key, slash - key);
	addr[slash - key] = 0;
	if (fm_nfio_prefix_parse(addr, len, &sp->p, err, errlen) < 0)
		return -1;
	strcpy(sp->key, key);
	if (!json_is_object(o))
		return fail(err, errlen, "'%.64s' must map to an object of bucket lists", key);
	json_object_foreach((json_t *)o, k, v) {
		for (s = 0; s < FM_NFIO__SPANS; s++)
			if (!strcmp(k, span_names[s]))
				break;
		if (s == FM_NFIO__SPANS)
			return fail(err, errlen, "unknown field '%.64s' (years, months, days, hours, minutes)", k);
		if (!json_is_array(v))
			return fail(err, errlen, "'%s' must be an array", k);
		n += json_array_size(v);
	}
	*total += n;
	if (*total > FM_NFIO_MAX_BUCKETS)
		return fail(err, errlen, "%s", "too many buckets (1024 at most)");
	sp->b = calloc(n + 1, sizeof(*sp->b));
	if (!sp->b)
		return fail(err, errlen, "%s", "out of memory");
	json_object_foreach((json_t *)o, k, v) {
		for (s = 0; strcmp(k, span_names[s]); s++)
			;
		for (i = 0; i < json_array_size(v); i++)
			if (bucket(s, json_array_get(v, i), &sp->b[sp->nb++], err, errlen) < 0)
				return -1;
	}
	return 0;
}

int fm_nfio_parse_stats(const char *buf, size_t len, struct fm_nfio_stats *s,
			char *err, size_t errlen)
{
	size_t total = 0;
	const json_t *v;
	const char *k;
	json_t *j;
	int ret = 0;

	memset(s, 0, sizeof(*s));
	j = load(buf, len, err, errlen);
	if (!j)
		return -1;
	if (!json_is_object(j) || !json_object_size(j)) {
		json_decref(j);
		return fail(err, errlen, "%s", "the body must be an object {\"PREFIX/LEN\": {\"days\": [...], ...}}");
	}
	if (json_object_size(j) > FM_NFIO_MAX_PREFIXES) {
		json_decref(j);
		return fail(err, errlen, "%s", "too many prefixes (1024 at most)");
	}
	s->p = calloc(json_object_size(j), sizeof(*s->p));
	if (!s->p) {
		json_decref(j);
		return fail(err, errlen, "%s", "out of memory");
	}
	json_object_foreach(j, k, v) {
		ret = stats_prefix(k, v, &s->p[s->np++], &total, err, errlen);
		if (ret < 0)
			break;
	}
	json_decref(j);
	if (ret < 0)
		fm_nfio_stats_free(s);
	return ret;
}

void fm_nfio_stats_free(struct fm_nfio_stats *s)
{
	size_t i;

	for (i = 0; i < s->np; i++)
		free(s->p[i].b);
	free(s->p);
	memset(s, 0, sizeof(*s));
}

/* ---- the registry file ---- */

void fm_nfio_senders_free(struct fm_nfio_sender *s, size_t n)
{
	size_t i;

	for (i = 0; s && i < n; i++)
		free(s[i].p);
	free(s);
}

static int one_sender(const json_t *o, struct fm_nfio_sender *s, char *err, size_t errlen)
{
	const json_t *ip = json_object_get(o, "ip"), *v;
	const char *k;

	if (!json_is_object(o))
		return fail(err, errlen, "%s", "a sender must be an object {\"ip\": ..., \"prefixes\": [...]}");
	json_object_foreach((json_t *)o, k, v)
		if (strcmp(k, "ip") && strcmp(k, "prefixes"))
			return fail(err, errlen, "unknown field '%.64s' in a sender (ip, prefixes)", k);
	if (!json_is_string(ip) || fm_addr_parse(json_string_value(ip), &s->ip) < 0)
		return fail(err, errlen, "%s", "a sender needs \"ip\", an address");
	return prefixes_of(json_object_get(o, "prefixes"), &s->p, &s->np, err, errlen);
}

int fm_nfio_parse_registry(const char *buf, size_t len, struct fm_nfio_sender **out,
			   size_t *n, char *err, size_t errlen)
{
	const json_t *arr, *v;
	const char *k;
	json_t *j;
	size_t i;
	int ret = 0;

	*out = NULL;
	*n = 0;
	j = load(buf, len, err, errlen);
	if (!j)
		return -1;
	arr = json_object_get(j, "senders");
	if (!json_is_object(j) || !json_is_array(arr)) {
		json_decref(j);
		return fail(err, errlen, "%s", "not {\"senders\": [...]}");
	}
	json_object_foreach(j, k, v)
		if (strcmp(k, "senders")) {
			/* The key is the object's: said before it is freed. */
			fail(err, errlen, "unknown field '%.64s' (senders)", k);
			json_decref(j);
			return -1;
		}
	*out = calloc(json_array_size(arr) + 1, sizeof(**out));
	if (!*out) {
		json_decref(j);
		return fail(err, errlen, "%s", "out of memory");
	}
	for (i = 0; i < json_array_size(arr) && !ret; i++) {
		ret = one_sender(json_array_get(arr, i), &(*out)[i], err, errlen);
		*n = i + 1;
	}
	json_decref(j);
	if (ret < 0) {
		fm_nfio_senders_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return ret;
}
