// SPDX-License-Identifier: GPL-2.0
/*
 * The store's shared logic without a database: rollups add up per tier,
 * exporter, dimension and value, in the bucket of a flow's end; the plan
 * reads each part of a range from the coarsest tier that can answer it,
 * and says "approximate" where it had to round; times and NAT pairing.
 * And the two together: whatever range is asked, the plan's segments read
 * from the rollups' rows and the raw records sum to what the raw records
 * of the range sum to.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "addr.h"
#include "store.h"
#include "when.h"

#define MIN 60000ull
#define HOUR (60 * MIN)
#define DAY (24 * HOUR)
/* 2026-12-01 00:00:00 UTC */
#define T0 1796083200000ull

static struct fm_srec flow(const char *exporter, const char *src, int proto,
			   uint64_t end_ms, uint64_t bytes)
{
	struct fm_srec s;
	struct fm_rec r;

	memset(&r, 0, sizeof(r));
	r.kind = FM_REC_FLOW;
	fm_addr_parse(exporter, &r.sender);
	fm_addr_parse(src, &r.src);
	r.has = FM_HAS_SRC | FM_HAS_BYTES | FM_HAS_PACKETS;
	if (proto >= 0) {
		r.proto = proto;
		r.has |= FM_HAS_PROTO;
	}
	if (end_ms) {
		r.start_ms = end_ms - 1000;
		r.end_ms = end_ms;
		r.has |= FM_HAS_TIMES;
	}
	r.bytes = bytes;
	r.packets = bytes / 100;
	r.flows = 1;
	fm_srec_init(&s, &r, T0 + 7 * DAY);
	return s;
}

/* The row of (tier, bucket, dim, value), or NULL. */
static const struct fm_rollup_row *find(const struct fm_rollup_row *rows, size_t n, int tier,
					uint64_t bucket, const char *ex, const char *dim,
					const char *value)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (rows[i].tier == tier && rows[i].bucket_ms == bucket &&
		    !strcmp(rows[i].exporter, ex) && !strcmp(rows[i].dim, dim) &&
		    !strcmp(rows[i].value, value))
			return &rows[i];
	return NULL;
}

static void test_rollup_tiers(void **state)
{
	const int dims[] = { ATTR_SOURCE_IP, ATTR_PROTO, FM_DIM_ALL };
	struct fm_rollup *r = fm_rollup_new(dims, 3);
	const struct fm_rollup_row *rows, *w;
	struct fm_srec s;
	size_t n;

	(void)state;
	/* 10:02 and 10:04 share a 5-minute bucket; 10:07 is the next; next day apart. */
	s = flow("192.0.2.1", "10.1.0.2", 6, T0 + 10 * HOUR + 2 * MIN, 1000);
	assert_int_equal(fm_rollup_add(r, &s), 0);
	s = flow("192.0.2.1", "10.1.0.2", 17, T0 + 10 * HOUR + 4 * MIN, 500);
	assert_int_equal(fm_rollup_add(r, &s), 0);
	s = flow("192.0.2.1", "10.1.0.3", 6, T0 + 10 * HOUR + 7 * MIN, 200);
	assert_int_equal(fm_rollup_add(r, &s), 0);
	s = flow("192.0.2.9", "10.1.0.2", -1, T0 + DAY + 30 * MIN, 50);	/* no proto */
	assert_int_equal(fm_rollup_add(r, &s), 0);
	/* NAT events are not traffic. */
	s = flow("192.0.2.1", "10.1.0.2", 6, T0 + 10 * HOUR, 99999);
	s.rec.kind = FM_REC_NAT;
	assert_int_equal(fm_rollup_add(r, &s), 0);

	assert_int_equal(fm_rollup_rows(r, &rows, &n), 0);
	w = find(rows, n, FM_TIER_5M, T0 + 10 * HOUR, "192.0.2.1", "source_ip", "10.1.0.2");
	assert_non_null(w);
	assert_int_equal(w->c.bytes, 1500);
	assert_int_equal(w->c.packets, 15);
	assert_int_equal(w->c.flows, 2);
	w = find(rows, n, FM_TIER_5M, T0 + 10 * HOUR + 5 * MIN, "192.0.2.1", "source_ip", "10.1.0.3");
	assert_non_null(w);
	assert_int_equal(w->c.bytes, 200);
	assert_null(find(rows, n, FM_TIER_5M, T0 + 10 * HOUR, "192.0.2.1", "source_ip", "10.1.0.3"));
	/* The hour sums its buckets; the day too; "all" has one value, "". */
	w = find(rows, n, FM_TIER_1H, T0 + 10 * HOUR, "192.0.2.1", "all", "");
	assert_non_null(w);
	assert_int_equal(w->c.bytes, 1700);
	assert_int_equal(w->c.flows, 3);
	w = find(rows, n, FM_TIER_1D, T0, "192.0.2.1", "proto", "6");
	assert_non_null(w);
	assert_int_equal(w->c.bytes, 1200);
	/* Exporters apart; an absent attribute is "". */
	w = find(rows, n, FM_TIER_1D, T0 + DAY, "192.0.2.9", "proto", "");
	assert_non_null(w);
	assert_int_equal(w->c.bytes, 50);
	assert_null(find(rows, n, FM_TIER_1D, T0, "192.0.2.9", "all", ""));
	/* 5m keys: 10:00 one source, two protocols, all; 10:05 three; next day three. */
	assert_int_equal(fm_rollup_pending(r), 4 + 3 + 3);

	fm_rollup_clear(r);
	assert_int_equal(fm_rollup_pending(r), 0);
	s = flow("192.0.2.1", "10.1.0.2", 6, T0, 1);
	assert_int_equal(fm_rollup_add(r, &s), 0);
	assert_int_equal(fm_rollup_pending(r), 3);
	fm_rollup_clear(r);
	assert_int_equal(fm_rollup_rows(r, &rows, &n), 0);
	assert_int_equal(n, 0);
	fm_rollup_free(r);
}

