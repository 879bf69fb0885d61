// SPDX-License-Identifier: GPL-2.0
/*
 * The in-memory rollup. Only the 5-minute tier is counted per record (one
 * hash update per dimension); the hourly and daily deltas are the 5-minute
 * ones summed when rows are asked for. Keys are binary (an address as its
 * bytes, a number as 8 bytes, a string with its NUL), as metrics.c keys
 * series: text is made once per key, when rows are written, not per record.
 * Entries come from chunks freed all at once by clear.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "addr.h"
#include "rollup.h"

static const char *const tier_names[FM_TIER__COUNT] = { "raw", "5m", "1h", "1d" };
static const uint64_t tier_width[FM_TIER__COUNT] = { 0, 300000, 3600000, 86400000 };

const char *fm_tier_name(int tier)
{
	return tier >= 0 && tier < FM_TIER__COUNT ? tier_names[tier] : "?";
}

int fm_tier_lookup(const char *name)
{
	int i;

	for (i = 0; i < FM_TIER__COUNT; i++)
		if (!strcmp(tier_names[i], name))
			return i;
	return -1;
}

uint64_t fm_tier_ms(int tier)
{
	return tier >= 0 && tier < FM_TIER__COUNT ? tier_width[tier] : 0;
}

int fm_dim_lookup(const char *name)
{
	if (!strcmp(name, "all"))
		return FM_DIM_ALL;
	if (!strcmp(name, "protocol"))
		return ATTR_PROTO;
	return fm_attr_lookup(name);
}

const char *fm_dim_name(int dim)
{
	return dim == FM_DIM_ALL ? "all" : fm_attr_name(dim);
}

const int fm_dim_defaults[] = {
	ATTR_PROTO, ATTR_SOURCE_IP, ATTR_DESTINATION_IP, ATTR_SOURCE_PORT,
	ATTR_DESTINATION_PORT, ATTR_SOURCE_AS, ATTR_DESTINATION_AS,
	ATTR_SOURCE_COUNTRY, ATTR_DESTINATION_COUNTRY, ATTR_SOURCE_ASN_ORG,
	ATTR_DESTINATION_ASN_ORG, FM_DIM_ALL,
};
const int fm_dim_ndefaults = sizeof(fm_dim_defaults) / sizeof(fm_dim_defaults[0]);

/* key: exporter (family, 16 bytes), dimension index, the value's bytes. */
#define KEY_MAX (1 + 16 + 1 + 1 + FM_SREC_ARENA)

struct entry {
	struct entry *next;
	uint64_t hash;			/* of the bucket and key_hash */
	uint64_t key_hash;		/* of the key alone */
	uint64_t bucket_ms;
	struct fm_counts c;
	uint16_t klen;
	uint8_t key[];
};

struct table {
	struct entry **b;
	size_t nb, n;
};

struct chunk {
	struct chunk *next;
	size_t used, cap;
	char mem[];
};

struct fm_rollup {
	int ndims;
	int dims[FM_DIM_MAX];
	struct table t5;
	struct chunk *chunks;
	/* What rows() made: the rows, their text and the coarser tiers' tables. */
	struct fm_rollup_row *rows;
	size_t nrows, caprows;
	char *text;
	size_t ntext, captext;
};

#define FNV_SEED 0xcbf29ce484222325ull

/* FNV-1a from @h on: a key's hash can go on from its exporter prefix's. */
static uint64_t hash(uint64_t h, const uint8_t *k, size_t n)
{
	while (n--)
		h = (h ^ *k++) * 0x100000001b3ull;
	return h;
}

static void *chunk_alloc(struct chunk **head, size_t n)
{
	struct chunk *c = *head;

	n = (n + 7) & ~(size_t)7;
	if (!c || c->used + n > c->cap) {
		size_t cap = n > 256 * 1024 ? n : 256 * 1024;

		c = malloc(sizeof(*c) + cap);
		if (!c)
			return NULL;
		c->cap = cap;
		c->used = 0;
		c->next = *head;
		*head = c;
	}
	c->used += n;
	return c->mem + c->used - n;
}

static void chunks_free(struct chunk **head)
{
	while (*head) {
		struct chunk *c = *head;

		*head = c->next;
		free(c);
	}
}

static int table_grow(struct table *t)
{
	size_t nb = t->nb ? t->nb * 2 : 4096, i;
	struct entry **b = calloc(nb, sizeof(*b));

	if (!b)
		return -1;
	for (i = 0; i < t->nb; i++)
		while (t->b[i]) {
			struct entry *e = t->b[i];

			t->b[i] = e->next;
			e->next = b[e->hash & (nb - 1)];
			b[e->hash & (nb - 1)] = e;
		}
	free(t->b);
	t->b = b;
	t->nb = nb;
	return 0;
}

