// SPDX-License-Identifier: GPL-2.0
/*
 * The enrichers that only name things: protocol_name (/etc/protocols),
 * interface_mapper (configured, else what the exporter announced) and
 * host_alias (configured names for addresses).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "addr.h"
#include "enrich_names.h"

/* ---- protocol_name: /etc/protocols, with the common ones built in ---- */

struct proto_names {
	char name[256][24];
};

static int proto_start(void **st, const struct fm_extension *x, char *err, size_t len)
{
	struct proto_names *p = calloc(1, sizeof(*p));
	char line[512], name[64];
	unsigned int num, i;
	FILE *f;

	(void)x;
	if (!p) {
		snprintf(err, len, ": protocol_name: out of memory");
		return -1;
	}
	for (i = 0; i < 256; i++)
		snprintf(p->name[i], sizeof(p->name[i]), "other (%u)", i);
	strcpy(p->name[1], "icmp");
	strcpy(p->name[2], "igmp");
	strcpy(p->name[6], "tcp");
	strcpy(p->name[17], "udp");
	strcpy(p->name[41], "ipv6");
	strcpy(p->name[47], "gre");
	strcpy(p->name[50], "esp");
	strcpy(p->name[51], "ah");
	strcpy(p->name[58], "ipv6-icmp");
	strcpy(p->name[132], "sctp");
	f = fopen("/etc/protocols", "r");
	while (f && fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%63s %u", name, &num) == 2 && name[0] != '#' &&
		    num < 256 && strlen(name) < sizeof(p->name[0])) {
			for (i = 0; name[i]; i++)
				name[i] = tolower((unsigned char)name[i]);
			strcpy(p->name[num], name);
		}
	}
	if (f)
		fclose(f);
	*st = p;
	return 0;
}

static void proto_enrich(void *st, struct fm_enriched_rec *f)
{
	struct proto_names *p = st;

	if (f->rec->has & FM_HAS_PROTO)
		f->str[ATTR_PROTO_NAME - ATTR_FIRST_STRING] = p->name[f->rec->proto];
}

/* ---- interface_mapper: "index": name, and names learnt from options ---- */

struct if_map {
	int n;
	uint32_t *index;
	char **name;
};

static void ifmap_stop(void *st)
{
	struct if_map *m = st;

	free(m->index);
	free(m->name);
	free(m);
}

static int ifmap_start(void **st, const struct fm_extension *x, char *err, size_t len)
{
	struct if_map *m = calloc(1, sizeof(*m));
	int i, n = x ? x->nkv : 0;
	char *end;

	if (m && n) {
		m->index = calloc(n, sizeof(*m->index));
		m->name = calloc(n, sizeof(*m->name));
	}
	if (!m || (n && (!m->index || !m->name))) {
		snprintf(err, len, ": interface_mapper: out of memory");
		goto fail;
	}
	for (i = 0; i < n; i++) {
		unsigned long v = strtoul(x->kv[i].key, &end, 10);

		if (!*x->kv[i].key || *end || v > UINT32_MAX) {
			snprintf(err, len, ":%d:%d: interface_mapper: '%s' is not an interface index",
				 x->kv[i].line, x->kv[i].col, x->kv[i].key);
			goto fail;
		}
		m->index[m->n] = v;
		m->name[m->n++] = x->kv[i].value;
	}
	*st = m;
	return 0;
fail:
	if (m)
		ifmap_stop(m);
	return -1;
}

static const char *ifmap_find(const struct if_map *m, uint32_t index)
{
	int i;

	for (i = 0; i < m->n; i++)
		if (m->index[i] == index)
			return m->name[i];
	return NULL;
}

static void ifmap_enrich(void *st, struct fm_enriched_rec *f)
{
	const struct if_map *m = st;
	const char *in = ifmap_find(m, f->rec->in_if);
	const char *out = ifmap_find(m, f->rec->out_if);

	/* The configured map wins; else what the exporter's options said. */
	if (!in && f->rec->in_name[0])
		in = f->rec->in_name;
	if (!out && f->rec->out_name[0])
		out = f->rec->out_name;
	if (in)
		f->str[ATTR_INPUT_INTERFACE_NAME - ATTR_FIRST_STRING] = in;
	if (out)
		f->str[ATTR_OUTPUT_INTERFACE_NAME - ATTR_FIRST_STRING] = out;
}

/* ---- host_alias: "address": name for source_host / destination_host ---- */

struct alias {
	int n;
	struct fm_addr *addr;
	const char **name;
};

static void alias_stop(void *st)
{
	struct alias *a = st;

	free(a->addr);
	free(a->name);
	free(a);
}

static int alias_start(void **st, const struct fm_extension *x, char *err, size_t len)
{
	struct alias *a = calloc(1, sizeof(*a));
	int i, n = x ? x->nkv : 0;

	if (a && n) {
		a->addr = calloc(n, sizeof(*a->addr));
		a->name = calloc(n, sizeof(*a->name));
	}
	if (!a || (n && (!a->addr || !a->name))) {
		snprintf(err, len, ": host_alias: out of memory");
		goto fail;
	}
	for (i = 0; i < n; i++) {
		if (fm_addr_parse(x->kv[i].key, &a->addr[a->n]) < 0) {
			snprintf(err, len, ":%d:%d: host_alias: '%s' is not an address",
				 x->kv[i].line, x->kv[i].col, x->kv[i].key);
			goto fail;
		}
		a->name[a->n++] = x->kv[i].value;
	}
	*st = a;
	return 0;
fail:
	if (a)
		alias_stop(a);
	return -1;
}

static const char *alias_find(const struct alias *a, const struct fm_addr *x)
{
	int i;

	for (i = 0; i < a->n; i++)
		if (fm_addr_eq(&a->addr[i], x))
			return a->name[i];
	return NULL;
}

static void alias_enrich(void *st, struct fm_enriched_rec *f)
{
	const char *s = alias_find(st, &f->rec->src), *d = alias_find(st, &f->rec->dst);

	if (s)
		f->str[ATTR_SOURCE_HOST - ATTR_FIRST_STRING] = s;
	if (d)
		f->str[ATTR_DESTINATION_HOST - ATTR_FIRST_STRING] = d;
}

static void free_stop(void *st)
{
	free(st);
}

static const char *const no_opts[] = { NULL };

const struct fm_enricher fm_enricher_protocol_name = {
	.name = "protocol_name", .options = no_opts,
	.start = proto_start, .enrich = proto_enrich, .stop = free_stop,
};

const struct fm_enricher fm_enricher_interface_mapper = {
	.name = "interface_mapper",
	.start = ifmap_start, .enrich = ifmap_enrich, .stop = ifmap_stop,
};

const struct fm_enricher fm_enricher_host_alias = {
	.name = "host_alias",
	.start = alias_start, .enrich = alias_enrich, .stop = alias_stop,
};
