// SPDX-License-Identifier: GPL-2.0
/*
 * flow-exporter's per-AS counters (metrics_as.h). As flow-exporter does: a
 * record whose source AS is ours counts as transmitted, else one whose
 * destination AS is ours as received, else not at all; bytes only; names
 * from the ASN enricher (maxmind_asn), "" when it has none. The AS numbers
 * are the exporter's when it sent them (pmacct's as_src/as_dst), else the
 * ASN enricher's. Series never expire (flow-exporter's do not), but there
 * are at most max_series per direction; past that, one overflow series.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "addr.h"
#include "metrics.h"
#include "metrics_as.h"

struct as_series {
	struct as_series *next;
	uint64_t hash, bytes;
	char labels[];		/* as written out, also the key */
};

struct as_family {
	struct as_series **buckets, *overflow;
	unsigned int nbuckets, nseries;
};

enum { TX, RX };

struct fm_as_metrics {
	struct fm_as_conf c;
	pthread_mutex_t lock;
	struct as_family fam[2];
};

static bool family_init(struct as_family *f)
{
	f->nbuckets = 64;
	f->buckets = calloc(f->nbuckets, sizeof(*f->buckets));
	return f->buckets;
}

struct fm_as_metrics *fm_as_metrics_new(const struct fm_as_conf *c, struct fm_as_metrics *old)
{
	struct fm_as_metrics *m = calloc(1, sizeof(*m));
	int i;

	if (!m)
		return NULL;
	m->c = *c;
	pthread_mutex_init(&m->lock, NULL);
	if (old && old->c.local_asn == c->local_asn) {
		pthread_mutex_lock(&old->lock);
		memcpy(m->fam, old->fam, sizeof(m->fam));
		memset(old->fam, 0, sizeof(old->fam));
		pthread_mutex_unlock(&old->lock);
		return m;
	}
	for (i = 0; i < 2; i++)
		if (!family_init(&m->fam[i])) {
			fm_as_metrics_free(m);
			return NULL;
		}
	return m;
}

void fm_as_metrics_free(struct fm_as_metrics *m)
{
	struct as_series *s, *next;
	unsigned int b;
	int i;

	if (!m)
		return;
	for (i = 0; i < 2; i++) {
		for (b = 0; b < m->fam[i].nbuckets; b++)
			for (s = m->fam[i].buckets[b]; s; s = next) {
				next = s->next;
				free(s);
			}
		free(m->fam[i].buckets);
		free(m->fam[i].overflow);
	}
	pthread_mutex_destroy(&m->lock);
	free(m);
}

/* name="escaped",... into @buf. */
static size_t put(char *buf, size_t len, size_t cap, const char *name, const char *v)
{
	FILE *o;

	if (len >= cap)
		return len;
	o = fmemopen(buf + len, cap - len, "w");
	if (!o)
		return len;
	fprintf(o, "%s%s=\"", len ? "," : "", name);
	fm_prom_escape(o, v ? v : "");
	fputc('"', o);
	len += ftell(o);
	fclose(o);
	return len < cap ? len : cap - 1;
}

static uint64_t hash(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ull;	/* FNV-1a */

	while (*s)
		h = (h ^ (uint8_t)*s++) * 0x100000001b3ull;
	return h;
}

static void grow(struct as_family *f)
{
	unsigned int n = f->nbuckets * 2, i;
	struct as_series **b = calloc(n, sizeof(*b)), *s, *next;

	if (!b)
		return;
	for (i = 0; i < f->nbuckets; i++)
		for (s = f->buckets[i]; s; s = next) {
			next = s->next;
			s->next = b[s->hash & (n - 1)];
			b[s->hash & (n - 1)] = s;
		}
	free(f->buckets);
	f->buckets = b;
	f->nbuckets = n;
}

static struct as_series *series(const char *labels, uint64_t h)
{
	size_t n = strlen(labels) + 1;
	struct as_series *s = calloc(1, sizeof(*s) + n);

