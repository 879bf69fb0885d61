// SPDX-License-Identifier: GPL-2.0
/*
 * Templates exporters defined, in one hash keyed by (exporter, version,
 * domain, id); each exporter has a cap so that one confused or hostile
 * exporter cannot grow memory without bound.
 */
#include <stdlib.h>
#include <string.h>
#include "templates.h"

static unsigned int bucket(const struct fm_sender *e, uint8_t version,
			   uint32_t domain, uint16_t id)
{
	uint64_t h = (uintptr_t)e;

	h ^= (uint64_t)version << 56 ^ (uint64_t)domain << 16 ^ id;
	h *= 0x9e3779b97f4a7c15ull;
	return (h >> 40) % FM_TEMPLATE_BUCKETS;
}

struct fm_rx_template *fm_rx_template_find(struct fm_decoder *d,
					   struct fm_sender *e, uint8_t version,
					   uint32_t domain, uint16_t id)
{
	struct fm_rx_template *t;

	for (t = d->templates[bucket(e, version, domain, id)]; t; t = t->next)
		if (t->sender == e && t->version == version &&
		    t->domain == domain && t->id == id)
			return t;
	return NULL;
}

static void template_unlink(struct fm_decoder *d, struct fm_rx_template *t)
{
	struct fm_rx_template **pp;

	pp = &d->templates[bucket(t->sender, t->version, t->domain, t->id)];
	for (; *pp; pp = &(*pp)->next)
		if (*pp == t) {
			*pp = t->next;
			t->sender->ntemplates--;
			d->ntemplates--;
			d->templates_changed = true;
			free(t);
			return;
		}
}

int fm_rx_template_add(struct fm_decoder *d, struct fm_sender *e,
		       uint8_t version, uint32_t domain, uint16_t id,
		       bool options, uint16_t nscope, const struct fm_field *f,
		       uint16_t n, uint64_t now_ms)
{
	struct fm_rx_template *t, *old;
	uint32_t minlen = 0;
	unsigned int i, j, b;
	uint16_t *rep;

	for (i = 0; i < n; i++)
		minlen += f[i].len == IPFIX_VARLEN ? 1 : f[i].len;
	if (!minlen)
		return FM_ERR_RECORD_ZERO;
	old = fm_rx_template_find(d, e, version, domain, id);
	if (old && old->nfields == n && old->options == options &&
	    old->nscope == nscope && !memcmp(old->fields, f, n * sizeof(*f))) {
		old->seen_ms = now_ms;	/* a refresh: nothing else changes */
		return 0;
	}
	if (!old && e->ntemplates >= d->o.max_templates)
		return FM_ERR_TEMPLATE_CAP;
	t = malloc(sizeof(*t) + n * sizeof(*f) + n * sizeof(*rep));
	if (!t)
		return FM_ERR_TEMPLATE_CAP;
	/* n is at most FM_MAX_TEMPLATE_FIELDS: quadratic is cheap here. */
	rep = (uint16_t *)(t->fields + n);
	t->repeats = false;
	for (i = 0; i < n; i++) {
		rep[i] = 0;
		for (j = 0; j < i && !rep[i]; j++)
			if (f[j].id == f[i].id && f[j].pen == f[i].pen)
				rep[i] = j + 1;
		t->repeats |= rep[i] != 0;
	}
	t->rep = rep;
	t->sender = e;
	t->domain = domain;
	t->id = id;
	t->version = version;
	t->options = options;
	t->nscope = nscope;
	t->nfields = n;
	t->minlen = minlen;
	t->seen_ms = now_ms;
	memcpy(t->fields, f, n * sizeof(*f));
	if (old)
		template_unlink(d, old);
	b = bucket(e, version, domain, id);
	t->next = d->templates[b];
	d->templates[b] = t;
	e->ntemplates++;
	d->ntemplates++;
	d->templates_changed = true;
	return 0;
}

void fm_rx_template_withdraw(struct fm_decoder *d, struct fm_sender *e,
			     uint32_t domain, uint16_t id, bool all, bool options)
{
	struct fm_rx_template *t, *next;
	unsigned int i;

	if (!all) {
		t = fm_rx_template_find(d, e, IPFIX_VERSION, domain, id);
		if (t)
			template_unlink(d, t);
		return;
	}
	for (i = 0; i < FM_TEMPLATE_BUCKETS; i++)
		for (t = d->templates[i]; t; t = next) {
			next = t->next;
			if (t->sender == e && t->version == IPFIX_VERSION &&
			    t->domain == domain && t->options == options)
				template_unlink(d, t);
		}
}

void fm_rx_templates_expire(struct fm_decoder *d, uint64_t now_ms)
{
	uint64_t ttl = (uint64_t)d->o.template_timeout_s * 1000;
	struct fm_rx_template *t, *next;
	unsigned int i;

	for (i = 0; i < FM_TEMPLATE_BUCKETS; i++)
		for (t = d->templates[i]; t; t = next) {
			next = t->next;
			if (t->seen_ms + ttl < now_ms)
				template_unlink(d, t);
		}
}

void fm_rx_templates_free(struct fm_decoder *d)
{
	struct fm_rx_template *t, *tn;
	unsigned int i;

	for (i = 0; i < FM_TEMPLATE_BUCKETS; i++) {
		for (t = d->templates[i]; t; t = tn) {
			tn = t->next;
			free(t);
		}
		d->templates[i] = NULL;
	}
	d->ntemplates = 0;
}
