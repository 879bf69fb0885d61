// SPDX-License-Identifier: GPL-2.0
/*
 * One datagram's way through flowmeterd: allow-list, decode, then per
 * record rkosegi's pipeline: filter (a match drops the record), enrich,
 * count into every metric item. The decoder is shared (templates of one
 * exporter may arrive on any worker) and taken once per datagram; records
 * are collected and the pipeline runs outside that lock. Records that come
 * decoded already (the Kafka input) join at the filter.
 */
#include <stdlib.h>
#include <string.h>
#include "api_netflowio_registry.h"
#include "decode.h"
#include "localnet.h"
#include "pipeline.h"
#include "sink.h"

struct fm_pipeline *fm_pipeline_new(struct fm_config *c, struct fm_pipeline *old,
				    char *err, size_t errlen)
{
	struct fm_pipeline *p = calloc(1, sizeof(*p));

	if (!p) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	if (fm_enrich_start(&p->enrich, c, err, errlen) < 0) {
		free(p);
		return NULL;
	}
	p->metrics = fm_metrics_new(c, old ? old->metrics : NULL);
	if (p->metrics && c->flow_exporter) {
		p->as_metrics = fm_as_metrics_new(c->flow_exporter, old ? old->as_metrics : NULL);
		if (!p->as_metrics) {
			fm_metrics_free(p->metrics);
			p->metrics = NULL;
		}
	}
	if (!p->metrics) {
		fm_enrich_stop(&p->enrich);
		free(p);
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	p->cfg = c;
	return p;
}

void fm_pipeline_free(struct fm_pipeline *p)
{
	if (!p)
		return;
	fm_metrics_free(p->metrics);
	fm_as_metrics_free(p->as_metrics);
	fm_enrich_stop(&p->enrich);
	fm_config_free(p->cfg);
	free(p);
}

static bool filtered(const struct fm_config *c, const struct fm_enriched_rec *f)
{
	const struct fm_addr *a, *b;
	uint64_t v;
	int i;

	for (i = 0; i < c->nfilters; i++) {
		const struct fm_filter *r = &c->filters[i];

		switch (r->kind) {
		case FILTER_L2L:
			a = fm_attr_addr(f, ATTR_SOURCE_IP);
			b = fm_attr_addr(f, ATTR_DESTINATION_IP);
			if (a && b && fm_addr_is_local(a) && fm_addr_is_local(b))
				return true;
			break;
		case FILTER_CIDR:
			a = fm_attr_addr(f, r->attr);
			if (a && fm_addr_in(a, &r->net, r->prefix))
				return true;
			break;
		case FILTER_IS:
			a = fm_attr_addr(f, r->attr);
			if (r->is_none ? !a :
			    a && fm_addr_in(a, &r->net, r->net.family == AF_INET ? 32 : 128))
				return true;
			break;
		case FILTER_IS_UINT32:
			if (fm_attr_uint(f, r->attr, &v) && v == r->u32)
				return true;
			break;
		}
	}
	return false;
}

static bool allowed(const struct fm_config *c, const struct fm_addr *a)
{
	int i;

	if (!c->nallow)
		return true;
	for (i = 0; i < c->nallow; i++)
		if (fm_addr_in(a, &c->allow[i].net, c->allow[i].prefix))
			return true;
	return false;
}

static void collect(const struct fm_rec *r, void *ctx)
{
	struct fm_batch *b = ctx;

	if (b->n == b->cap) {
		int cap = b->cap ? b->cap * 2 : 64;
		struct fm_rec *nr = realloc(b->r, cap * sizeof(*nr));

		if (!nr)
			return;		/* counted by nobody: out of memory */
		b->r = nr;
		b->cap = cap;
	}
	b->r[b->n++] = *r;
}

static struct fm_sampler_stat *sampler(struct fm_daemon *d, const struct fm_addr *a)
{
	struct fm_sampler_stat *s;

	for (s = d->samplers; s; s = s->next)
		if (fm_addr_eq(&s->addr, a))
			return s;
	s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	s->addr = *a;
	s->next = d->samplers;
	d->samplers = s;
	return s;
}

/* Flows counted together: one metrics lock per chunk. */
#define CHUNK 64

/* Every metric: the configured items, and flow-exporter's if asked for. */
static void count(struct fm_pipeline *p, const struct fm_enriched_rec *f, int n,
		  const char *label, uint64_t now_ms)
{
	fm_metrics_apply(p->metrics, f, n, now_ms);
	if (p->as_metrics)
		fm_as_metrics_apply(p->as_metrics, f, n, label);
}

/*
 * Every output gets every record that passed the filter, NAT events too,
 * unless netflow.io's registry names senders and not this one: a run of
 * one sender's records (a datagram's) is asked about once.
 */
static void offer(struct fm_daemon *d, const struct fm_enriched_rec *f, int n, uint64_t now_ms)
{
	int i, s, e;

	for (s = 0; s < n && d->nsinks; s = e) {
		for (e = s + 1; e < n && fm_addr_eq(&f[e].rec->sender, &f[s].rec->sender); e++)
			;
		if (!fm_nfio_admit(d->senders, &f[s].rec->sender, e - s))
			continue;
		for (i = 0; i < d->nsinks; i++)
			fm_sink_offer(d->sinks[i], f + s, e - s, now_ms);
	}
}

/*
 * A batch of records from one source through filter, enrich, metrics and
 * the outputs. Under the pipeline's read lock; @label: see pipeline.h.
 */
static void run_records(struct fm_daemon *d, struct fm_pipeline *p, const struct fm_rec *r,
			int n, const char *label, uint64_t now_ms, uint64_t *dropped)
{
	struct fm_enriched_rec fl[CHUNK], nat[CHUNK];
	int i, nf = 0, nn = 0;

	for (i = 0; i < n; i++) {
		struct fm_enriched_rec *f = &fl[nf];

		if (r[i].kind != FM_REC_FLOW) {
			/* NAT events are not traffic: no filter, no enrichers, no metrics. */
			memset(&nat[nn], 0, offsetof(struct fm_enriched_rec, scratch));
			nat[nn].rec = &r[i];
			if (++nn == CHUNK) {
				offer(d, nat, nn, now_ms);
				nn = 0;
			}
			continue;
		}
		memset(f, 0, offsetof(struct fm_enriched_rec, scratch));
		f->rec = &r[i];
		if (filtered(p->cfg, f)) {
			(*dropped)++;
			continue;
		}
		fm_enrich_run(&p->enrich, f);
		if (++nf == CHUNK) {
			count(p, fl, nf, label, now_ms);
			offer(d, fl, nf, now_ms);
			nf = 0;
		}
	}
	if (nf) {
		count(p, fl, nf, label, now_ms);
		offer(d, fl, nf, now_ms);
	}
	offer(d, nat, nn, now_ms);
}

/* rkosegi's per-sampler counters. */
static void sampler_count(struct fm_daemon *d, const struct fm_addr *from, const struct fm_rec *r,
			  int n, uint64_t dropped)
{
	struct fm_sampler_stat *ss;
	int i;

	pthread_mutex_lock(&d->dec_lock);
	ss = sampler(d, from);
	if (ss) {
		for (i = 0; i < n; i++)
			ss->total += r[i].kind == FM_REC_FLOW;
		ss->dropped += dropped;
	}
	pthread_mutex_unlock(&d->dec_lock);
}

void fm_pipeline_datagram(struct fm_daemon *d, struct fm_batch *bp,
			  const struct fm_addr *from, const uint8_t *buf,
			  size_t len, uint64_t now_ms)
{
	struct fm_pipeline *p;
	uint64_t dropped = 0;

	pthread_rwlock_rdlock(&d->pipe_lock);
	p = d->pipe;
	if (!allowed(p->cfg, from)) {
		atomic_fetch_add(&d->denied, 1);
		pthread_rwlock_unlock(&d->pipe_lock);
		return;
	}
	bp->n = 0;
	pthread_mutex_lock(&d->dec_lock);
	fm_decode(&d->dec, from, buf, len, now_ms, collect, bp);
	pthread_mutex_unlock(&d->dec_lock);
	run_records(d, p, bp->r, bp->n, NULL, now_ms, &dropped);
	pthread_rwlock_unlock(&d->pipe_lock);
	if (dropped)
		atomic_fetch_add(&d->filtered, dropped);
	sampler_count(d, from, bp->r, bp->n, dropped);
}

void fm_pipeline_records(struct fm_daemon *d, const struct fm_rec *r, int n, const char *label,
			 uint64_t now_ms)
{
	uint64_t dropped = 0;

	if (n <= 0)
		return;
	pthread_rwlock_rdlock(&d->pipe_lock);
	run_records(d, d->pipe, r, n, label, now_ms, &dropped);
	pthread_rwlock_unlock(&d->pipe_lock);
	if (dropped)
		atomic_fetch_add(&d->filtered, dropped);
	if (r[0].sender.family)
		sampler_count(d, &r[0].sender, r, n, dropped);
}
