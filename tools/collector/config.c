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
#include "config_api.h"
#include "config_elastic.h"
#include "config_kafka.h"
#include "config_store.h"
#include "config_yaml.h"
#include "metrics_as.h"

static void parse_filter(struct fm_yaml *c, const yaml_node_t *m, struct fm_filter *f)
{
	const yaml_node_t *k, *v, *match = NULL, *pred = NULL;
	yaml_node_pair_t *p;
	const char *pk = NULL;
	bool l2l = false;

	if (!fm_yaml_want(c, m, YAML_MAPPING_NODE, "a filter rule"))
		return;
	fm_yaml_for_pairs(c, m, k, v, p) {
		if (!fm_yaml_key(c, k))
			return;
		if (!strcmp(fm_yaml_scalar(k), "match")) {
			if (!fm_yaml_want(c, v, YAML_SCALAR_NODE, "match"))
				return;
			match = v;
		} else if (!strcmp(fm_yaml_scalar(k), "local-to-local")) {
			if (!fm_yaml_bool(c, v, "local-to-local", &l2l))
				return;
		} else if (!strcmp(fm_yaml_scalar(k), "cidr") || !strcmp(fm_yaml_scalar(k), "is") ||
			   !strcmp(fm_yaml_scalar(k), "isUint32")) {
			if (!fm_yaml_want(c, v, YAML_SCALAR_NODE, fm_yaml_scalar(k)))
				return;
			pred = v;
			pk = fm_yaml_scalar(k);
		} else {
			fm_yaml_unknown_key(c, k, "a filter rule",
				    "match, cidr, is, isUint32, local-to-local");
			return;
		}
	}
	if (l2l) {
		f->kind = FILTER_L2L;
		return;
	}
	if (!match) {
		fm_yaml_fail(c, m, "a filter rule needs 'match' (or local-to-local: true)");
		return;
	}
	f->attr = fm_attr_lookup(fm_yaml_scalar(match));
	if (f->attr < 0) {
		fm_yaml_fail(c, match, "unknown attribute '%s'", fm_yaml_scalar(match));
		return;
	}
	if (!pred) {
		fm_yaml_fail(c, m, "a filter rule needs one of cidr, is, isUint32");
		return;
	}
	if (!strcmp(pk, "cidr")) {
		f->kind = FILTER_CIDR;
		if (!fm_attr_is_addr(f->attr))
			fm_yaml_fail(c, match, "cidr needs an address attribute, '%s' is not one",
			     fm_yaml_scalar(match));
		else if (fm_cidr_parse(fm_yaml_scalar(pred), &f->net, &f->prefix) < 0)
			fm_yaml_fail(c, pred, "'%s' is not an address/prefix", fm_yaml_scalar(pred));
	} else if (!strcmp(pk, "is")) {
		f->kind = FILTER_IS;
		if (fm_addr_parse(fm_yaml_scalar(pred), &f->net) < 0)
			f->is_none = true;	/* as rkosegi: matches a missing address */
	} else {
		unsigned long long u;

		f->kind = FILTER_IS_UINT32;
		if (fm_yaml_uint(c, pred, "isUint32", UINT32_MAX, &u))
			f->u32 = u;
	}
}

static void parse_label(struct fm_yaml *c, const yaml_node_t *m, struct fm_label *l)
{
	const yaml_node_t *k, *v, *value = NULL;
	yaml_node_pair_t *p;
	const char *conv = NULL;

	if (!fm_yaml_want(c, m, YAML_MAPPING_NODE, "a label"))
		return;
	fm_yaml_for_pairs(c, m, k, v, p) {
		if (!fm_yaml_key(c, k))
			return;
		if (!strcmp(fm_yaml_scalar(k), "name"))
			l->name = fm_yaml_str(c, v, "name");
		else if (!strcmp(fm_yaml_scalar(k), "value")) {
			l->value = fm_yaml_str(c, v, "value");
			value = v;
		} else if (!strcmp(fm_yaml_scalar(k), "converter")) {
			if (!fm_yaml_want(c, v, YAML_SCALAR_NODE, "converter"))
				return;
			conv = fm_yaml_scalar(v);
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
				fm_yaml_fail(c, v, "unknown converter '%s' (known: ipv4, str, uint32, uint64, static)",
				     conv);
				return;
			}
		} else if (!strcmp(fm_yaml_scalar(k), "on_missing")) {
			if (!fm_yaml_want(c, v, YAML_SCALAR_NODE, "on_missing"))
				return;
			if (strcmp(fm_yaml_scalar(v), "empty_str")) {
				fm_yaml_fail(c, v, "on_missing can only be empty_str");
				return;
			}
		} else {
			fm_yaml_unknown_key(c, k, "a label", "name, value, converter, on_missing");
			return;
		}
	}
	if (c->failed)
		return;
	if (!l->name || !l->value || !conv) {
		fm_yaml_fail(c, m, "a label needs name, value and converter");
		return;
	}
	l->attr = -1;
	if (l->conv != CONV_STATIC) {
		l->attr = fm_attr_lookup(l->value);
		if (l->attr < 0)
			fm_yaml_fail(c, value, "unknown attribute '%s'", l->value);
	}
}

