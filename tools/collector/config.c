// SPDX-License-Identifier: GPL-2.0
/*
 * YAML configuration (libyaml's document API: every node keeps its line and
 * column, so every complaint can point at the place in the file). Unknown
 * keys, wrong types and unknown names are errors, not warnings: a typo in a
 * label must not silently produce a different metric. Enricher names and
 * options are the enricher registry's to check (fm_enrich_check): this
 * file knows no enricher.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>
#include "attrs.h"
#include "config.h"

struct ctx {
	yaml_document_t doc;
	const char *path;
	char *err;
	size_t errlen;
	bool failed;
};

static void fail(struct ctx *c, const yaml_node_t *n, const char *fmt, ...)
{
	va_list ap;
	int off;

	if (c->failed)
		return;
	c->failed = true;
	off = snprintf(c->err, c->errlen, "%s:%lu:%lu: ", c->path,
		       n ? (unsigned long)n->start_mark.line + 1 : 0,
		       n ? (unsigned long)n->start_mark.column + 1 : 0);
	va_start(ap, fmt);
	if (off >= 0 && (size_t)off < c->errlen)
		vsnprintf(c->err + off, c->errlen - off, fmt, ap);
	va_end(ap);
}

static yaml_node_t *node(struct ctx *c, int id)
{
	return yaml_document_get_node(&c->doc, id);
}

static const char *kind(const yaml_node_t *n)
{
	switch (n->type) {
	case YAML_SCALAR_NODE: return "a scalar";
	case YAML_SEQUENCE_NODE: return "a list";
	case YAML_MAPPING_NODE: return "a mapping";
	default: return "nothing";
	}
}

static bool want(struct ctx *c, const yaml_node_t *n, yaml_node_type_t t,
		 const char *what)
{
	if (n->type == t)
		return true;
	fail(c, n, "%s must be %s, not %s", what,
	     t == YAML_SCALAR_NODE ? "a scalar" :
	     t == YAML_SEQUENCE_NODE ? "a list" : "a mapping", kind(n));
	return false;
}

static const char *scalar(const yaml_node_t *n)
{
	return (const char *)n->data.scalar.value;
}

/* calloc and strdup that fail the parse (at @n) when memory is out. */
static void *zalloc(struct ctx *c, const yaml_node_t *n, size_t nmemb, size_t size)
{
	void *p = calloc(nmemb, size);

	if (!p)
		fail(c, n, "out of memory");
	return p;
}

static char *dupstr(struct ctx *c, const yaml_node_t *n, const char *s)
{
	char *d = strdup(s);

	if (!d)
		fail(c, n, "out of memory");
	return d;
}

static char *str(struct ctx *c, const yaml_node_t *n, const char *what)
{
	if (!want(c, n, YAML_SCALAR_NODE, what))
		return NULL;
	return dupstr(c, n, scalar(n));
}

static bool uint_of(struct ctx *c, const yaml_node_t *n, const char *what,
		    unsigned long long max, unsigned long long *v)
{
	char *end;

	if (!want(c, n, YAML_SCALAR_NODE, what))
		return false;
	errno = 0;
	*v = strtoull(scalar(n), &end, 10);
	if (!*scalar(n) || *end || errno || *v > max || scalar(n)[0] == '-') {
		fail(c, n, "%s must be a whole number from 0 to %llu, not '%s'",
		     what, max, scalar(n));
		return false;
	}
	return true;
}

static bool bool_of(struct ctx *c, const yaml_node_t *n, const char *what, bool *v)
{
	const char *s;

	if (!want(c, n, YAML_SCALAR_NODE, what))
		return false;
	s = scalar(n);
	if (!strcmp(s, "true") || !strcmp(s, "True") || !strcmp(s, "yes"))
		*v = true;
	else if (!strcmp(s, "false") || !strcmp(s, "False") || !strcmp(s, "no"))
		*v = false;
	else {
		fail(c, n, "%s must be true or false, not '%s'", what, s);
		return false;
	}
	return true;
}

/* Iterate a mapping: for (p = ...; p < top; p++) with key/value nodes. */
#define for_pairs(c, m, k, v, p) \
	for (p = (m)->data.mapping.pairs.start; \
	     p < (m)->data.mapping.pairs.top && \
	     ((k) = node(c, p->key), (v) = node(c, p->value), 1); p++)