static void test_time_attribution(void **state)
{
	struct fm_srec s = flow("192.0.2.1", "10.1.0.2", 6, T0 + 5 * MIN - 1, 1);
	const int dims[] = { FM_DIM_ALL };
	struct fm_rollup *r = fm_rollup_new(dims, 1);
	const struct fm_rollup_row *rows;
	size_t n;

	(void)state;
	/* Started in one bucket, ended in it: its end decides. */
	assert_int_equal(fm_srec_time(&s), T0 + 5 * MIN - 1);
	fm_rollup_add(r, &s);
	/* No times: when it was received. */
	s = flow("192.0.2.1", "10.1.0.2", 6, 0, 1);
	assert_int_equal(fm_srec_time(&s), T0 + 7 * DAY);
	fm_rollup_add(r, &s);
	assert_int_equal(fm_rollup_rows(r, &rows, &n), 0);
	assert_non_null(find(rows, n, FM_TIER_5M, T0, "192.0.2.1", "all", ""));
	assert_non_null(find(rows, n, FM_TIER_5M, T0 + 7 * DAY, "192.0.2.1", "all", ""));
	fm_rollup_free(r);
}

/* A store as the defaults leave it, at T0 + 10 days, 12:30. */
static void info_init(struct fm_store_info *i)
{
	int d;

	memset(i, 0, sizeof(*i));
	i->now_ms = T0 + 10 * DAY + 12 * HOUR + 30 * MIN;
	i->tier[FM_TIER_RAW].retention_ms = 48 * HOUR;
	i->tier[FM_TIER_5M].retention_ms = 30 * DAY;
	i->tier[FM_TIER_1H].retention_ms = 365 * DAY;
	i->nat.retention_ms = 48 * HOUR;
	for (d = 0; d < fm_dim_ndefaults; d++)
		i->dims[i->ndims++] = fm_dim_defaults[d];
}

static void seg_is(const struct fm_plan *p, int k, int tier, uint64_t from, uint64_t to)
{
	assert_true(k < p->n);
	assert_int_equal(p->seg[k].tier, tier);
	assert_int_equal(p->seg[k].from_ms, from);
	assert_int_equal(p->seg[k].to_ms, to);
}