static void parse_item(struct fm_yaml *c, const yaml_node_t *m,
		       struct fm_metric_spec *s, unsigned int max_series)
{
	const yaml_node_t *k, *v, *w;
	yaml_node_pair_t *p;
	yaml_node_item_t *it;
	unsigned long long u;
	int i;

	s->counters = FM_COUNT_BYTES | FM_COUNT_PACKETS | FM_COUNT_FLOWS;
	s->max_series = max_series;
	if (!fm_yaml_want(c, m, YAML_MAPPING_NODE, "a metric item"))
		return;
	fm_yaml_for_pairs(c, m, k, v, p) {
		if (!fm_yaml_key(c, k))
			return;
		if (!strcmp(fm_yaml_scalar(k), "name"))
			s->name = fm_yaml_str(c, v, "name");
		else if (!strcmp(fm_yaml_scalar(k), "description"))
			s->description = fm_yaml_str(c, v, "description");
		else if (!strcmp(fm_yaml_scalar(k), "labels")) {
			if (!fm_yaml_want(c, v, YAML_SEQUENCE_NODE, "labels"))
				return;
			s->labels = fm_yaml_zalloc(c, v, fm_yaml_nitems(v) + 1, sizeof(*s->labels));
			if (!s->labels)
				return;
			i = 0;
			fm_yaml_for_items(c, v, w, it)
				parse_label(c, w, &s->labels[i++]);
			s->nlabels = i;
		} else if (!strcmp(fm_yaml_scalar(k), "counters")) {
			if (!fm_yaml_want(c, v, YAML_SEQUENCE_NODE, "counters"))
				return;
			s->counters = 0;
			fm_yaml_for_items(c, v, w, it) {
				if (!fm_yaml_want(c, w, YAML_SCALAR_NODE, "a counter"))
					return;
				if (!strcmp(fm_yaml_scalar(w), "bytes"))
					s->counters |= FM_COUNT_BYTES;
				else if (!strcmp(fm_yaml_scalar(w), "packets"))
					s->counters |= FM_COUNT_PACKETS;
				else if (!strcmp(fm_yaml_scalar(w), "flows"))
					s->counters |= FM_COUNT_FLOWS;
				else {
					fm_yaml_fail(c, w, "unknown counter '%s' (known: bytes, packets, flows)",
					     fm_yaml_scalar(w));
					return;
				}
			}
		} else if (!strcmp(fm_yaml_scalar(k), "max_series")) {
			if (fm_yaml_uint(c, v, "max_series", 100000000, &u))
				s->max_series = u;
		} else {
			fm_yaml_unknown_key(c, k, "a metric item",
				    "name, description, labels, counters, max_series");
			return;
		}
	}
	if (!c->failed && !s->name)
		fm_yaml_fail(c, m, "a metric item needs a name");
	if (!c->failed && !s->description)
		s->description = fm_yaml_dupstr(c, m, s->name);
}

static void parse_metrics(struct fm_yaml *c, struct fm_config *cf, const yaml_node_t *m)
{
	const yaml_node_t *k, *v;
	yaml_node_pair_t *p;

	if (!fm_yaml_want(c, m, YAML_MAPPING_NODE, "pipeline.metrics"))
		return;
	fm_yaml_for_pairs(c, m, k, v, p) {
		if (!fm_yaml_key(c, k))
			return;
		if (!strcmp(fm_yaml_scalar(k), "prefix")) {
			free(cf->prefix);
			cf->prefix = fm_yaml_str(c, v, "prefix");
		} else if (!strcmp(fm_yaml_scalar(k), "items")) {
			if (fm_yaml_want(c, v, YAML_SEQUENCE_NODE, "items"))
				c->items = v;
		} else {
			fm_yaml_unknown_key(c, k, "pipeline.metrics", "prefix, items");
			return;
		}
	}
}