#define for_items(c, s, v, it) \
	for (it = (s)->data.sequence.items.start; \
	     it < (s)->data.sequence.items.top && ((v) = node(c, *it), 1); it++)

static int nitems(const yaml_node_t *s)
{
	return s->data.sequence.items.top - s->data.sequence.items.start;
}

static int npairs(const yaml_node_t *m)
{
	return m->data.mapping.pairs.top - m->data.mapping.pairs.start;
}

static bool key_scalar(struct ctx *c, const yaml_node_t *k)
{
	return want(c, k, YAML_SCALAR_NODE, "a key");
}

static void unknown_key(struct ctx *c, const yaml_node_t *k, const char *where,
			const char *known)
{
	fail(c, k, "unknown key '%s' in %s (known: %s)", scalar(k), where, known);
}

static void parse_filter(struct ctx *c, const yaml_node_t *m, struct fm_filter *f)
{
	const yaml_node_t *k, *v, *match = NULL, *pred = NULL;
	yaml_node_pair_t *p;
	const char *pk = NULL;
	bool l2l = false;

	if (!want(c, m, YAML_MAPPING_NODE, "a filter rule"))
		return;
	for_pairs(c, m, k, v, p) {
		if (!key_scalar(c, k))
			return;
		if (!strcmp(scalar(k), "match")) {
			if (!want(c, v, YAML_SCALAR_NODE, "match"))
				return;
			match = v;
		} else if (!strcmp(scalar(k), "local-to-local")) {
			if (!bool_of(c, v, "local-to-local", &l2l))
				return;
		} else if (!strcmp(scalar(k), "cidr") || !strcmp(scalar(k), "is") ||
			   !strcmp(scalar(k), "isUint32")) {
			if (!want(c, v, YAML_SCALAR_NODE, scalar(k)))
				return;
			pred = v;
			pk = scalar(k);
		} else {
			unknown_key(c, k, "a filter rule",
				    "match, cidr, is, isUint32, local-to-local");
			return;
		}
	}
	if (l2l) {
		f->kind = FILTER_L2L;
		return;
	}
	if (!match) {
		fail(c, m, "a filter rule needs 'match' (or local-to-local: true)");
		return;
	}
	f->attr = fm_attr_lookup(scalar(match));
	if (f->attr < 0) {
		fail(c, match, "unknown attribute '%s'", scalar(match));
		return;
	}
	if (!pred) {
		fail(c, m, "a filter rule needs one of cidr, is, isUint32");
		return;
	}
	if (!strcmp(pk, "cidr")) {
		f->kind = FILTER_CIDR;
		if (!fm_attr_is_addr(f->attr))
			fail(c, match, "cidr needs an address attribute, '%s' is not one",
			     scalar(match));
		else if (fm_cidr_parse(scalar(pred), &f->net, &f->prefix) < 0)
			fail(c, pred, "'%s' is not an address/prefix", scalar(pred));
	} else if (!strcmp(pk, "is")) {
		f->kind = FILTER_IS;
		if (fm_addr_parse(scalar(pred), &f->net) < 0)
			f->is_none = true;	/* as rkosegi: matches a missing address */
	} else {
		unsigned long long u;

		f->kind = FILTER_IS_UINT32;
		if (uint_of(c, pred, "isUint32", UINT32_MAX, &u))
			f->u32 = u;
	}
}