static void test_plan_aligned(void **state)
{
	struct fm_store_info i;
	struct fm_plan p;
	uint64_t today = T0 + 10 * DAY;

	(void)state;
	info_init(&i);
	/* Whole days: the daily tier alone. */
	assert_int_equal(fm_plan_make(&i, ATTR_SOURCE_IP, T0 + 8 * DAY, today, 0, &p), 0);
	assert_int_equal(p.n, 1);
	seg_is(&p, 0, FM_TIER_1D, T0 + 8 * DAY, today);
	assert_false(p.approximate);
	/* Whole hours: hourly. */
	assert_int_equal(fm_plan_make(&i, ATTR_PROTO, today + HOUR, today + 12 * HOUR, 0, &p), 0);
	assert_int_equal(p.n, 1);
	seg_is(&p, 0, FM_TIER_1H, today + HOUR, today + 12 * HOUR);
	/* Whole 5 minutes inside one hour: 5-minute. */
	assert_int_equal(fm_plan_make(&i, FM_DIM_ALL, today + 5 * MIN, today + 25 * MIN, 0, &p), 0);
	assert_int_equal(p.n, 1);
	seg_is(&p, 0, FM_TIER_5M, today + 5 * MIN, today + 25 * MIN);
}

static void test_plan_edges(void **state)
{
	uint64_t d = T0 + 9 * DAY;
	struct fm_store_info i;
	struct fm_plan p;

	(void)state;
	info_init(&i);
	/* 13:03 to two days later 12:07, all retained raw: raw, 5m, 1h, 1d, 1h, 5m, raw. */
	assert_int_equal(fm_plan_make(&i, ATTR_DESTINATION_IP, d - 11 * HOUR + 3 * MIN,
				      d + DAY + 12 * HOUR + 7 * MIN, 0, &p), 0);
	assert_int_equal(p.n, 7);
	seg_is(&p, 0, FM_TIER_RAW, d - 11 * HOUR + 3 * MIN, d - 11 * HOUR + 5 * MIN);
	seg_is(&p, 1, FM_TIER_5M, d - 11 * HOUR + 5 * MIN, d - 10 * HOUR);
	seg_is(&p, 2, FM_TIER_1H, d - 10 * HOUR, d);
	seg_is(&p, 3, FM_TIER_1D, d, d + DAY);
	seg_is(&p, 4, FM_TIER_1H, d + DAY, d + DAY + 12 * HOUR);
	seg_is(&p, 5, FM_TIER_5M, d + DAY + 12 * HOUR, d + DAY + 12 * HOUR + 5 * MIN);
	seg_is(&p, 6, FM_TIER_RAW, d + DAY + 12 * HOUR + 5 * MIN, d + DAY + 12 * HOUR + 7 * MIN);
	assert_false(p.approximate);
}

