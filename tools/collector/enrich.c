// SPDX-License-Identifier: GPL-2.0
/*
 * The enricher registry (every enricher by its configuration name) and
 * the chain a configuration makes of them. The enrichers themselves live
 * in enrich_names.c, enrich_maxmind.c and enrich_rdns.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "enrich.h"
#include "enrich_maxmind.h"
#include "enrich_names.h"
#include "enrich_rdns.h"

static const struct fm_enricher *const enrichers[] = {
	&fm_enricher_protocol_name,
	&fm_enricher_interface_mapper,
	&fm_enricher_host_alias,
	&fm_enricher_maxmind_country,
	&fm_enricher_maxmind_asn,
	&fm_enricher_maxmind_city,
	&fm_enricher_reverse_dns,
};

#define NENRICHERS (int)(sizeof(enrichers) / sizeof(enrichers[0]))

static const struct fm_enricher *find(const char *name)
{
	int i;

	for (i = 0; i < NENRICHERS; i++)
		if (!strcmp(enrichers[i]->name, name))
			return enrichers[i];
	return NULL;
}

static int unknown(const struct fm_config *c, int line, int col, const char *what,
		   const char *name, char *err, size_t errlen)
{
	char known[256];
	size_t off = 0;
	int i;

	known[0] = 0;
	for (i = 0; i < NENRICHERS && off < sizeof(known); i++)
		off += snprintf(known + off, sizeof(known) - off, "%s%s",
				i ? ", " : "", enrichers[i]->name);
	snprintf(err, errlen, "%s:%d:%d: %sunknown enricher '%s' (known: %s)",
		 c->path, line, col, what, name, known);
	return -1;
}

static bool has_option(const struct fm_enricher *e, const char *key)
{
	const char *const *o;

	if (!e->options)
		return true;
	for (o = e->options; *o; o++)
		if (!strcmp(*o, key))
			return true;
	return false;
}

int fm_enrich_check(const struct fm_config *c, char *err, size_t errlen)
{
	int i, j;

	for (i = 0; i < c->nenrich; i++)
		if (!find(c->enrich[i].name))
			return unknown(c, c->enrich[i].line, c->enrich[i].col, "",
				       c->enrich[i].name, err, errlen);
	for (i = 0; i < c->next; i++) {
		const struct fm_extension *x = &c->ext[i];
		const struct fm_enricher *e = find(x->name);

		if (!e)
			return unknown(c, x->line, x->col, "extensions: ", x->name,
				       err, errlen);
		for (j = 0; j < x->nkv; j++)
			if (!has_option(e, x->kv[j].key)) {
				snprintf(err, errlen, "%s:%d:%d: %s has no option '%s'",
					 c->path, x->kv[j].line, x->kv[j].col, e->name,
					 x->kv[j].key);
				return -1;
			}
	}
	return 0;
}

int fm_enrich_start(struct fm_enrich_chain *ch, const struct fm_config *c,
		    char *err, size_t errlen)
{
	int i;

	memset(ch, 0, sizeof(*ch));
	if (fm_enrich_check(c, err, errlen) < 0)
		return -1;
	ch->e = calloc(c->nenrich + 1, sizeof(*ch->e));
	ch->state = calloc(c->nenrich + 1, sizeof(*ch->state));
	if (!ch->e || !ch->state) {
		snprintf(err, errlen, "out of memory");
		fm_enrich_stop(ch);
		return -1;
	}
	for (i = 0; i < c->nenrich; i++) {
		const char *name = c->enrich[i].name;
		const struct fm_extension *x = fm_config_ext(c, name);
		char e[512] = "";

		ch->e[i] = find(name);
		if (ch->e[i]->start(&ch->state[i], x, e, sizeof(e)) < 0) {
			if (e[0] == ':')
				snprintf(err, errlen, "%s%s", c->path, e);
			else
				snprintf(err, errlen, "%s: enricher %s%s", c->path, name, e);
			fm_enrich_stop(ch);
			return -1;
		}
		ch->n = i + 1;
	}
	return 0;
}

void fm_enrich_run(const struct fm_enrich_chain *ch, struct fm_enriched_rec *f)
{
	int i;

	for (i = 0; i < ch->n; i++)
		ch->e[i]->enrich(ch->state[i], f);
}

void fm_enrich_tick(const struct fm_enrich_chain *ch)
{
	int i;

	for (i = 0; i < ch->n; i++)
		if (ch->e[i]->tick)
			ch->e[i]->tick(ch->state[i]);
}

void fm_enrich_render(const struct fm_enrich_chain *ch, FILE *out)
{
	int i;

	for (i = 0; i < ch->n; i++)
		if (ch->e[i]->render)
			ch->e[i]->render(ch->state[i], out);
}

void fm_enrich_stop(struct fm_enrich_chain *ch)
{
	int i;

	for (i = 0; i < ch->n; i++)
		ch->e[i]->stop(ch->state[i]);
	free(ch->e);
	free(ch->state);
	memset(ch, 0, sizeof(*ch));
}