static void parse_label(struct ctx *c, const yaml_node_t *m, struct fm_label *l)
{
	const yaml_node_t *k, *v, *value = NULL;
	yaml_node_pair_t *p;
	const char *conv = NULL;

	if (!want(c, m, YAML_MAPPING_NODE, "a label"))
		return;
	for_pairs(c, m, k, v, p) {
		if (!key_scalar(c, k))
			return;
		if (!strcmp(scalar(k), "name"))
			l->name = str(c, v, "name");
		else if (!strcmp(scalar(k), "value")) {
			l->value = str(c, v, "value");
			value = v;
		} else if (!strcmp(scalar(k), "converter")) {
			if (!want(c, v, YAML_SCALAR_NODE, "converter"))
				return;
			conv = scalar(v);
			if (!strcmp(conv, "ipv4"))
				l->conv = CONV_IPV4;
			else if (!strcmp(conv, "str"))
				l->conv = CONV_STR;
			else if (!strcmp(conv, "uint32"))
				l->conv = CONV_UINT32;
			else if (!strcmp(conv, "uint64"))
				l->conv = CONV_UINT64;
			else if (!strcmp(conv, "static"))
				l->conv = CONV_STATIC;
			else {
				fail(c, v, "unknown converter '%s' (known: ipv4, str, uint32, uint64, static)",
				     conv);
				return;
			}
		} else if (!strcmp(scalar(k), "on_missing")) {
			if (!want(c, v, YAML_SCALAR_NODE, "on_missing"))
				return;
			if (strcmp(scalar(v), "empty_str")) {
				fail(c, v, "on_missing can only be empty_str");
				return;
			}
		} else {
			unknown_key(c, k, "a label", "name, value, converter, on_missing");
			return;
		}
	}
	if (c->failed)
		return;
	if (!l->name || !l->value || !conv) {
		fail(c, m, "a label needs name, value and converter");
		return;
	}
	l->attr = -1;
	if (l->conv != CONV_STATIC) {
		l->attr = fm_attr_lookup(l->value);
		if (l->attr < 0)
			fail(c, value, "unknown attribute '%s'", l->value);
	}
}

static void parse_item(struct ctx *c, const yaml_node_t *m,
		       struct fm_metric_spec *s, unsigned int max_series)
{
	const yaml_node_t *k, *v, *w;
	yaml_node_pair_t *p;
	yaml_node_item_t *it;
	unsigned long long u;
	int i;

	s->counters = FM_COUNT_BYTES | FM_COUNT_PACKETS | FM_COUNT_FLOWS;
	s->max_series = max_series;
	if (!want(c, m, YAML_MAPPING_NODE, "a metric item"))
		return;
	for_pairs(c, m, k, v, p) {
		if (!key_scalar(c, k))
			return;
		if (!strcmp(scalar(k), "name"))
			s->name = str(c, v, "name");
		else if (!strcmp(scalar(k), "description"))
			s->description = str(c, v, "description");
		else if (!strcmp(scalar(k), "labels")) {
			if (!want(c, v, YAML_SEQUENCE_NODE, "labels"))
				return;
			s->labels = zalloc(c, v, nitems(v) + 1, sizeof(*s->labels));
			if (!s->labels)
				return;
			i = 0;
			for_items(c, v, w, it)
				parse_label(c, w, &s->labels[i++]);
			s->nlabels = i;
		} else if (!strcmp(scalar(k), "counters")) {
			if (!want(c, v, YAML_SEQUENCE_NODE, "counters"))
				return;
			s->counters = 0;
			for_items(c, v, w, it) {
				if (!want(c, w, YAML_SCALAR_NODE, "a counter"))
					return;
				if (!strcmp(scalar(w), "bytes"))
					s->counters |= FM_COUNT_BYTES;
				else if (!strcmp(scalar(w), "packets"))
					s->counters |= FM_COUNT_PACKETS;
				else if (!strcmp(scalar(w), "flows"))
					s->counters |= FM_COUNT_FLOWS;
				else {
					fail(c, w, "unknown counter '%s' (known: bytes, packets, flows)",
					     scalar(w));
					return;
				}
			}
		} else if (!strcmp(scalar(k), "max_series")) {
			if (uint_of(c, v, "max_series", 100000000, &u))
				s->max_series = u;
		} else {
			unknown_key(c, k, "a metric item",
				    "name, description, labels, counters, max_series");
			return;
		}
	}
	if (!c->failed && !s->name)
		fail(c, m, "a metric item needs a name");
	if (!c->failed && !s->description)
		s->description = dupstr(c, m, s->name);
}

static void parse_metrics(struct ctx *c, struct fm_config *cf, const yaml_node_t *m,
			  const yaml_node_t **items)
{
	const yaml_node_t *k, *v;
	yaml_node_pair_t *p;

	if (!want(c, m, YAML_MAPPING_NODE, "pipeline.metrics"))
		return;
	for_pairs(c, m, k, v, p) {
		if (!key_scalar(c, k))
			return;
		if (!strcmp(scalar(k), "prefix")) {
			free(cf->prefix);
			cf->prefix = str(c, v, "prefix");
		} else if (!strcmp(scalar(k), "items")) {
			if (want(c, v, YAML_SEQUENCE_NODE, "items"))
				*items = v;
		} else {
			unknown_key(c, k, "pipeline.metrics", "prefix, items");
			return;
		}
	}
}