static void test_plan_retention(void **state)
{
	uint64_t old = T0 + 5 * DAY;	/* past raw's 48 hours */
	struct fm_store_info i;
	struct fm_plan p;

	(void)state;
	info_init(&i);
	/* Raw rows are gone there: round out to 5 minutes, and say so. */
	assert_int_equal(fm_plan_make(&i, ATTR_SOURCE_IP, old + 3 * MIN, old + 17 * MIN, 0, &p), 0);
	assert_int_equal(p.n, 1);
	seg_is(&p, 0, FM_TIER_5M, old, old + 20 * MIN);
	assert_true(p.approximate);
	/* Older than the 5-minute tier too: hours. */
	old = T0 - 40 * DAY;
	assert_int_equal(fm_plan_make(&i, ATTR_SOURCE_IP, old + 3 * MIN, old + 17 * MIN, 0, &p), 0);
	seg_is(&p, 0, FM_TIER_1H, old, old + HOUR);
	assert_true(p.approximate);
	/* Not a dimension: raw only, and where raw is gone nothing at all. */
	assert_int_equal(fm_plan_make(&i, ATTR_SOURCE_CITY, T0 + 9 * DAY, T0 + 10 * DAY, 0, &p), 0);
	assert_int_equal(p.n, 1);
	seg_is(&p, 0, FM_TIER_RAW, T0 + 9 * DAY, T0 + 10 * DAY);
	assert_false(p.approximate);
	assert_int_equal(fm_plan_make(&i, ATTR_SOURCE_CITY, T0, T0 + DAY, 0, &p), -1);
	assert_true(p.approximate);
	/* A dropped partition counts as not retained, whatever retention says. */
	i.tier[FM_TIER_1D].kept_from_ms = T0 + 2 * DAY;
	assert_int_equal(fm_plan_make(&i, FM_DIM_ALL, T0 + DAY, T0 + 3 * DAY, 0, &p), 0);
	assert_int_equal(p.n, 2);
	seg_is(&p, 0, FM_TIER_1H, T0 + DAY, T0 + 2 * DAY);
	seg_is(&p, 1, FM_TIER_1D, T0 + 2 * DAY, T0 + 3 * DAY);
	assert_false(p.approximate);
	i.tier[FM_TIER_1H].kept_from_ms = T0 + 2 * DAY;
	assert_int_equal(fm_plan_make(&i, FM_DIM_ALL, T0 + DAY, T0 + 3 * DAY, 0, &p), 0);
	assert_int_equal(p.n, 2);
	seg_is(&p, 0, FM_TIER_5M, T0 + DAY, T0 + 2 * DAY);
	seg_is(&p, 1, FM_TIER_1D, T0 + 2 * DAY, T0 + 3 * DAY);
	/* Raw rows kept from 12:30 two days ago: before that rounded, after it raw. */
	info_init(&i);
	assert_int_equal(fm_plan_make(&i, ATTR_SOURCE_CITY, T0 + 8 * DAY + 12 * HOUR,
				      T0 + 8 * DAY + 13 * HOUR, 0, &p), 0);
	assert_int_equal(p.n, 1);
	seg_is(&p, 0, FM_TIER_RAW, T0 + 8 * DAY + 12 * HOUR + 30 * MIN, T0 + 8 * DAY + 13 * HOUR);
	assert_true(p.approximate);
	assert_int_equal(fm_plan_make(&i, ATTR_SOURCE_IP, T0 + 8 * DAY + 12 * HOUR + 1 * MIN,
				      T0 + 8 * DAY + 12 * HOUR + 34 * MIN, 0, &p), 0);
	assert_int_equal(p.n, 2);
	seg_is(&p, 0, FM_TIER_5M, T0 + 8 * DAY + 12 * HOUR, T0 + 8 * DAY + 12 * HOUR + 30 * MIN);
	seg_is(&p, 1, FM_TIER_RAW, T0 + 8 * DAY + 12 * HOUR + 30 * MIN,
	       T0 + 8 * DAY + 12 * HOUR + 34 * MIN);
	assert_true(p.approximate);
	/* A dimension added later answers only from when it was added. */
	info_init(&i);
	i.dim_since_ms[0] = T0 + 9 * DAY + 6 * HOUR;	/* proto */
	assert_int_equal(fm_plan_make(&i, ATTR_PROTO, T0 + 9 * DAY, T0 + 10 * DAY, 0, &p), 0);
	seg_is(&p, 0, FM_TIER_RAW, T0 + 9 * DAY, T0 + 9 * DAY + 6 * HOUR);
	seg_is(&p, 1, FM_TIER_1H, T0 + 9 * DAY + 6 * HOUR, T0 + 10 * DAY);
}

static void test_plan_series(void **state)
{
	uint64_t d = T0 + 9 * DAY;
	struct fm_store_info i;
	struct fm_plan p;

	(void)state;
	info_init(&i);
	/* Hourly steps over two days: never the daily tier. */
	assert_int_equal(fm_plan_make(&i, FM_DIM_ALL, d - DAY, d + DAY, HOUR, &p), 0);
	assert_int_equal(p.n, 1);
	seg_is(&p, 0, FM_TIER_1H, d - DAY, d + DAY);
	/* Steps of 10 minutes from :05 past: 5-minute buckets tile them, hours do not. */
	assert_int_equal(fm_plan_make(&i, FM_DIM_ALL, d + 5 * MIN, d + 2 * HOUR + 5 * MIN, 10 * MIN, &p), 0);
	assert_int_equal(p.n, 1);
	seg_is(&p, 0, FM_TIER_5M, d + 5 * MIN, d + 2 * HOUR + 5 * MIN);
	/* 90-second steps: raw. */
	assert_int_equal(fm_plan_make(&i, FM_DIM_ALL, d, d + HOUR, 90000, &p), 0);
	seg_is(&p, 0, FM_TIER_RAW, d, d + HOUR);
}