/* Add @c to the entry of (bucket, key), made if new (from @chunks); @kh = hash(FNV_SEED, key). */
static int table_add(struct table *t, struct chunk **chunks, uint64_t bucket,
		     const uint8_t *k, size_t klen, uint64_t kh, const struct fm_counts *c)
{
	uint64_t h = kh ^ (bucket / 300000 * 0x9E3779B97F4A7C15ull);
	struct entry *e;

	if (t->n >= t->nb && table_grow(t) < 0)
		return -1;
	for (e = t->b[h & (t->nb - 1)]; e; e = e->next)
		if (e->hash == h && e->bucket_ms == bucket && e->klen == klen &&
		    !memcmp(e->key, k, klen))
			break;
	if (!e) {
		e = chunk_alloc(chunks, sizeof(*e) + klen);
		if (!e)
			return -1;
		e->hash = h;
		e->key_hash = kh;
		e->bucket_ms = bucket;
		e->klen = klen;
		memcpy(e->key, k, klen);
		memset(&e->c, 0, sizeof(e->c));
		e->next = t->b[h & (t->nb - 1)];
		t->b[h & (t->nb - 1)] = e;
		t->n++;
	}
	e->c.bytes += c->bytes;
	e->c.packets += c->packets;
	e->c.flows += c->flows;
	return 0;
}

struct fm_rollup *fm_rollup_new(const int *dims, int ndims)
{
	struct fm_rollup *r;

	if (ndims < 0 || ndims > FM_DIM_MAX)
		return NULL;
	r = calloc(1, sizeof(*r));
	if (!r)
		return NULL;
	memcpy(r->dims, dims, ndims * sizeof(*dims));
	r->ndims = ndims;
	return r;
}

void fm_rollup_clear(struct fm_rollup *r)
{
	if (r->t5.b)
		memset(r->t5.b, 0, r->t5.nb * sizeof(*r->t5.b));
	r->t5.n = 0;
	chunks_free(&r->chunks);
	r->nrows = 0;
	r->ntext = 0;
}

void fm_rollup_free(struct fm_rollup *r)
{
	if (!r)
		return;
	fm_rollup_clear(r);
	free(r->t5.b);
	free(r->rows);
	free(r->text);
	free(r);
}

size_t fm_rollup_pending(const struct fm_rollup *r)
{
	return r->t5.n;
}

/* The value of dimension @dim in binary: a type byte, then its bytes. */
static size_t value_key(const struct fm_enriched_rec *f, int dim, uint8_t *k)
{
	const struct fm_addr *a;
	const char *s;
	uint64_t v;
	size_t n;

	if (dim == FM_DIM_ALL) {
		k[0] = 0;
		return 1;
	}
	if (fm_attr_is_addr(dim)) {
		a = fm_attr_addr(f, dim);
		if (!a) {
			k[0] = 0;
			return 1;
		}
		k[0] = a->family;
		n = a->family == AF_INET ? 4 : 16;
		memcpy(k + 1, a->a, n);
		return 1 + n;
	}
	if (fm_attr_is_string(dim)) {
		s = f->str[dim - ATTR_FIRST_STRING];
		if (!s || !*s) {
			k[0] = 0;
			return 1;
		}
		n = strlen(s) + 1;
		k[0] = 's';
		memcpy(k + 1, s, n);
		return 1 + n;
	}
	if (!fm_attr_uint(f, dim, &v)) {
		k[0] = 0;
		return 1;
	}
	k[0] = 'u';
	memcpy(k + 1, &v, sizeof(v));
	return 1 + sizeof(v);
}

int fm_rollup_add(struct fm_rollup *r, const struct fm_srec *s)
{
	const struct fm_addr *ex = &s->rec.sender;
	struct fm_enriched_rec f;
	struct fm_counts c = { s->rec.bytes, s->rec.packets, s->rec.flows };
	uint64_t bucket = fm_srec_time(s) / 300000 * 300000;
	uint8_t k[KEY_MAX];
	uint64_t h0;
	size_t base;
	int i;

	if (s->rec.kind != FM_REC_FLOW)
		return 0;
	fm_srec_view(s, &f);
	/* Exporter first, the same for every dimension. */
	memset(k, 0, 17);
	k[0] = ex->family;
	memcpy(k + 1, ex->a, ex->family == AF_INET ? 4 : ex->family ? 16 : 0);
	base = 17;
	h0 = hash(FNV_SEED, k, base);
	for (i = 0; i < r->ndims; i++) {
		size_t n;

		k[base] = i;
		n = value_key(&f, r->dims[i], k + base + 1);
		if (table_add(&r->t5, &r->chunks, bucket, k, base + 1 + n,
			      hash(h0, k + base, 1 + n), &c) < 0)
			return -1;
	}
	return 0;
}