static void parse_pipeline(struct ctx *c, struct fm_config *cf, const yaml_node_t *m,
			   const yaml_node_t **items)
{
	const yaml_node_t *k, *v, *w;
	yaml_node_pair_t *p;
	yaml_node_item_t *it;
	int i;

	if (!want(c, m, YAML_MAPPING_NODE, "pipeline"))
		return;
	for_pairs(c, m, k, v, p) {
		if (!key_scalar(c, k))
			return;
		if (!strcmp(scalar(k), "filter")) {
			if (!want(c, v, YAML_SEQUENCE_NODE, "pipeline.filter"))
				return;
			cf->filters = zalloc(c, v, nitems(v) + 1, sizeof(*cf->filters));
			if (!cf->filters)
				return;
			i = 0;
			for_items(c, v, w, it)
				parse_filter(c, w, &cf->filters[i++]);
			cf->nfilters = i;
		} else if (!strcmp(scalar(k), "enrich")) {
			if (!want(c, v, YAML_SEQUENCE_NODE, "pipeline.enrich"))
				return;
			cf->enrich = zalloc(c, v, nitems(v) + 1, sizeof(*cf->enrich));
			if (!cf->enrich)
				return;
			for_items(c, v, w, it) {
				struct fm_enricher_ref *e = &cf->enrich[cf->nenrich++];

				if (!want(c, w, YAML_SCALAR_NODE, "an enricher"))
					return;
				e->name = dupstr(c, w, scalar(w));
				if (!e->name)
					return;
				e->line = w->start_mark.line + 1;
				e->col = w->start_mark.column + 1;
			}
		} else if (!strcmp(scalar(k), "metrics")) {
			parse_metrics(c, cf, v, items);
		} else {
			unknown_key(c, k, "pipeline", "filter, enrich, metrics");
			return;
		}
	}
}

static void parse_extensions(struct ctx *c, struct fm_config *cf, const yaml_node_t *m)
{
	const yaml_node_t *k, *v, *kk, *vv;
	yaml_node_pair_t *p, *pp;
	if (!want(c, m, YAML_MAPPING_NODE, "extensions"))
		return;
	cf->ext = zalloc(c, m, npairs(m) + 1, sizeof(*cf->ext));
	if (!cf->ext)
		return;
	for_pairs(c, m, k, v, p) {
		struct fm_extension *x = &cf->ext[cf->next++];

		if (!key_scalar(c, k))
			return;
		x->name = dupstr(c, k, scalar(k));
		if (!x->name)
			return;
		x->line = k->start_mark.line + 1;
		x->col = k->start_mark.column + 1;
		if (v->type == YAML_SCALAR_NODE && !*scalar(v))
			continue;	/* "name:" with nothing: no options */
		if (!want(c, v, YAML_MAPPING_NODE, "an extension's options"))
			return;
		x->kv = zalloc(c, v, npairs(v) + 1, sizeof(*x->kv));
		if (!x->kv)
			return;
		for_pairs(c, v, kk, vv, pp) {
			struct fm_ext_kv *e = &x->kv[x->nkv++];

			if (!key_scalar(c, kk) ||
			    !want(c, vv, YAML_SCALAR_NODE, scalar(kk)))
				return;
			e->key = dupstr(c, kk, scalar(kk));
			e->value = dupstr(c, vv, scalar(vv));
			if (!e->key || !e->value)
				return;
			e->line = kk->start_mark.line + 1;
			e->col = kk->start_mark.column + 1;
		}
	}
}