/* Sum of @dim = @value over the plan: rollup rows per segment, raw records in raw ones. */
static struct fm_counts plan_sum(const struct fm_plan *p, const struct fm_rollup_row *rows,
				 size_t nrows, const struct fm_srec *raw, int nraw,
				 const char *dim, const char *value)
{
	struct fm_counts c = { 0, 0, 0 };
	char buf[64];
	size_t j;
	int k, i;

	for (k = 0; k < p->n; k++) {
		const struct fm_segment *g = &p->seg[k];

		if (g->tier == FM_TIER_RAW) {
			for (i = 0; i < nraw; i++) {
				uint64_t t = fm_srec_time(&raw[i]);
				const char *v = strcmp(dim, "all") ?
					fm_srec_get_text(&raw[i], fm_col_of_attr(ATTR_SOURCE_IP),
							 buf, sizeof(buf)) : "";

				if (t >= g->from_ms && t < g->to_ms && v && !strcmp(v, value)) {
					c.bytes += raw[i].rec.bytes;
					c.packets += raw[i].rec.packets;
					c.flows += raw[i].rec.flows;
				}
			}
			continue;
		}
		for (j = 0; j < nrows; j++)
			if (rows[j].tier == g->tier && rows[j].bucket_ms >= g->from_ms &&
			    rows[j].bucket_ms < g->to_ms && !strcmp(rows[j].dim, dim) &&
			    !strcmp(rows[j].value, value)) {
				c.bytes += rows[j].c.bytes;
				c.packets += rows[j].c.packets;
				c.flows += rows[j].c.flows;
			}
	}
	return c;
}

static void test_rollups_and_plan_agree(void **state)
{
	enum { NRAW = 3000, NRANGES = 400 };
	const int dims[] = { ATTR_SOURCE_IP, FM_DIM_ALL };
	static const char *const srcs[] = { "10.1.0.2", "10.1.0.3", "10.1.0.4" };
	struct fm_rollup *r = fm_rollup_new(dims, 2);
	const struct fm_rollup_row *rows;
	struct fm_srec *raw = calloc(NRAW, sizeof(*raw));
	struct fm_store_info info;
	unsigned int seed = 12;
	uint64_t span = 3 * DAY;
	size_t nrows;
	int i, k;

	(void)state;
	assert_non_null(raw);
	/* Three days of flows at random times, from T0 + 1 day on; ends at any millisecond. */
	for (i = 0; i < NRAW; i++) {
		raw[i] = flow("192.0.2.1", srcs[rand_r(&seed) % 3], 6,
			      T0 + DAY + (uint64_t)rand_r(&seed) * rand_r(&seed) % span,
			      1 + rand_r(&seed) % 100000);
		assert_int_equal(fm_rollup_add(r, &raw[i]), 0);
	}
	assert_int_equal(fm_rollup_rows(r, &rows, &nrows), 0);
	/* Everything retained, raw rows too, both dimensions rolled up from the start. */
	memset(&info, 0, sizeof(info));
	info.now_ms = T0 + 5 * DAY;
	info.ndims = 2;
	info.dims[0] = ATTR_SOURCE_IP;
	info.dims[1] = FM_DIM_ALL;
	for (k = 0; k < NRANGES; k++) {
		/* Ranges aligned to days, hours, 5 minutes, seconds or nothing, of every length. */
		static const uint64_t grain[] = { DAY, HOUR, 5 * MIN, 1000, 1 };
		uint64_t g = grain[rand_r(&seed) % 5], a, b;
		int d = k % 2 ? ATTR_SOURCE_IP : FM_DIM_ALL;
		const char *dim = d == FM_DIM_ALL ? "all" : "source_ip";
		const char *value = d == FM_DIM_ALL ? "" : srcs[k % 3];
		struct fm_counts want = { 0, 0, 0 }, got;
		struct fm_plan p;
		char buf[64];

		a = T0 + (uint64_t)rand_r(&seed) * rand_r(&seed) % (5 * DAY) / g * g;
		b = a + g + (uint64_t)rand_r(&seed) * rand_r(&seed) % (3 * DAY) / g * g;
		for (i = 0; i < NRAW; i++) {
			uint64_t t = fm_srec_time(&raw[i]);
			const char *v = d == FM_DIM_ALL ? "" :
				fm_srec_get_text(&raw[i], fm_col_of_attr(ATTR_SOURCE_IP), buf, sizeof(buf));

			if (t >= a && t < b && !strcmp(v, value)) {
				want.bytes += raw[i].rec.bytes;
				want.packets += raw[i].rec.packets;
				want.flows++;
			}
		}
		assert_int_equal(fm_plan_make(&info, d, a, b, 0, &p), 0);
		assert_false(p.approximate);
		/* Adjacent segments that cover [a, b) exactly. */
		assert_int_equal(p.seg[0].from_ms, a);
		assert_int_equal(p.seg[p.n - 1].to_ms, b);
		for (i = 1; i < p.n; i++)
			assert_int_equal(p.seg[i].from_ms, p.seg[i - 1].to_ms);
		got = plan_sum(&p, rows, nrows, raw, NRAW, dim, value);
		assert_int_equal(got.bytes, want.bytes);
		assert_int_equal(got.packets, want.packets);
		assert_int_equal(got.flows, want.flows);
		/* Aligned to 5 minutes or coarser: no raw rows needed. */
		if (g >= 5 * MIN)
			for (i = 0; i < p.n; i++)
				assert_int_not_equal(p.seg[i].tier, FM_TIER_RAW);
	}
	fm_rollup_free(r);
	free(raw);
}

