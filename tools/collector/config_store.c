// SPDX-License-Identifier: GPL-2.0
/*
 * store: in flowmeterd's configuration (flowmeterd.8). The keys common to
 * every store sit at the section's top; each backend is a key of its own
 * (sqlite, postgresql, clickhouse) whose mapping holds the backend's keys
 * (its registry entry lists them) and may repeat a common key for that
 * store alone. Several backends make several stores, each its own sink.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "config_store.h"
#include "when.h"

static const char common_keys[] =
	"queue, batch, flush_interval, rollup_interval, retention, max_size, dimensions, name";

int fm_size_parse(const char *s, uint64_t *bytes)
{
	static const struct { const char *unit; uint64_t mul; } units[] = {
		{ "", 1 }, { "B", 1 }, { "KB", 1000 }, { "MB", 1000000 }, { "GB", 1000000000 },
		{ "TB", 1000000000000ull }, { "KiB", 1024 }, { "MiB", 1 << 20 },
		{ "GiB", 1ull << 30 }, { "TiB", 1ull << 40 },
	};
	char *end;
	double v;
	size_t i;

	if (!isdigit((unsigned char)*s))
		return -1;
	v = strtod(s, &end);
	while (*end == ' ')
		end++;
	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (!strcasecmp(end, units[i].unit)) {
			*bytes = (uint64_t)(v * units[i].mul);
			return 0;
		}
	return -1;
}

static bool duration(struct fm_yaml *c, const yaml_node_t *v, const char *what, uint64_t *ms)
{
	if (!fm_yaml_want(c, v, YAML_SCALAR_NODE, what))
		return false;
	if (fm_duration_parse(fm_yaml_scalar(v), ms) < 0) {
		fm_yaml_fail(c, v, "%s must be a duration (90s, 15m, 48h, 30d; 0 = forever), not '%s'",
			     what, fm_yaml_scalar(v));
		return false;
	}
	return true;
}

static void parse_retention(struct fm_yaml *c, struct fm_store_conf *s, const yaml_node_t *m)
{
	const yaml_node_t *k, *v;
	yaml_node_pair_t *p;

	if (!fm_yaml_want(c, m, YAML_MAPPING_NODE, "store.retention"))
		return;
	fm_yaml_for_pairs(c, m, k, v, p) {
		int t;

		if (!fm_yaml_key(c, k))
			return;
		t = fm_tier_lookup(fm_yaml_scalar(k));
		if (!strcmp(fm_yaml_scalar(k), "nat")) {
			duration(c, v, "store.retention.nat", &s->nat_retention_ms);
		} else if (t < 0) {
			fm_yaml_unknown_key(c, k, "store.retention", "raw, nat, 5m, 1h, 1d");
		} else if (duration(c, v, "store.retention", &s->retention_ms[t]) && t == FM_TIER_RAW &&
			   !s->retention_ms[t]) {
			/* Raw rows forever is a disk filling up: say so rather than do it. */
			fm_yaml_fail(c, v, "store.retention.raw must be a duration: raw rows cannot be kept forever");
		}
		if (c->failed)
			return;
	}
}

static void parse_dimensions(struct fm_yaml *c, struct fm_store_conf *s, const yaml_node_t *l)
{
	const yaml_node_t *w;
	yaml_node_item_t *it;
	int i, d;

	if (!fm_yaml_want(c, l, YAML_SEQUENCE_NODE, "store.dimensions"))
		return;
	s->ndims = 0;
	fm_yaml_for_items(c, l, w, it) {
		if (!fm_yaml_want(c, w, YAML_SCALAR_NODE, "a dimension"))
			return;
		d = fm_dim_lookup(fm_yaml_scalar(w));
		if (d < 0) {
			fm_yaml_fail(c, w, "unknown dimension '%s' (an attribute, protocol, or all)",
				     fm_yaml_scalar(w));
			return;
		}
		for (i = 0; i < s->ndims; i++)
			if (s->dims[i] == d) {
				fm_yaml_fail(c, w, "dimension '%s' twice", fm_yaml_scalar(w));
				return;
			}
		if (s->ndims == FM_DIM_MAX) {
			fm_yaml_fail(c, w, "at most %d dimensions", FM_DIM_MAX);
			return;
		}
		s->dims[s->ndims++] = d;
	}
}

/* A key every store has; false if @k is none of them. */
static bool common(struct fm_yaml *c, struct fm_store_conf *s, const yaml_node_t *k,
		   const yaml_node_t *v)
{
	const char *key = fm_yaml_scalar(k);
	unsigned long long u;
	uint64_t ms;

	if (!strcmp(key, "queue")) {
		if (fm_yaml_uint(c, v, "store.queue", 1u << 24, &u)) {
			if (u)
				s->queue = u;
			else
				fm_yaml_fail(c, v, "store.queue must be 1 or more");
		}
	} else if (!strcmp(key, "batch")) {
		if (fm_yaml_uint(c, v, "store.batch", 1000000, &u)) {
			if (u)
				s->batch = u;
			else
				fm_yaml_fail(c, v, "store.batch must be 1 or more");
		}
	} else if (!strcmp(key, "flush_interval")) {
		if (duration(c, v, "store.flush_interval", &ms))
			s->flush_ms = ms ? ms : 1000;
	} else if (!strcmp(key, "rollup_interval")) {
		if (duration(c, v, "store.rollup_interval", &ms))
			s->rollup_ms = ms ? ms : 60000;
	} else if (!strcmp(key, "retention")) {
		parse_retention(c, s, v);
	} else if (!strcmp(key, "max_size")) {
		if (fm_yaml_want(c, v, YAML_SCALAR_NODE, "store.max_size") &&
		    fm_size_parse(fm_yaml_scalar(v), &s->max_size) < 0)
			fm_yaml_fail(c, v, "store.max_size must be a size (10GB, 512MiB; 0 = no cap), not '%s'",
				     fm_yaml_scalar(v));
	} else if (!strcmp(key, "dimensions")) {
		parse_dimensions(c, s, v);
	} else if (!strcmp(key, "name")) {
		free(s->name);
		s->name = fm_yaml_str(c, v, "store.name");
	} else {
		return false;
	}
	return true;
}

