// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>
#include "metrics.h"

/*
 * A series is found by a binary key of its label values (addresses as
 * bytes, numbers as 8 bytes, strings with their NUL): no text is formatted
 * on the hot path; the label text is written once, when the series is made.
 */
struct fm_series {
	struct fm_series *next;
	uint64_t hash;
	uint64_t bytes, packets, flows;
	uint64_t last_ms;
	uint16_t klen;
	char *labels;		/* name="value",... as written out */
	uint8_t key[];
};

static uint64_t hash_bytes(const char *s, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ull;	/* FNV-1a */

	while (n--)
		h = (h ^ (uint8_t)*s++) * 0x100000001b3ull;
	return h;
}

void fm_prom_escape(FILE *out, const char *s)
{
	for (; *s; s++) {
		if (*s == '\\' || *s == '"')
			fputc('\\', out);
		if (*s == '\n') {
			fputs("\\n", out);
			continue;
		}
		fputc(*s, out);
	}
}

/* Append name="escaped value" to buf; returns the new length. */
static size_t put_label(char *buf, size_t len, size_t cap, const char *name,
			const char *v)
{
	int n = snprintf(buf + len, len < cap ? cap - len : 0, "%s%s=\"",
			 len ? "," : "", name);

	len += n > 0 ? n : 0;
	for (; *v && len + 3 < cap; v++) {
		if (*v == '\\' || *v == '"')
			buf[len++] = '\\';
		if (*v == '\n') {
			buf[len++] = '\\';
			buf[len++] = 'n';
			continue;
		}
		buf[len++] = *v;
	}
	if (len + 2 < cap)
		buf[len++] = '"';
	buf[len < cap ? len : cap - 1] = 0;
	return len < cap ? len : cap - 1;
}

static const char *label_value(const struct fm_label *l, const struct fm_enriched_rec *f,
			       char *tmp, size_t n)
{
	if (l->conv == CONV_STATIC)
		return l->value;
	return fm_attr_text(f, l->attr, tmp, n);
}

/* The binary key of @f's label values for metric @m; its length. */
static size_t make_key(const struct fm_metric_spec *sp, const struct fm_enriched_rec *f,
		       uint8_t *k, size_t cap)
{
	size_t len = 0;
	int j;

	for (j = 0; j < sp->nlabels; j++) {
		const struct fm_label *l = &sp->labels[j];
		const struct fm_addr *a;
		uint64_t v;

		if (l->conv == CONV_STATIC)
			continue;
		if (len + 18 > cap)
			break;
		if (fm_attr_is_string(l->attr)) {
			const char *s = f->str[l->attr - ATTR_FIRST_STRING];
			size_t n = s ? strlen(s) : 0;

			if (len + n + 1 > cap)
				n = cap - len - 1;
			memcpy(k + len, s ? s : "", n);
			len += n;
			k[len++] = 0;
		} else if (fm_attr_is_addr(l->attr)) {
			a = fm_attr_addr(f, l->attr);
			k[len++] = a ? a->family : 0;
			if (a) {
				memcpy(k + len, a->a, a->family == AF_INET ? 4 : 16);
				len += a->family == AF_INET ? 4 : 16;
			}
		} else {
			k[len++] = fm_attr_uint(f, l->attr, &v);
			memcpy(k + len, &v, 8);
			len += 8;
		}
	}
	return len;
}

static char *labels_text(const struct fm_metric_spec *sp, const struct fm_enriched_rec *f,
			 const char *fixed)
{
	char buf[2048], tmp[64];
	size_t len = 0;
	int j;

	for (j = 0; j < sp->nlabels; j++)
		len = put_label(buf, len, sizeof(buf), sp->labels[j].name,
				fixed ? fixed : label_value(&sp->labels[j], f, tmp, sizeof(tmp)));
	buf[len] = 0;
	return strdup(buf);
}

static struct fm_series *series_new(const uint8_t *key, size_t klen, uint64_t h,
				    char *labels)
{
	struct fm_series *s = calloc(1, sizeof(*s) + klen);

	if (!s || !labels) {
		free(s);
		free(labels);
		return NULL;
	}
	s->hash = h;
	s->klen = klen;
	s->labels = labels;
	memcpy(s->key, key, klen);
	return s;
}

static void series_free(struct fm_series *s)
{
	if (s)
		free(s->labels);
	free(s);
}

