// SPDX-License-Identifier: GPL-2.0
/*
 * The SQLite store's benchmark driver; bench/store_sqlite.sh builds it
 * against build/tools' objects and runs it.
 *   store_bench write DB N
 *	N generated records through the writer (fm_store_write, batches of
 *	5000, maintain after each, the last rollups written at disconnect),
 *	on one thread: CPU seconds, records per second per core.
 *   store_bench sink DB RATE SECONDS
 *	The same records offered to a store sink (sink.c: queue, writer
 *	thread) at RATE records/s, 20 per offer as a datagram brings them;
 *	then its counters (offered, stored, dropped) and the writer's CPU.
 *   store_bench day DB RATE
 *	A day of traffic at RATE records/s as the store would hold it, with
 *	the process clock's now: 5-minute, hourly and daily rollup rows from a
 *	model of a network (cardinality per dimension below) written through
 *	the backend's write_rollups, and raw rows (the backend's write) where
 *	`flowmeter top --since 24h` asked at now reads raw (the script asks
 *	--from now-24h --to now: the same question, whenever it is asked).
 *	Dimensions are marked rolled up since two days ago, as a store
 *	running for a while has them.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sqlite3.h>
#include "attrs.h"
#include "clock.h"
#include "sink_store.h"
#include "store.h"

#define BATCH 5000
#define MIN_MS 60000ull
#define BUCKET_MS (5 * MIN_MS)
#define DAY_MS (24 * 60 * MIN_MS)

static const char *const countries[] = { "US", "DE", "FR", "GB", "NL", "SE", "JP", "CN", "BR", "IN",
					 "RU", "CA", "AU", "IT", "ES", "PL", "CH", "AT", "BE", "DK" };
static const char *const orgs[] = { "CLOUDFLARENET", "GOOGLE", "AMAZON-02", "AKAMAI-AS",
				    "MICROSOFT-CORP-MSN-AS-BLOCK", "FACEBOOK", "FASTLY",
				    "HETZNER-AS", "OVH", "DIGITALOCEAN-ASN", "APPLE-ENGINEERING",
				    "NETFLIX-ASN", "TELIANET", "LEVEL3", "COGENT-174", "DTAG" };
static const uint16_t dports[] = { 443, 80, 53, 123, 22, 993, 8080, 3478, 5228, 1194 };

static double cpu_s(clockid_t id)
{
	struct timespec t;

	clock_gettime(id, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

static double wall_s(void)
{
	return cpu_s(CLOCK_MONOTONIC);
}

static void die(const char *what, const char *err)
{
	fprintf(stderr, "store_bench: %s: %s\n", what, err);
	exit(1);
}

static void v4(struct fm_addr *a, uint8_t b0, uint8_t b1, uint8_t b2, uint8_t b3)
{
	memset(a, 0, sizeof(*a));
	a->family = AF_INET;
	a->a[0] = b0;
	a->a[1] = b1;
	a->a[2] = b2;
	a->a[3] = b3;
}

/*
 * Record @i: 1000 LAN hosts to 10000 remote hosts, ephemeral source ports,
 * ten services, 20 countries, 16 organisations, TCP/UDP/ICMP 80/18/2,
 * ending at @end_ms. @f points into @r and static strings.
 */
static void gen(uint64_t i, uint64_t end_ms, struct fm_rec *r, struct fm_enriched_rec *f)
{
	uint64_t h = (i + 1) * 0x9E3779B97F4A7C15ull;
	uint32_t x = h >> 32, y = (uint32_t)h;

	memset(r, 0, sizeof(*r));
	r->kind = FM_REC_FLOW;
	r->version = 10;
	r->has = FM_HAS_SRC | FM_HAS_DST | FM_HAS_PORTS | FM_HAS_PROTO | FM_HAS_BYTES |
		 FM_HAS_PACKETS | FM_HAS_TIMES | FM_HAS_IF | FM_HAS_AS;
	v4(&r->src, 10, 1, x % 4, 1 + (x >> 2) % 250);
	v4(&r->dst, 93, 184, (y >> 8) % 40, y % 250);
	v4(&r->sender, 192, 0, 2, 1);
	r->proto = y % 50 == 0 ? 1 : y % 5 == 0 ? 17 : 6;
	r->sport = 32768 + (x >> 10) % 28000;
	r->dport = dports[(x >> 20) % 10];
	r->packets = 1 + (y >> 12) % 40;
	r->bytes = r->packets * (60 + (y >> 18) % 1400);
	r->flows = 1;
	r->end_ms = end_ms;
	r->start_ms = end_ms - (x >> 7) % 30000;
	r->in_if = 1 + x % 2;
	r->out_if = 3;
	r->src_as = 64512;
	r->dst_as = 13335 + (y >> 4) % 200;
	memset(f, 0, sizeof(*f));
	f->rec = r;
	f->str[ATTR_PROTO_NAME - ATTR_FIRST_STRING] = r->proto == 6 ? "tcp" : r->proto == 17 ? "udp" : "icmp";
	f->str[ATTR_DESTINATION_COUNTRY - ATTR_FIRST_STRING] = countries[(y >> 3) % 20];
	f->str[ATTR_DESTINATION_ASN_ORG - ATTR_FIRST_STRING] = orgs[(y >> 5) % 16];
}

