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

bool fm_enricher_known(const char *name)
{
	return find(name) != NULL;
}

const char *fm_enricher_names(void)
{
	return "protocol_name, interface_mapper, host_alias, maxmind_country, maxmind_asn, maxmind_city, reverse_dns";
}

int fm_enrich_start(struct fm_enrich_chain *ch, const struct fm_config *c,
		    char *err, size_t errlen)
{
	int i, j;

	memset(ch, 0, sizeof(*ch));
	ch->e = calloc(c->nenrich + 1, sizeof(*ch->e));
	ch->state = calloc(c->nenrich + 1, sizeof(*ch->state));
	if (!ch->e || !ch->state) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	/* Options of an enricher must be ones it knows. */
	for (i = 0; i < c->next; i++) {
		const struct fm_enricher *e = find(c->ext[i].name);

		for (j = 0; e && e->options && j < c->ext[i].nkv; j++) {
			const char *const *o;

			for (o = e->options; *o && strcmp(*o, c->ext[i].kv[j].key); o++)
				;
			if (!*o) {
				snprintf(err, errlen, "%s:%d:%d: %s has no option '%s'",
					 c->path, c->ext[i].kv[j].line, c->ext[i].kv[j].col,
					 e->name, c->ext[i].kv[j].key);
				fm_enrich_stop(ch);
				return -1;
			}
		}
	}
	for (i = 0; i < c->nenrich; i++) {
		const struct fm_extension *x = fm_config_ext(c, c->enrich[i]);
		char e[512] = "";

		ch->e[i] = find(c->enrich[i]);
		if (ch->e[i]->start(&ch->state[i], x, e, sizeof(e)) < 0) {
			if (e[0] == ':')
				snprintf(err, errlen, "%s%s", c->path, e);
			else
				snprintf(err, errlen, "%s: enricher %s%s", c->path,
					 c->enrich[i], e);
			fm_enrich_stop(ch);
			return -1;
		}
		ch->n = i + 1;
	}
	return 0;
}

void fm_enrich_run(const struct fm_enrich_chain *ch, struct fm_flow *f)
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