/* Copy @s into the rollup's text; its offset, or -1. */
static ssize_t text_put(struct fm_rollup *r, const char *s)
{
	size_t n = strlen(s) + 1;

	if (r->ntext + n > r->captext) {
		size_t cap = r->captext ? r->captext * 2 : 65536;
		char *t;

		while (cap < r->ntext + n)
			cap *= 2;
		t = realloc(r->text, cap);
		if (!t)
			return -1;
		r->text = t;
		r->captext = cap;
	}
	memcpy(r->text + r->ntext, s, n);
	r->ntext += n;
	return r->ntext - n;
}

static int row_add(struct fm_rollup *r, int tier, const struct entry *e)
{
	struct fm_rollup_row *w;
	const uint8_t *v = e->key + 18;
	char buf[FM_SREC_ARENA + 64];
	struct fm_addr a = { 0 };
	ssize_t ex, val;
	uint64_t u;

	if (r->nrows == r->caprows) {
		size_t cap = r->caprows ? r->caprows * 2 : 4096;
		struct fm_rollup_row *n = realloc(r->rows, cap * sizeof(*n));

		if (!n)
			return -1;
		r->rows = n;
		r->caprows = cap;
	}
	a.family = e->key[0];
	memcpy(a.a, e->key + 1, 16);
	ex = text_put(r, a.family ? fm_addr_str(&a, buf, sizeof(buf)) : "");
	switch (v[0]) {
	case 0: buf[0] = 0; break;
	case 's': snprintf(buf, sizeof(buf), "%s", (const char *)v + 1); break;
	case 'u':
		memcpy(&u, v + 1, sizeof(u));
		snprintf(buf, sizeof(buf), "%" PRIu64, u);
		break;
	default:
		memset(&a, 0, sizeof(a));
		a.family = v[0];
		memcpy(a.a, v + 1, a.family == AF_INET ? 4 : 16);
		fm_addr_str(&a, buf, sizeof(buf));
	}
	val = text_put(r, buf);
	if (ex < 0 || val < 0)
		return -1;
	w = &r->rows[r->nrows++];
	w->tier = tier;
	w->bucket_ms = e->bucket_ms;
	/* Offsets for now: text may move while it grows. */
	w->exporter = (const char *)(uintptr_t)ex;
	w->value = (const char *)(uintptr_t)val;
	w->dim = fm_dim_name(r->dims[e->key[17]]);
	w->c = e->c;
	return 0;
}

int fm_rollup_rows(struct fm_rollup *r, const struct fm_rollup_row **rows, size_t *n)
{
	struct table coarse[FM_TIER__COUNT] = { { 0 } };
	struct chunk *tmp = NULL;
	const struct entry *e;
	int tier, ret = 0;
	size_t i;

	r->nrows = 0;
	r->ntext = 0;
	for (i = 0; i < r->t5.nb && !ret; i++)
		for (e = r->t5.b[i]; e && !ret; e = e->next) {
			ret = row_add(r, FM_TIER_5M, e);
			for (tier = FM_TIER_1H; tier < FM_TIER__COUNT && !ret; tier++)
				ret = table_add(&coarse[tier], &tmp,
						e->bucket_ms / tier_width[tier] * tier_width[tier],
						e->key, e->klen, e->key_hash, &e->c);
		}
	for (tier = FM_TIER_1H; tier < FM_TIER__COUNT; tier++) {
		for (i = 0; i < coarse[tier].nb && !ret; i++)
			for (e = coarse[tier].b[i]; e && !ret; e = e->next)
				ret = row_add(r, tier, e);
		free(coarse[tier].b);
	}
	chunks_free(&tmp);
	if (ret < 0)
		return -1;
	for (i = 0; i < r->nrows; i++) {
		r->rows[i].exporter = r->text + (uintptr_t)r->rows[i].exporter;
		r->rows[i].value = r->text + (uintptr_t)r->rows[i].value;
	}
	*rows = r->rows;
	*n = r->nrows;
	return 0;
}