static void conf(struct fm_store_conf *c, const char *db)
{
	fm_store_conf_init(c);
	c->backend = strdup("sqlite");
	c->name = strdup("sqlite");
	c->opts = calloc(1, sizeof(*c->opts));
	if (!c->backend || !c->name || !c->opts)
		die("conf", "out of memory");
	c->opts[0].key = strdup("path");
	c->opts[0].value = strdup(db);
	c->nopts = 1;
	/* The benchmark's days are made up: keep them. */
	c->retention_ms[FM_TIER_RAW] = 30 * DAY_MS;
	c->nat_retention_ms = 30 * DAY_MS;
}

static int cmd_write(const char *db, uint64_t n)
{
	struct fm_srec *s = calloc(BATCH, sizeof(*s));
	uint64_t now = fm_now_ms(), i = 0;
	struct fm_enriched_rec f;
	struct fm_store_conf c;
	struct fm_store *st;
	struct fm_rec r;
	char err[512];
	double c0, w0;

	conf(&c, db);
	st = fm_store_new(&c, err, sizeof(err));
	if (!s || !st || fm_store_connect(st, now, err, sizeof(err)) < 0)
		die("connect", err);
	c0 = cpu_s(CLOCK_PROCESS_CPUTIME_ID);
	w0 = wall_s();
	while (i < n) {
		size_t k, m = n - i < BATCH ? n - i : BATCH;

		for (k = 0; k < m; k++, i++) {
			/* A minute's traffic, as a live exporter sends it. */
			gen(i, now - MIN_MS + i % MIN_MS, &r, &f);
			fm_srec_from(&s[k], &f, now);
		}
		if (fm_store_write(st, s, m, err, sizeof(err)) < 0)
			die("write", err);
		if (fm_store_maintain(st, fm_now_ms(), err, sizeof(err)) < 0)
			die("maintain", err);
	}
	fm_store_disconnect(st);
	c0 = cpu_s(CLOCK_PROCESS_CPUTIME_ID) - c0;
	w0 = wall_s() - w0;
	printf("write: %llu records, %.2f s CPU, %.2f s wall, %.0f records/s per core\n",
	       (unsigned long long)n, c0, w0, n / c0);
	fm_store_free(st);
	fm_store_conf_free(&c);
	free(s);
	return 0;
}

/* The number after @key in the sink's exposition, or 0. */
static unsigned long long counter(const char *text, const char *key)
{
	const char *p = strstr(text, key);

	return p ? strtoull(p + strlen(key), NULL, 10) : 0;
}

static int cmd_sink(const char *db, uint64_t rate, double secs)
{
	struct fm_enriched_rec f[20];
	struct fm_rec r[20];
	struct fm_store_conf c;
	struct fm_sink *sk;
	char err[512], *text = NULL;
	double w0, c0, p0, wall, cpu, prod;
	uint64_t i = 0, now = fm_now_ms();
	size_t len = 0;
	FILE *m;

	conf(&c, db);
	sk = fm_sink_store_new(&c, err, sizeof(err));
	if (!sk || fm_sink_start(sk) < 0)
		die("sink", err);
	w0 = wall_s();
	c0 = cpu_s(CLOCK_PROCESS_CPUTIME_ID);
	p0 = cpu_s(CLOCK_THREAD_CPUTIME_ID);
	while (wall_s() - w0 < secs) {
		double ahead;
		int k;

		for (k = 0; k < 20; k++, i++)
			gen(i, now - MIN_MS + i % MIN_MS, &r[k], &f[k]);
		fm_sink_offer(sk, f, 20, fm_now_ms());
		ahead = (double)i / rate - (wall_s() - w0);
		if (ahead > 0.0005) {
			struct timespec ts = { 0, (long)(ahead * 1e9) };

			nanosleep(&ts, NULL);
		}
	}
	prod = cpu_s(CLOCK_THREAD_CPUTIME_ID) - p0;
	fm_sink_stop(sk);
	wall = wall_s() - w0;
	cpu = cpu_s(CLOCK_PROCESS_CPUTIME_ID) - c0;
	m = open_memstream(&text, &len);
	fm_sinks_render(&sk, 1, m);
	fclose(m);
	printf("sink: %llu records offered at %llu/s for %.1f s: stored %llu, dropped %llu "
	       "(queue_full %llu, write_error %llu, disconnected %llu); writer thread %.2f s CPU "
	       "= %.0f records/s per core\n",
	       counter(text, "offered_records_total{store=\"sqlite\"} "), (unsigned long long)rate,
	       wall, counter(text, "store_records_total{store=\"sqlite\"} "),
	       counter(text, "reason=\"queue_full\"} ") + counter(text, "reason=\"write_error\"} ") +
	       counter(text, "reason=\"disconnected\"} "),
	       counter(text, "reason=\"queue_full\"} "), counter(text, "reason=\"write_error\"} "),
	       counter(text, "reason=\"disconnected\"} "), cpu - prod,
	       counter(text, "store_records_total{store=\"sqlite\"} ") / (cpu - prod));
	free(text);
	fm_sink_free(sk);
	fm_store_conf_free(&c);
	return 0;
}