static void parse_pipeline(struct fm_yaml *c, struct fm_config *cf, const yaml_node_t *m)
{
	const yaml_node_t *k, *v, *w;
	yaml_node_pair_t *p;
	yaml_node_item_t *it;
	int i;

	if (!fm_yaml_want(c, m, YAML_MAPPING_NODE, "pipeline"))
		return;
	fm_yaml_for_pairs(c, m, k, v, p) {
		if (!fm_yaml_key(c, k))
			return;
		if (!strcmp(fm_yaml_scalar(k), "filter")) {
			if (!fm_yaml_want(c, v, YAML_SEQUENCE_NODE, "pipeline.filter"))
				return;
			cf->filters = fm_yaml_zalloc(c, v, fm_yaml_nitems(v) + 1, sizeof(*cf->filters));
			if (!cf->filters)
				return;
			i = 0;
			fm_yaml_for_items(c, v, w, it)
				parse_filter(c, w, &cf->filters[i++]);
			cf->nfilters = i;
		} else if (!strcmp(fm_yaml_scalar(k), "enrich")) {
			if (!fm_yaml_want(c, v, YAML_SEQUENCE_NODE, "pipeline.enrich"))
				return;
			cf->enrich = fm_yaml_zalloc(c, v, fm_yaml_nitems(v) + 1, sizeof(*cf->enrich));
			if (!cf->enrich)
				return;
			fm_yaml_for_items(c, v, w, it) {
				struct fm_enricher_ref *e = &cf->enrich[cf->nenrich++];

				if (!fm_yaml_want(c, w, YAML_SCALAR_NODE, "an enricher"))
					return;
				e->name = fm_yaml_dupstr(c, w, fm_yaml_scalar(w));
				if (!e->name)
					return;
				e->line = w->start_mark.line + 1;
				e->col = w->start_mark.column + 1;
			}
		} else if (!strcmp(fm_yaml_scalar(k), "metrics")) {
			parse_metrics(c, cf, v);
		} else {
			fm_yaml_unknown_key(c, k, "pipeline", "filter, enrich, metrics");
			return;
		}
	}
}

static void parse_extensions(struct fm_yaml *c, struct fm_config *cf, const yaml_node_t *m)
{
	const yaml_node_t *k, *v, *kk, *vv;
	yaml_node_pair_t *p, *pp;
	if (!fm_yaml_want(c, m, YAML_MAPPING_NODE, "extensions"))
		return;
	cf->ext = fm_yaml_zalloc(c, m, fm_yaml_npairs(m) + 1, sizeof(*cf->ext));
	if (!cf->ext)
		return;
	fm_yaml_for_pairs(c, m, k, v, p) {
		struct fm_extension *x = &cf->ext[cf->next++];

		if (!fm_yaml_key(c, k))
			return;
		x->name = fm_yaml_dupstr(c, k, fm_yaml_scalar(k));
		if (!x->name)
			return;
		x->line = k->start_mark.line + 1;
		x->col = k->start_mark.column + 1;
		if (v->type == YAML_SCALAR_NODE && !*fm_yaml_scalar(v))
			continue;	/* "name:" with nothing: no options */
		if (!fm_yaml_want(c, v, YAML_MAPPING_NODE, "an extension's options"))
			return;
		x->kv = fm_yaml_zalloc(c, v, fm_yaml_npairs(v) + 1, sizeof(*x->kv));
		if (!x->kv)
			return;
		fm_yaml_for_pairs(c, v, kk, vv, pp) {
			struct fm_ext_kv *e = &x->kv[x->nkv++];

			if (!fm_yaml_key(c, kk) ||
			    !fm_yaml_want(c, vv, YAML_SCALAR_NODE, fm_yaml_scalar(kk)))
				return;
			e->key = fm_yaml_dupstr(c, kk, fm_yaml_scalar(kk));
			e->value = fm_yaml_dupstr(c, vv, fm_yaml_scalar(vv));
			if (!e->key || !e->value)
				return;
			e->line = kk->start_mark.line + 1;
			e->col = kk->start_mark.column + 1;
		}
	}
}

