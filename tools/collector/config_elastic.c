// SPDX-License-Identifier: GPL-2.0
/* elasticsearch: in flowmeterd's configuration (flowmeterd.8, docs/streams.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "config_elastic.h"

void fm_config_parse_elastic(struct fm_yaml *c, struct fm_config *cf, const yaml_node_t *m)
{
	const yaml_node_t *k, *v;
	yaml_node_pair_t *p;
	struct fm_elastic_conf *e;
	unsigned long long u;

	if (!fm_yaml_want(c, m, YAML_MAPPING_NODE, "elasticsearch"))
		return;
	e = cf->elastic = fm_yaml_zalloc(c, m, 1, sizeof(*e));
	if (!e)
		return;
	e->index = fm_yaml_dupstr(c, m, "flowmeter");
	e->verify_tls = true;
	e->queue = 100000;
	e->batch = 5000;
	e->flush_ms = 1000;
	e->retries = 3;
	e->timeout_ms = 10000;
	fm_yaml_for_pairs(c, m, k, v, p) {
		const char *key;

		if (!fm_yaml_key(c, k))
			return;
		key = fm_yaml_scalar(k);
		if (!strcmp(key, "url"))
			fm_yaml_set_str(c, v, "elasticsearch.url", &e->url);
		else if (!strcmp(key, "file"))
			fm_yaml_set_str(c, v, "elasticsearch.file", &e->file);
		else if (!strcmp(key, "index"))
			fm_yaml_set_str(c, v, "elasticsearch.index", &e->index);
		else if (!strcmp(key, "user"))
			fm_yaml_set_str(c, v, "elasticsearch.user", &e->user);
		else if (!strcmp(key, "password"))
			fm_yaml_set_str(c, v, "elasticsearch.password", &e->password);
		else if (!strcmp(key, "api_key"))
			fm_yaml_set_str(c, v, "elasticsearch.api_key", &e->api_key);
		else if (!strcmp(key, "verify_tls"))
			fm_yaml_bool(c, v, "elasticsearch.verify_tls", &e->verify_tls);
		else if (!strcmp(key, "queue") || !strcmp(key, "batch")) {
			if (fm_yaml_uint(c, v, key, 10000000, &u) && !u)
				fm_yaml_fail(c, v, "elasticsearch.%s must be 1 or more", key);
			else if (!c->failed)
				*(key[0] == 'q' ? &e->queue : &e->batch) = u;
		} else if (!strcmp(key, "retries")) {
			if (fm_yaml_uint(c, v, "elasticsearch.retries", 100, &u))
				e->retries = u;
		} else if (!strcmp(key, "flush_interval"))
			fm_yaml_msecs(c, v, "elasticsearch.flush_interval", 3600000, &e->flush_ms);
		else if (!strcmp(key, "timeout"))
			fm_yaml_msecs(c, v, "elasticsearch.timeout", 3600000, &e->timeout_ms);
		else
			fm_yaml_unknown_key(c, k, "elasticsearch", "url, file, index, user, password, "
					    "api_key, verify_tls, queue, batch, flush_interval, retries, timeout");
		if (c->failed)
			return;
	}
	if (!e->url && !e->file)
		fm_yaml_fail(c, m, "elasticsearch needs url (the _bulk API) or file (NDJSON; - for stdout)");
	else if (e->url && strncmp(e->url, "http://", 7) && strncmp(e->url, "https://", 8))
		fm_yaml_fail(c, m, "elasticsearch.url must start with http:// or https://, not '%s'",
			     e->url);
	else if (!*e->index || strpbrk(e->index, "/\\*?\"<>| ,#:ABCDEFGHIJKLMNOPQRSTUVWXYZ") ||
		 e->index[0] == '-' || e->index[0] == '_' || e->index[0] == '+')
		fm_yaml_fail(c, m, "elasticsearch.index '%s' is not an index name (lowercase, none of \\/*?\"<>| ,#:)",
			     e->index);
}

void fm_elastic_conf_free(struct fm_elastic_conf *e)
{
	if (!e)
		return;
	free(e->url);
	free(e->file);
	free(e->index);
	free(e->user);
	free(e->password);
	free(e->api_key);
	free(e);
}