static void parse_sampling(struct ctx *c, struct fm_config *cf, const yaml_node_t *m)
{
	const yaml_node_t *k, *v, *kk, *vv;
	yaml_node_pair_t *p, *pp;
	unsigned long long u;
	int i = 0;

	if (!want(c, m, YAML_MAPPING_NODE, "sampling"))
		return;
	for_pairs(c, m, k, v, p) {
		if (!key_scalar(c, k))
			return;
		if (!strcmp(scalar(k), "default")) {
			if (uint_of(c, v, "sampling.default", UINT32_MAX, &u))
				cf->default_sampling = u ? u : 1;
		} else if (!strcmp(scalar(k), "exporters")) {
			if (!want(c, v, YAML_MAPPING_NODE, "sampling.exporters"))
				return;
			cf->sampling = zalloc(c, v, npairs(v) + 1, sizeof(*cf->sampling));
			if (!cf->sampling)
				return;
			for_pairs(c, v, kk, vv, pp) {
				if (!key_scalar(c, kk))
					return;
				if (fm_addr_parse(scalar(kk), &cf->sampling[i].exporter) < 0) {
					fail(c, kk, "'%s' is not an address", scalar(kk));
					return;
				}
				if (!uint_of(c, vv, "a sampling rate", UINT32_MAX, &u))
					return;
				cf->sampling[i++].rate = u;
			}
			cf->nsampling = i;
		} else {
			unknown_key(c, k, "sampling", "default, exporters");
			return;
		}
	}
}

static void parse_allowed(struct ctx *c, struct fm_config *cf, const yaml_node_t *s)
{
	const yaml_node_t *w;
	yaml_node_item_t *it;

	if (!want(c, s, YAML_SEQUENCE_NODE, "allowed_exporters"))
		return;
	cf->allow = zalloc(c, s, nitems(s) + 1, sizeof(*cf->allow));
	if (!cf->allow)
		return;
	for_items(c, s, w, it) {
		struct fm_cidr *a = &cf->allow[cf->nallow];

		if (!want(c, w, YAML_SCALAR_NODE, "an exporter network"))
			return;
		if (fm_cidr_parse(scalar(w), &a->net, &a->prefix) < 0) {
			fail(c, w, "'%s' is not an address/prefix", scalar(w));
			return;
		}
		cf->nallow++;
	}
}

static void parse_items(struct ctx *c, struct fm_config *cf, const yaml_node_t *s)
{
	const yaml_node_t *w;
	yaml_node_item_t *it;

	cf->metrics = zalloc(c, s, nitems(s) + 1, sizeof(*cf->metrics));
	if (!cf->metrics)
		return;
	for_items(c, s, w, it)
		parse_item(c, w, &cf->metrics[cf->nmetrics++], cf->max_series);
}

static void parse_root(struct ctx *c, struct fm_config *cf, const yaml_node_t *root)
{
	const yaml_node_t *k, *v, *items = NULL, *endpoint = NULL;
	yaml_node_pair_t *p;
	unsigned long long u;

	if (!want(c, root, YAML_MAPPING_NODE, "the configuration"))
		return;
	for_pairs(c, root, k, v, p) {
		const char *key;

		if (!key_scalar(c, k))
			return;
		key = scalar(k);
		if (!strcmp(key, "netflow_endpoint")) {
			cf->netflow_endpoint = str(c, v, key);
			endpoint = v;
		} else if (!strcmp(key, "telemetry_endpoint")) {
			cf->telemetry_endpoint = str(c, v, key);
		} else if (!strcmp(key, "flush_interval")) {
			if (uint_of(c, v, key, 100000000, &u))
				cf->flush_interval = u ? u : 180;
		} else if (!strcmp(key, "pipeline")) {
			parse_pipeline(c, cf, v, &items);
		} else if (!strcmp(key, "extensions")) {
			parse_extensions(c, cf, v);
		} else if (!strcmp(key, "workers")) {
			if (uint_of(c, v, key, 256, &u))
				cf->workers = u;
		} else if (!strcmp(key, "receive_buffer")) {
			if (uint_of(c, v, key, INT_MAX / 2, &u))
				cf->receive_buffer = u;
		} else if (!strcmp(key, "allowed_exporters")) {
			parse_allowed(c, cf, v);
		} else if (!strcmp(key, "state_file")) {
			free(cf->state_file);
			cf->state_file = str(c, v, key);
		} else if (!strcmp(key, "template_timeout")) {
			if (uint_of(c, v, key, 100000000, &u))
				cf->template_timeout = u ? u : 1800;
		} else if (!strcmp(key, "max_templates")) {
			if (uint_of(c, v, key, 65536, &u))
				cf->max_templates = u ? u : 1024;
		} else if (!strcmp(key, "max_series")) {
			if (uint_of(c, v, key, 100000000, &u))
				cf->max_series = u;
		} else if (!strcmp(key, "sampling")) {
			parse_sampling(c, cf, v);
		} else if (!strcmp(key, "user")) {
			cf->user = str(c, v, key);
		} else {
			unknown_key(c, k, "the configuration",
				    "netflow_endpoint, telemetry_endpoint, flush_interval, pipeline, extensions, "
				    "workers, receive_buffer, allowed_exporters, state_file, template_timeout, "
				    "max_templates, max_series, sampling, user");
			return;
		}
		if (c->failed)
			return;
	}
	if (!endpoint) {
		fail(c, root, "netflow_endpoint is required");
		return;
	}
	/* Items last: they take max_series' default wherever it was written. */
	if (items)
		parse_items(c, cf, items);
}