static void grow(struct fm_metric *m)
{
	unsigned int n = m->nbuckets * 2, i;
	struct fm_series **b = calloc(n, sizeof(*b)), *s, *next;

	if (!b)
		return;
	for (i = 0; i < m->nbuckets; i++)
		for (s = m->buckets[i]; s; s = next) {
			next = s->next;
			s->next = b[s->hash & (n - 1)];
			b[s->hash & (n - 1)] = s;
		}
	free(m->buckets);
	m->buckets = b;
	m->nbuckets = n;
}

static void add(struct fm_series *s, const struct fm_rec *r, uint64_t now_ms)
{
	s->bytes += r->bytes;
	s->packets += r->packets;
	s->flows += r->flows;
	s->last_ms = now_ms;
}

static void apply_one(struct fm_metric *m, const struct fm_enriched_rec *f, uint64_t now_ms)
{
	const struct fm_metric_spec *sp = m->spec;
	uint8_t key[1024];
	struct fm_series *s;
	size_t klen = make_key(sp, f, key, sizeof(key));
	uint64_t h = hash_bytes((const char *)key, klen);

	for (s = m->buckets[h & (m->nbuckets - 1)]; s; s = s->next)
		if (s->hash == h && s->klen == klen && !memcmp(s->key, key, klen))
			break;
	if (!s && m->nseries < sp->max_series) {
		s = series_new(key, klen, h, labels_text(sp, f, NULL));
		if (s) {
			s->next = m->buckets[h & (m->nbuckets - 1)];
			m->buckets[h & (m->nbuckets - 1)] = s;
			if (++m->nseries > m->nbuckets)
				grow(m);
		}
	}
	if (!s) {
		/* Over the cap: one series whose every label says so. */
		if (!m->overflow)
			m->overflow = series_new(key, 0, 0, labels_text(sp, f, "overflow"));
		s = m->overflow;
		m->overflowed++;
	}
	if (s)
		add(s, f->rec, now_ms);
}

void fm_metrics_apply(struct fm_metrics *ms, const struct fm_enriched_rec *f, int n,
		      uint64_t now_ms)
{
	int i, j;

	/* One lock per item per batch of records. */
	for (i = 0; i < ms->n; i++) {
		pthread_mutex_lock(&ms->m[i].lock);
		for (j = 0; j < n; j++)
			apply_one(&ms->m[i], &f[j], now_ms);
		pthread_mutex_unlock(&ms->m[i].lock);
	}
}

static char *signature(const struct fm_metric_spec *s)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int i;

	if (!f)
		return NULL;
	fprintf(f, "%s|%u", s->name, s->counters);
	for (i = 0; i < s->nlabels; i++)
		fprintf(f, "|%s=%s:%d", s->labels[i].name, s->labels[i].value,
			s->labels[i].conv);
	fclose(f);
	return buf;
}

struct fm_metrics *fm_metrics_new(const struct fm_config *c, struct fm_metrics *old)
{
	struct fm_metrics *ms = calloc(1, sizeof(*ms));
	int i, j;

	if (!ms)
		return NULL;
	ms->prefix = strdup(c->prefix);
	ms->flush_ms = c->flush_interval * 1000u;
	ms->m = calloc(c->nmetrics + 1, sizeof(*ms->m));
	if (!ms->prefix || !ms->m) {
		fm_metrics_free(ms);
		return NULL;
	}
	for (i = 0; i < c->nmetrics; i++) {
		struct fm_metric *m = &ms->m[i];

		m->spec = &c->metrics[i];
		m->signature = signature(m->spec);
		pthread_mutex_init(&m->lock, NULL);
		ms->n = i + 1;
		for (j = 0; old && m->signature && j < old->n; j++) {
			struct fm_metric *o = &old->m[j];

			if (o->buckets && o->signature && !strcmp(o->signature, m->signature)) {
				m->buckets = o->buckets;
				m->nbuckets = o->nbuckets;
				m->nseries = o->nseries;
				m->overflow = o->overflow;
				m->overflowed = o->overflowed;
				o->buckets = NULL;
				o->overflow = NULL;
				o->nseries = 0;
				break;
			}
		}
		if (!m->buckets) {
			m->nbuckets = 64;
			m->buckets = calloc(m->nbuckets, sizeof(*m->buckets));
			if (!m->buckets) {
				fm_metrics_free(ms);
				return NULL;
			}
		}
	}
	return ms;
}