static void parse_sampling(struct fm_yaml *c, struct fm_config *cf, const yaml_node_t *m)
{
	const yaml_node_t *k, *v, *kk, *vv;
	yaml_node_pair_t *p, *pp;
	unsigned long long u;
	int i = 0;

	if (!fm_yaml_want(c, m, YAML_MAPPING_NODE, "sampling"))
		return;
	fm_yaml_for_pairs(c, m, k, v, p) {
		if (!fm_yaml_key(c, k))
			return;
		if (!strcmp(fm_yaml_scalar(k), "default")) {
			if (fm_yaml_uint(c, v, "sampling.default", UINT32_MAX, &u))
				cf->default_sampling = u ? u : 1;
		} else if (!strcmp(fm_yaml_scalar(k), "exporters")) {
			if (!fm_yaml_want(c, v, YAML_MAPPING_NODE, "sampling.exporters"))
				return;
			cf->sampling = fm_yaml_zalloc(c, v, fm_yaml_npairs(v) + 1, sizeof(*cf->sampling));
			if (!cf->sampling)
				return;
			fm_yaml_for_pairs(c, v, kk, vv, pp) {
				if (!fm_yaml_key(c, kk))
					return;
				if (fm_addr_parse(fm_yaml_scalar(kk), &cf->sampling[i].exporter) < 0) {
					fm_yaml_fail(c, kk, "'%s' is not an address", fm_yaml_scalar(kk));
					return;
				}
				if (!fm_yaml_uint(c, vv, "a sampling rate", UINT32_MAX, &u))
					return;
				cf->sampling[i++].rate = u;
			}
			cf->nsampling = i;
		} else {
			fm_yaml_unknown_key(c, k, "sampling", "default, exporters");
			return;
		}
	}
}

static void parse_allowed(struct fm_yaml *c, struct fm_config *cf, const yaml_node_t *s)
{
	const yaml_node_t *w;
	yaml_node_item_t *it;

	if (!fm_yaml_want(c, s, YAML_SEQUENCE_NODE, "allowed_exporters"))
		return;
	cf->allow = fm_yaml_zalloc(c, s, fm_yaml_nitems(s) + 1, sizeof(*cf->allow));
	if (!cf->allow)
		return;
	fm_yaml_for_items(c, s, w, it) {
		struct fm_cidr *a = &cf->allow[cf->nallow];

		if (!fm_yaml_want(c, w, YAML_SCALAR_NODE, "an exporter network"))
			return;
		if (fm_cidr_parse(fm_yaml_scalar(w), &a->net, &a->prefix) < 0) {
			fm_yaml_fail(c, w, "'%s' is not an address/prefix", fm_yaml_scalar(w));
			return;
		}
		cf->nallow++;
	}
}

static void parse_items(struct fm_yaml *c, struct fm_config *cf, const yaml_node_t *s)
{
	const yaml_node_t *w;
	yaml_node_item_t *it;

	cf->metrics = fm_yaml_zalloc(c, s, fm_yaml_nitems(s) + 1, sizeof(*cf->metrics));
	if (!cf->metrics)
		return;
	fm_yaml_for_items(c, s, w, it)
		parse_item(c, w, &cf->metrics[cf->nmetrics++], cf->max_series);
}

/* ---- the top-level keys: one entry each in sections[] ---- */

static void parse_netflow_endpoint(struct fm_yaml *c, struct fm_config *cf, const yaml_node_t *v)
{
	cf->netflow_endpoint = fm_yaml_str(c, v, "netflow_endpoint");
	c->endpoint = v;
}

static void parse_telemetry_endpoint(struct fm_yaml *c, struct fm_config *cf, const yaml_node_t *v)
{
	cf->telemetry_endpoint = fm_yaml_str(c, v, "telemetry_endpoint");
}

static void parse_flush_interval(struct fm_yaml *c, struct fm_config *cf, const yaml_node_t *v)
{
	unsigned long long u;

	if (fm_yaml_uint(c, v, "flush_interval", 100000000, &u))
		cf->flush_interval = u ? u : 180;
}

static void parse_workers(struct fm_yaml *c, struct fm_config *cf, const yaml_node_t *v)
{
	unsigned long long u;

	if (fm_yaml_uint(c, v, "workers", 256, &u))
		cf->workers = u;
}

static void parse_receive_buffer(struct fm_yaml *c, struct fm_config *cf, const yaml_node_t *v)
{
	unsigned long long u;

	if (fm_yaml_uint(c, v, "receive_buffer", INT_MAX / 2, &u))
		cf->receive_buffer = u;
}