static void test_when(void **state)
{
	uint64_t ms, now = T0 + 12 * HOUR;
	char buf[40];

	(void)state;
	assert_int_equal(fm_time_parse("2026-12-01T10:04:05.123Z", now, &ms), 0);
	assert_int_equal(ms, T0 + 10 * HOUR + 4 * MIN + 5123);
	assert_int_equal(fm_time_parse("2026-12-01T11:04:05+01:00", now, &ms), 0);
	assert_int_equal(ms, T0 + 10 * HOUR + 4 * MIN + 5000);
	assert_int_equal(fm_time_parse("1796083200000", now, &ms), 0);
	assert_int_equal(ms, T0);
	setenv("TZ", "UTC", 1);
	assert_int_equal(fm_time_parse("21:04", now, &ms), 0);
	assert_int_equal(ms, T0 + 21 * HOUR + 4 * MIN);
	assert_int_equal(fm_time_parse("2026-12-01 21:04:05", now, &ms), 0);
	assert_int_equal(ms, T0 + 21 * HOUR + 4 * MIN + 5000);
	assert_int_equal(fm_time_parse("yesterday", now, &ms), -1);
	assert_int_equal(fm_time_parse("25:00", now, &ms), -1);
	assert_string_equal(fm_time_rfc3339(T0 + 1, buf, sizeof(buf)), "2026-12-01T00:00:00.001Z");
	assert_int_equal(fm_duration_parse("15m", &ms), 0);
	assert_int_equal(ms, 15 * MIN);
	assert_int_equal(fm_duration_parse("7d", &ms), 0);
	assert_int_equal(ms, 7 * DAY);
	assert_int_equal(fm_duration_parse("90", &ms), 0);
	assert_int_equal(ms, 90000);
	assert_int_equal(fm_duration_parse("1x", &ms), -1);
	assert_int_equal(fm_duration_parse("-1h", &ms), -1);
}

static struct fm_srec nat_event(int ev, const char *src, int sport, const char *psrc, int psport,
				const char *dst, int dport, const char *pdst, int pdport, uint64_t t)
{
	struct fm_srec s;
	struct fm_rec r;

	memset(&r, 0, sizeof(r));
	r.kind = FM_REC_NAT;
	r.proto = 17;
	r.nat_event = ev;
	fm_addr_parse(src, &r.src);
	fm_addr_parse(psrc, &r.post_src);
	fm_addr_parse(dst, &r.dst);
	fm_addr_parse(pdst, &r.post_dst);
	r.sport = sport, r.post_sport = psport, r.dport = dport, r.post_dport = pdport;
	r.end_ms = r.start_ms = t;
	r.has = FM_HAS_TIMES | FM_HAS_NAT_EVENT | FM_HAS_POST_NAT | FM_HAS_SRC | FM_HAS_DST |
		FM_HAS_PORTS | FM_HAS_PROTO;
	fm_srec_init(&s, &r, t);
	return s;
}