	if (s) {
		s->hash = h;
		memcpy(s->labels, labels, n);
	}
	return s;
}

static void count(struct fm_as_metrics *m, struct as_family *f, const char *labels,
		  uint64_t bytes)
{
	uint64_t h = hash(labels);
	struct as_series *s;

	if (!f->buckets)
		return;
	for (s = f->buckets[h & (f->nbuckets - 1)]; s; s = s->next)
		if (s->hash == h && !strcmp(s->labels, labels))
			break;
	if (!s && f->nseries < m->c.max_series) {
		s = series(labels, h);
		if (s) {
			s->next = f->buckets[h & (f->nbuckets - 1)];
			f->buckets[h & (f->nbuckets - 1)] = s;
			if (++f->nseries > f->nbuckets)
				grow(f);
		}
	}
	if (!s) {
		if (!f->overflow)
			f->overflow = series("source_as=\"overflow\",source_as_name=\"overflow\","
					     "destination_as=\"overflow\",destination_as_name=\"overflow\","
					     "hostname=\"overflow\"", 0);
		s = f->overflow;
	}
	if (s)
		s->bytes += bytes;
}

void fm_as_metrics_apply(struct fm_as_metrics *m, const struct fm_enriched_rec *f, int n,
			 const char *hostname)
{
	char labels[1024], num[24], host[INET6_ADDRSTRLEN];
	int i;

	pthread_mutex_lock(&m->lock);
	for (i = 0; i < n; i++) {
		const struct fm_rec *r = f[i].rec;
		uint64_t src = fm_rec_asn(r, true, f[i].str[ATTR_SOURCE_ASN_NUM - ATTR_FIRST_STRING]);
		uint64_t dst = fm_rec_asn(r, false,
					  f[i].str[ATTR_DESTINATION_ASN_NUM - ATTR_FIRST_STRING]);
		size_t len = 0;
		int dir;

		if (src == m->c.local_asn)
			dir = TX;
		else if (dst == m->c.local_asn)
			dir = RX;
		else
			continue;
		snprintf(num, sizeof(num), "%llu", (unsigned long long)src);
		len = put(labels, len, sizeof(labels), "source_as", num);
		len = put(labels, len, sizeof(labels), "source_as_name",
			  f[i].str[ATTR_SOURCE_ASN_ORG - ATTR_FIRST_STRING]);
		snprintf(num, sizeof(num), "%llu", (unsigned long long)dst);
		len = put(labels, len, sizeof(labels), "destination_as", num);
		len = put(labels, len, sizeof(labels), "destination_as_name",
			  f[i].str[ATTR_DESTINATION_ASN_ORG - ATTR_FIRST_STRING]);
		len = put(labels, len, sizeof(labels), "hostname",
			  hostname && *hostname ? hostname :
			  r->sender.family ? fm_addr_str(&r->sender, host, sizeof(host)) : "");
		labels[len] = 0;
		count(m, &m->fam[dir], labels, r->bytes);
	}
	pthread_mutex_unlock(&m->lock);
}

void fm_as_metrics_render(struct fm_as_metrics *m, FILE *o)
{
	static const char *const names[2] = { "flow_transmit_bytes_total", "flow_receive_bytes_total" };
	static const char *const help[2] = { "Bytes transferred.", "Bytes received." };
	struct as_series *s;
	unsigned int b;
	int i;

	pthread_mutex_lock(&m->lock);
	for (i = 0; i < 2; i++) {
		struct as_family *f = &m->fam[i];

		fprintf(o, "# HELP %s %s\n# TYPE %s counter\n", names[i], help[i], names[i]);
		for (b = 0; b <= f->nbuckets && f->buckets; b++)
			for (s = b < f->nbuckets ? f->buckets[b] : f->overflow; s;
			     s = b < f->nbuckets ? s->next : NULL)
				fprintf(o, "%s{%s} %llu\n", names[i], s->labels,
					(unsigned long long)s->bytes);
	}
	pthread_mutex_unlock(&m->lock);
}