/* ---- a day ---- */

/* Distinct values per dimension in one 5-minute bucket; an hour has 3x, a day 10x (capped by the model). */
static const struct {
	const char *dim;
	unsigned int per_bucket, max;
} model[] = {
	{ "all", 1, 1 }, { "proto", 3, 3 }, { "source_ip", 1000, 1000 },
	{ "destination_ip", 6000, 10000 }, { "source_port", 8000, 28000 },
	{ "destination_port", 10, 10 }, { "source_as", 1, 1 }, { "destination_as", 200, 200 },
	{ "source_country", 1, 1 }, { "destination_country", 20, 20 },
	{ "source_asn_org", 1, 1 }, { "destination_asn_org", 16, 16 },
};

static void value_of(const char *dim, unsigned int k, char *buf, size_t len)
{
	if (!strcmp(dim, "all"))
		snprintf(buf, len, "%s", "");
	else if (!strcmp(dim, "proto"))
		snprintf(buf, len, "%u", k == 0 ? 6 : k == 1 ? 17 : 1);
	else if (!strcmp(dim, "source_ip"))
		snprintf(buf, len, "10.1.%u.%u", k % 4, 1 + k / 4);
	else if (!strcmp(dim, "destination_ip"))
		snprintf(buf, len, "93.184.%u.%u", k / 250, k % 250);
	else if (!strcmp(dim, "source_port"))
		snprintf(buf, len, "%u", 32768 + k);
	else if (!strcmp(dim, "destination_port"))
		snprintf(buf, len, "%u", dports[k % 10]);
	else if (!strcmp(dim, "source_as"))
		snprintf(buf, len, "64512");
	else if (!strcmp(dim, "destination_as"))
		snprintf(buf, len, "%u", 13335 + k);
	else if (!strcmp(dim, "destination_country"))
		snprintf(buf, len, "%s", countries[k % 20]);
	else if (!strcmp(dim, "destination_asn_org"))
		snprintf(buf, len, "%s", orgs[k % 16]);
	else
		snprintf(buf, len, "%s", "");
}

struct rows {
	struct fm_rollup_row *r;
	char (*val)[64];
	size_t n, cap;
};

/* Rows of @tier's bucket @b for @records records, spread over each dimension's values. */
static void bucket_rows(struct rows *w, int tier, uint64_t b, uint64_t records, unsigned int mul)
{
	size_t d;

	w->n = 0;
	for (d = 0; d < sizeof(model) / sizeof(model[0]); d++) {
		unsigned int nv = model[d].per_bucket * mul, k;

		if (nv > model[d].max)
			nv = model[d].max;
		for (k = 0; k < nv; k++) {
			struct fm_rollup_row *r;
			/* Skewed: value k has weight 1/(k+1), roughly as traffic is. */
			uint64_t flows = records / (nv * (k + 1) / 4 + 1) + 1;

			if (w->n == w->cap) {
				w->cap = w->cap ? 2 * w->cap : 65536;
				w->r = realloc(w->r, w->cap * sizeof(*w->r));
				w->val = realloc(w->val, w->cap * sizeof(*w->val));
				if (!w->r || !w->val)
					die("rows", "out of memory");
			}
			r = &w->r[w->n];
			value_of(model[d].dim, (unsigned int)((k * 7919ull + b / BUCKET_MS) % nv),
				 w->val[w->n], sizeof(w->val[0]));
			r->tier = tier;
			r->bucket_ms = b;
			r->exporter = "192.0.2.1";
			r->dim = model[d].dim;
			r->value = w->val[w->n];
			r->c.flows = flows;
			r->c.packets = flows * 12;
			r->c.bytes = flows * 9000;
			w->n++;
		}
	}
	/* Pointers last: realloc may have moved the strings. */
}