static bool option_known(const struct fm_store_ops *ops, const char *key)
{
	const char *const *o;

	for (o = ops->options; o && *o; o++)
		if (!strcmp(*o, key))
			return true;
	return false;
}

/* BACKEND: {...}: the backend's own keys and any common key, for this store. */
static void parse_backend(struct fm_yaml *c, struct fm_store_conf *s,
			  const struct fm_store_ops *ops, const yaml_node_t *m)
{
	const yaml_node_t *k, *v;
	yaml_node_pair_t *p;
	char known[512];

	if (m->type == YAML_SCALAR_NODE && !*fm_yaml_scalar(m))
		return;		/* "sqlite:" alone: the backend's defaults */
	if (!fm_yaml_want(c, m, YAML_MAPPING_NODE, "a store backend's keys"))
		return;
	s->opts = fm_yaml_zalloc(c, m, fm_yaml_npairs(m) + 1, sizeof(*s->opts));
	if (!s->opts)
		return;
	fm_yaml_for_pairs(c, m, k, v, p) {
		struct fm_store_opt *o;

		if (!fm_yaml_key(c, k) || common(c, s, k, v) || c->failed) {
			if (c->failed)
				return;
			continue;
		}
		if (!option_known(ops, fm_yaml_scalar(k))) {
			const char *const *x;
			size_t n = 0;

			for (x = ops->options; x && *x; x++)
				n += snprintf(known + n, sizeof(known) - n, "%s, ", *x);
			snprintf(known + n, sizeof(known) - n, "%s", common_keys);
			fm_yaml_unknown_key(c, k, ops->name, known);
			return;
		}
		if (!fm_yaml_want(c, v, YAML_SCALAR_NODE, fm_yaml_scalar(k)))
			return;
		o = &s->opts[s->nopts++];
		o->key = fm_yaml_dupstr(c, k, fm_yaml_scalar(k));
		o->value = fm_yaml_dupstr(c, v, fm_yaml_scalar(v));
		o->line = k->start_mark.line + 1;
		o->col = k->start_mark.column + 1;
		if (c->failed)
			return;
	}
}

/* The backend takes its options (no I/O): say what it lacks where it was named. */
static void check_backend(struct fm_yaml *c, const struct fm_store_conf *s,
			  const struct fm_store_ops *ops, const yaml_node_t *k)
{
	char why[512];
	void *be;

	if (ops->open(&be, s, why, sizeof(why)) < 0) {
		fm_yaml_fail(c, k, "store %s: %s", s->name, why);
		return;
	}
	ops->close(be);
}

void fm_config_parse_store(struct fm_yaml *c, struct fm_config *cf, const yaml_node_t *m)
{
	const yaml_node_t *k, *v;
	yaml_node_pair_t *p;
	struct fm_store_conf base;
	char why[256];
	int i;

	if (!fm_yaml_want(c, m, YAML_MAPPING_NODE, "store"))
		return;
	fm_store_conf_init(&base);
	/* The common keys first, wherever they are written: backends start from them. */
	fm_yaml_for_pairs(c, m, k, v, p) {
		if (!fm_yaml_key(c, k))
			break;
		if (common(c, &base, k, v) || c->failed)
			continue;
		if (!fm_store_backend(fm_yaml_scalar(k), why, sizeof(why))) {
			if (!strncmp(why, "unknown", 7))
				fm_yaml_unknown_key(c, k, "store", "sqlite, postgresql, clickhouse, "
						    "queue, batch, flush_interval, rollup_interval, "
						    "retention, max_size, dimensions");
			else
				fm_yaml_fail(c, k, "%s", why);
			break;
		}
	}
	if (!c->failed && base.name)
		fm_yaml_fail(c, m, "store.name belongs in a backend's section (store: {sqlite: {name: ...}})");
	if (!c->failed) {
		cf->stores = fm_yaml_zalloc(c, m, fm_yaml_npairs(m) + 1, sizeof(*cf->stores));
		if (!cf->stores)
			goto out;
	}
	fm_yaml_for_pairs(c, m, k, v, p) {
		const struct fm_store_ops *ops;
		struct fm_store_conf *s;

		if (c->failed)
			break;
		ops = fm_store_backend(fm_yaml_scalar(k), why, sizeof(why));
		if (!ops)
			continue;	/* a common key */
		s = &cf->stores[cf->nstores++];
		*s = base;
		s->opts = NULL;
		s->nopts = 0;
		s->name = NULL;
		s->backend = fm_yaml_dupstr(c, k, ops->name);
		s->line = k->start_mark.line + 1;
		s->col = k->start_mark.column + 1;
		parse_backend(c, s, ops, v);
		if (!c->failed && !s->name)
			s->name = fm_yaml_dupstr(c, k, ops->name);
		for (i = 0; !c->failed && i < cf->nstores - 1; i++)
			if (!strcmp(cf->stores[i].name, s->name))
				fm_yaml_fail(c, k, "two stores named '%s': give one a name: key", s->name);
		if (!c->failed)
			check_backend(c, s, ops, k);
	}
	if (!c->failed && !cf->nstores)
		fm_yaml_fail(c, m, "store needs a backend (sqlite: {path: ...})");
out:
	fm_store_conf_free(&base);
}