static void test_nat_pairing(void **state)
{
	struct fm_result r;
	struct fm_srec e;
	char buf[64];

	(void)state;
	memset(&r, 0, sizeof(r));
	fm_query_init(&r.q, FM_QUERY_NAT, T0);
	fm_addr_parse("198.51.100.7", &r.q.addr);
	r.q.port = 40001;
	r.q.at_ms = T0 + 10 * MIN;
	/* SNAT: 10.1.0.2:41001 was 198.51.100.7:40001 from 0:05 to 0:20. */
	e = nat_event(1, "10.1.0.2", 41001, "198.51.100.7", 40001, "203.0.113.9", 53,
		      "203.0.113.9", 53, T0 + 5 * MIN);
	fm_result_add_rec(&r, &e);
	/* Earlier, someone else had it; gone by 0:04. */
	e = nat_event(1, "10.1.0.3", 5000, "198.51.100.7", 40001, "203.0.113.9", 53,
		      "203.0.113.9", 53, T0 + 1 * MIN);
	fm_result_add_rec(&r, &e);
	e = nat_event(2, "10.1.0.3", 5000, "198.51.100.7", 40001, "203.0.113.9", 53,
		      "203.0.113.9", 53, T0 + 4 * MIN);
	fm_result_add_rec(&r, &e);
	e = nat_event(2, "10.1.0.2", 41001, "198.51.100.7", 40001, "203.0.113.9", 53,
		      "203.0.113.9", 53, T0 + 20 * MIN);
	fm_result_add_rec(&r, &e);
	/* A connection from the outside address itself, not translated: no answer. */
	e = nat_event(1, "198.51.100.7", 40001, "198.51.100.7", 40001, "203.0.113.9", 53,
		      "203.0.113.9", 53, T0 + 6 * MIN);
	fm_result_add_rec(&r, &e);
	/* DNAT: 198.51.100.7:40001 forwarded to 10.1.0.9:80 from 0:08, still open. */
	e = nat_event(1, "203.0.113.50", 6000, "203.0.113.50", 6000, "198.51.100.7", 40001,
		      "10.1.0.9", 80, T0 + 8 * MIN);
	fm_result_add_rec(&r, &e);

	assert_int_equal(fm_result_nat_pair(&r), 0);
	assert_int_equal(r.nmaps, 2);
	assert_int_equal(r.maps[0].kind, FM_NAT_SNAT);
	assert_string_equal(fm_hostport_str(&r.maps[0].inside, r.maps[0].inside_port, buf,
					    sizeof(buf)), "10.1.0.2:41001");
	assert_int_equal(r.maps[0].created_ms, T0 + 5 * MIN);
	assert_int_equal(r.maps[0].deleted_ms, T0 + 20 * MIN);
	assert_int_equal(r.maps[1].kind, FM_NAT_DNAT);
	assert_string_equal(fm_hostport_str(&r.maps[1].inside, r.maps[1].inside_port, buf,
					    sizeof(buf)), "10.1.0.9:80");
	assert_string_equal(fm_hostport_str(&r.maps[1].remote, r.maps[1].remote_port, buf,
					    sizeof(buf)), "203.0.113.50:6000");
	assert_int_equal(r.maps[1].deleted_ms, 0);
	/* The events kept are the answers' own: create, delete, create. */
	assert_int_equal(r.nrecs, 3);
	fm_result_free(&r);
}

static void test_srec_columns(void **state)
{
	struct fm_srec s = flow("192.0.2.1", "2001:db8::1", 6, T0, 1234), t;
	char buf[64];
	int i;

	(void)state;
	assert_int_equal(fm_srec_set_str(&s, ATTR_DESTINATION_COUNTRY, "DE"), 0);
	s.rec.post_sport = 7;
	s.rec.rev_bytes = 99;
	s.rec.has |= FM_HAS_POST_NAT | FM_HAS_REVERSE;
	/* Every column read and set again gives the same record. */
	memset(&t, 0, sizeof(t));
	for (i = 0; i < fm_srec_ncols; i++) {
		const char *v;
		int64_t n;

		if (fm_srec_cols[i].type == FM_COL_TEXT) {
			v = fm_srec_get_text(&s, i, buf, sizeof(buf));
			if (v)
				assert_int_equal(fm_srec_set_text(&t, i, v), 0);
		} else if (fm_srec_get_int(&s, i, &n)) {
			assert_int_equal(fm_srec_set_int(&t, i, n), 0);
		}
	}
	assert_memory_equal(&s.rec, &t.rec, sizeof(s.rec));
	assert_int_equal(t.received_ms, s.received_ms);
	assert_string_equal(fm_srec_str(&t, ATTR_DESTINATION_COUNTRY), "DE");
	assert_null(fm_srec_str(&t, ATTR_SOURCE_COUNTRY));
	assert_string_equal(fm_srec_cols[fm_col_of_attr(ATTR_SOURCE_IP)].name, "source_ip");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rollup_tiers),
		cmocka_unit_test(test_time_attribution),
		cmocka_unit_test(test_plan_aligned),
		cmocka_unit_test(test_plan_edges),
		cmocka_unit_test(test_plan_retention),
		cmocka_unit_test(test_plan_series),
		cmocka_unit_test(test_rollups_and_plan_agree),
		cmocka_unit_test(test_when),
		cmocka_unit_test(test_nat_pairing),
		cmocka_unit_test(test_srec_columns),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