void fm_metrics_free(struct fm_metrics *ms)
{
	struct fm_series *s, *next;
	unsigned int b;
	int i;

	if (!ms)
		return;
	for (i = 0; i < ms->n; i++) {
		struct fm_metric *m = &ms->m[i];

		for (b = 0; m->buckets && b < m->nbuckets; b++)
			for (s = m->buckets[b]; s; s = next) {
				next = s->next;
				series_free(s);
			}
		free(m->buckets);
		series_free(m->overflow);
		free(m->signature);
		pthread_mutex_destroy(&m->lock);
	}
	free(ms->m);
	free(ms->prefix);
	free(ms);
}

void fm_metrics_flush(struct fm_metrics *ms, uint64_t now_ms)
{
	struct fm_series **pp, *s;
	unsigned int b;
	int i;

	for (i = 0; i < ms->n; i++) {
		struct fm_metric *m = &ms->m[i];

		pthread_mutex_lock(&m->lock);
		for (b = 0; b < m->nbuckets; b++)
			for (pp = &m->buckets[b]; (s = *pp);) {
				if (s->last_ms + ms->flush_ms < now_ms) {
					*pp = s->next;
					series_free(s);
					m->nseries--;
				} else {
					pp = &s->next;
				}
			}
		if (m->overflow && m->overflow->last_ms + ms->flush_ms < now_ms) {
			series_free(m->overflow);
			m->overflow = NULL;
		}
		pthread_mutex_unlock(&m->lock);
	}
}

static void render_one(FILE *out, const char *name, const char *help,
		       struct fm_metric *m, int which)
{
	struct fm_series *s;
	unsigned int b;

	fprintf(out, "# HELP %s ", name);
	fm_prom_escape(out, help);
	fprintf(out, "\n# TYPE %s counter\n", name);
	for (b = 0; b <= m->nbuckets; b++) {
		s = b < m->nbuckets ? m->buckets[b] : m->overflow;
		for (; s; s = b < m->nbuckets ? s->next : NULL)
			fprintf(out, "%s{%s} %llu\n", name, s->labels,
				(unsigned long long)(which == FM_COUNT_BYTES ? s->bytes :
						     which == FM_COUNT_PACKETS ? s->packets :
						     s->flows));
	}
}

void fm_metrics_render(struct fm_metrics *ms, FILE *out)
{
	char name[512], help[1024];
	int i;

	for (i = 0; i < ms->n; i++) {
		struct fm_metric *m = &ms->m[i];
		const struct fm_metric_spec *sp = m->spec;

		pthread_mutex_lock(&m->lock);
		/* rkosegi's name for bytes, so existing dashboards keep working. */
		snprintf(name, sizeof(name), "%s_flow_%s", ms->prefix, sp->name);
		if (sp->counters & FM_COUNT_BYTES)
			render_one(out, name, sp->description, m, FM_COUNT_BYTES);
		if (sp->counters & FM_COUNT_PACKETS) {
			snprintf(name, sizeof(name), "%s_flow_%s_packets_total", ms->prefix, sp->name);
			snprintf(help, sizeof(help), "%s (packets)", sp->description);
			render_one(out, name, help, m, FM_COUNT_PACKETS);
		}
		if (sp->counters & FM_COUNT_FLOWS) {
			snprintf(name, sizeof(name), "%s_flow_%s_flows_total", ms->prefix, sp->name);
			snprintf(help, sizeof(help), "%s (flows)", sp->description);
			render_one(out, name, help, m, FM_COUNT_FLOWS);
		}
		pthread_mutex_unlock(&m->lock);
	}
}

void fm_metrics_render_self(struct fm_metrics *ms, FILE *out)
{
	int i;

	fputs("# HELP flowmeterd_series Series a metric item has now.\n"
	      "# TYPE flowmeterd_series gauge\n", out);
	for (i = 0; i < ms->n; i++)
		fprintf(out, "flowmeterd_series{metric=\"%s\"} %u\n",
			ms->m[i].spec->name, ms->m[i].nseries);
	fputs("# HELP flowmeterd_series_overflow_total Records folded into the overflow series (max_series reached).\n"
	      "# TYPE flowmeterd_series_overflow_total counter\n", out);
	for (i = 0; i < ms->n; i++)
		fprintf(out, "flowmeterd_series_overflow_total{metric=\"%s\"} %llu\n",
			ms->m[i].spec->name, (unsigned long long)ms->m[i].overflowed);
}