struct fm_config *fm_config_load(const char *path, char *err, size_t errlen)
{
	struct ctx c = { .path = path, .err = err, .errlen = errlen };
	struct fm_config *cf;
	yaml_parser_t parser;
	yaml_node_t *root;
	FILE *f;

	f = fopen(path, "r");
	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	cf = calloc(1, sizeof(*cf));
	if (cf) {
		cf->path = strdup(path);
		cf->flush_interval = 180;
		cf->prefix = strdup("netflow");
		cf->template_timeout = 1800;
		cf->max_templates = 1024;
		cf->max_series = 10000;
		cf->default_sampling = 1;
		cf->state_file = strdup("/var/lib/flowmeter/templates.state");
	}
	if (!cf || !cf->path || !cf->prefix || !cf->state_file) {
		fclose(f);
		fm_config_free(cf);
		snprintf(err, errlen, "%s: out of memory", path);
		return NULL;
	}

	yaml_parser_initialize(&parser);
	yaml_parser_set_input_file(&parser, f);
	if (!yaml_parser_load(&parser, &c.doc)) {
		snprintf(err, errlen, "%s:%lu:%lu: %s %s", path,
			 (unsigned long)parser.problem_mark.line + 1,
			 (unsigned long)parser.problem_mark.column + 1,
			 parser.problem ? parser.problem : "YAML error",
			 parser.context ? parser.context : "");
		yaml_parser_delete(&parser);
		fclose(f);
		fm_config_free(cf);
		return NULL;
	}
	root = yaml_document_get_root_node(&c.doc);
	if (!root)
		fail(&c, NULL, "the file is empty");
	else
		parse_root(&c, cf, root);
	yaml_document_delete(&c.doc);
	yaml_parser_delete(&parser);
	fclose(f);
	if (c.failed) {
		fm_config_free(cf);
		return NULL;
	}
	return cf;
}

void fm_config_free(struct fm_config *c)
{
	int i, j;

	if (!c)
		return;
	for (i = 0; i < c->nmetrics; i++) {
		for (j = 0; j < c->metrics[i].nlabels; j++) {
			free(c->metrics[i].labels[j].name);
			free(c->metrics[i].labels[j].value);
		}
		free(c->metrics[i].labels);
		free(c->metrics[i].name);
		free(c->metrics[i].description);
	}
	/* Items parsed in part (an error) may sit past nmetrics: labels too. */
	free(c->metrics);
	for (i = 0; i < c->nenrich; i++)
		free(c->enrich[i].name);
	free(c->enrich);
	for (i = 0; i < c->next; i++) {
		for (j = 0; j < c->ext[i].nkv; j++) {
			free(c->ext[i].kv[j].key);
			free(c->ext[i].kv[j].value);
		}
		free(c->ext[i].kv);
		free(c->ext[i].name);
	}
	free(c->ext);
	free(c->filters);
	free(c->allow);
	free(c->sampling);
	free(c->path);
	free(c->netflow_endpoint);
	free(c->telemetry_endpoint);
	free(c->prefix);
	free(c->state_file);
	free(c->user);
	free(c);
}

const struct fm_extension *fm_config_ext(const struct fm_config *c,
					 const char *name)
{
	int i;

	for (i = 0; i < c->next; i++)
		if (!strcmp(c->ext[i].name, name))
			return &c->ext[i];
	return NULL;
}

const char *fm_ext_get(const struct fm_extension *x, const char *key)
{
	int i;

	for (i = 0; x && i < x->nkv; i++)
		if (!strcmp(x->kv[i].key, key))
			return x->kv[i].value;
	return NULL;
}