static void parse_state_file(struct fm_yaml *c, struct fm_config *cf, const yaml_node_t *v)
{
	free(cf->state_file);
	cf->state_file = fm_yaml_str(c, v, "state_file");
}

static void parse_template_timeout(struct fm_yaml *c, struct fm_config *cf, const yaml_node_t *v)
{
	unsigned long long u;

	if (fm_yaml_uint(c, v, "template_timeout", 100000000, &u))
		cf->template_timeout = u ? u : 1800;
}

static void parse_max_templates(struct fm_yaml *c, struct fm_config *cf, const yaml_node_t *v)
{
	unsigned long long u;

	if (fm_yaml_uint(c, v, "max_templates", 65536, &u))
		cf->max_templates = u ? u : 1024;
}

static void parse_max_series(struct fm_yaml *c, struct fm_config *cf, const yaml_node_t *v)
{
	unsigned long long u;

	if (fm_yaml_uint(c, v, "max_series", 100000000, &u))
		cf->max_series = u;
}

static void parse_user(struct fm_yaml *c, struct fm_config *cf, const yaml_node_t *v)
{
	cf->user = fm_yaml_str(c, v, "user");
}

/*
 * Every top-level key. A section in a file of its own (config_store.c)
 * is one line here and one declaration in its header.
 */
static const struct fm_config_section sections[] = {
	{ "netflow_endpoint", parse_netflow_endpoint },
	{ "telemetry_endpoint", parse_telemetry_endpoint },
	{ "flush_interval", parse_flush_interval },
	{ "pipeline", parse_pipeline },
	{ "extensions", parse_extensions },
	{ "workers", parse_workers },
	{ "receive_buffer", parse_receive_buffer },
	{ "allowed_exporters", parse_allowed },
	{ "state_file", parse_state_file },
	{ "template_timeout", parse_template_timeout },
	{ "max_templates", parse_max_templates },
	{ "max_series", parse_max_series },
	{ "sampling", parse_sampling },
	{ "user", parse_user },
	{ "store", fm_config_parse_store },
	{ "api", fm_config_parse_api },
	{ "kafka", fm_config_parse_kafka },
	{ "kafka_input", fm_config_parse_kafka_input },
	{ "elasticsearch", fm_config_parse_elastic },
	{ "flow_exporter", fm_config_parse_flow_exporter },
};

#define NSECTIONS (sizeof(sections) / sizeof(sections[0]))

static void unknown_section(struct fm_yaml *c, const yaml_node_t *k)
{
	char known[1024];
	size_t i, n = 0;

	for (i = 0; i < NSECTIONS; i++)
		n += snprintf(known + n, n < sizeof(known) ? sizeof(known) - n : 0, "%s%s",
			      i ? ", " : "", sections[i].key);
	fm_yaml_unknown_key(c, k, "the configuration", known);
}

static void parse_root(struct fm_yaml *c, struct fm_config *cf, const yaml_node_t *root)
{
	const yaml_node_t *k, *v;
	yaml_node_pair_t *p;
	size_t i;

	if (!fm_yaml_want(c, root, YAML_MAPPING_NODE, "the configuration"))
		return;
	fm_yaml_for_pairs(c, root, k, v, p) {
		if (!fm_yaml_key(c, k))
			return;
		for (i = 0; i < NSECTIONS; i++)
			if (!strcmp(fm_yaml_scalar(k), sections[i].key))
				break;
		if (i == NSECTIONS) {
			unknown_section(c, k);
			return;
		}
		sections[i].parse(c, cf, v);
		if (c->failed)
			return;
	}
	if (!c->endpoint) {
		fm_yaml_fail(c, root, "netflow_endpoint is required");
		return;
	}
	/* Items last: they take max_series' default wherever it was written. */
	if (c->items)
		parse_items(c, cf, c->items);
}

struct fm_config *fm_config_load(const char *path, char *err, size_t errlen)
{
	struct fm_yaml c = { .path = path, .err = err, .errlen = errlen };
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
		fm_yaml_fail(&c, NULL, "the file is empty");
	else if (fm_yaml_unique_keys(&c))
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
	for (i = 0; i < c->nstores; i++)
		fm_store_conf_free(&c->stores[i]);
	free(c->stores);
	fm_api_conf_free(c->api);
	free(c->api);
	fm_kafka_conf_free(c->kafka);
	fm_kafka_input_conf_free(c->kafka_input);
	fm_elastic_conf_free(c->elastic);
	free(c->flow_exporter);
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