static void fix_values(struct rows *w)
{
	size_t i;

	for (i = 0; i < w->n; i++)
		w->r[i].value = w->val[i];
}

static int cmd_day(const char *db, uint64_t rate)
{
	const struct fm_store_ops *ops;
	uint64_t now = fm_now_ms(), from = now - DAY_MS, b, i, per = rate * 300, nraw = 0, nrows = 0;
	struct fm_srec *s = calloc(BATCH, sizeof(*s));
	struct rows w = { 0 };
	struct fm_enriched_rec f;
	struct fm_store_conf c;
	struct fm_rec r;
	char err[512], *sql;
	double w0 = wall_s();
	sqlite3 *h;
	void *be;

	conf(&c, db);
	ops = fm_store_backend("sqlite", err, sizeof(err));
	if (!s || !ops || ops->open(&be, &c, err, sizeof(err)) < 0 ||
	    ops->connect(be, now, err, sizeof(err)) < 0)
		die("connect", err);
	/* 5-minute rows for every bucket of the day (and the one now is in). */
	for (b = from / BUCKET_MS * BUCKET_MS; b <= now; b += BUCKET_MS) {
		bucket_rows(&w, FM_TIER_5M, b, per, 1);
		fix_values(&w);
		if (ops->write_rollups(be, w.r, w.n, err, sizeof(err)) < 0)
			die("write_rollups", err);
		nrows += w.n;
	}
	for (b = from / 3600000 * 3600000; b <= now; b += 3600000) {
		bucket_rows(&w, FM_TIER_1H, b, per * 12, 3);
		fix_values(&w);
		if (ops->write_rollups(be, w.r, w.n, err, sizeof(err)) < 0)
			die("write_rollups", err);
		nrows += w.n;
	}
	for (b = from / DAY_MS * DAY_MS; b <= now; b += DAY_MS) {
		bucket_rows(&w, FM_TIER_1D, b, per * 288, 10);
		fix_values(&w);
		if (ops->write_rollups(be, w.r, w.n, err, sizeof(err)) < 0)
			die("write_rollups", err);
		nrows += w.n;
	}
	/*
	 * Raw rows where `--since 24h` asked at now reads them: from now - 24h
	 * to the next 5-minute boundary, and from the last one to now; 300 s
	 * of traffic in all, wherever now falls.
	 */
	for (b = 0; b < 2; b++) {
		uint64_t lo = b ? now / BUCKET_MS * BUCKET_MS : from;
		uint64_t hi = b ? now : (from / BUCKET_MS + 1) * BUCKET_MS;
		uint64_t nrec = (hi - lo) * rate / 1000;

		for (i = 0; i < nrec; ) {
			size_t k, m = nrec - i < BATCH ? nrec - i : BATCH;

			for (k = 0; k < m; k++, i++) {
				gen(nraw + i, lo + i * (hi - lo) / nrec, &r, &f);
				fm_srec_from(&s[k], &f, now);
			}
			if (ops->write(be, s, m, err, sizeof(err)) < 0)
				die("write", err);
		}
		nraw += nrec;
	}
	ops->disconnect(be);
	ops->close(be);
	/* As if the store had rolled these dimensions up for days. */
	if (sqlite3_open(db, &h) != SQLITE_OK)
		die(db, sqlite3_errmsg(h));
	sql = sqlite3_mprintf("UPDATE dimensions SET since_ms = %lld", (long long)(from - 2 * DAY_MS));
	if (sqlite3_exec(h, sql, NULL, NULL, NULL) != SQLITE_OK)
		die("dimensions", sqlite3_errmsg(h));
	sqlite3_free(sql);
	sqlite3_close(h);
	printf("day: %llu rollup rows, %llu raw rows (%llu records/s), in %.0f s; now %llu\n",
	       (unsigned long long)nrows, (unsigned long long)nraw, (unsigned long long)rate,
	       wall_s() - w0, (unsigned long long)now);
	free(w.r);
	free(w.val);
	free(s);
	fm_store_conf_free(&c);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 4 && !strcmp(argv[1], "write"))
		return cmd_write(argv[2], strtoull(argv[3], NULL, 10));
	if (argc == 5 && !strcmp(argv[1], "sink"))
		return cmd_sink(argv[2], strtoull(argv[3], NULL, 10), atof(argv[4]));
	if (argc == 4 && !strcmp(argv[1], "day"))
		return cmd_day(argv[2], strtoull(argv[3], NULL, 10));
	fprintf(stderr, "usage: store_bench write DB N | sink DB RATE SECONDS | day DB RATE\n");
	return 2;
}
