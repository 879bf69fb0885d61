// SPDX-License-Identifier: GPL-2.0
/*
 * api: in flowmeterd's configuration (flowmeterd.8). Every key has a
 * default, so no api: section at all still serves /api/v1 beside
 * /metrics and netflow.io's API with keys made up at start.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "config_api.h"
#include "config_store.h"

void fm_api_conf_init(struct fm_api_conf *a)
{
	memset(a, 0, sizeof(*a));
	a->max_body = FM_API_MAX_BODY_DEFAULT;
}

void fm_api_conf_free(struct fm_api_conf *a)
{
	if (!a)
		return;
	free(a->listen);
	free(a->store);
	free(a->auth_key);
	free(a->sign_key);
	free(a->registry);
	free(a->token);
	free(a->user);
	free(a->password);
	memset(a, 0, sizeof(*a));
}

/* Text a client can type in a header: printable ASCII, no spaces. */
static bool printable(const char *s)
{
	for (; *s; s++)
		if (*s <= ' ' || *s > '~')
			return false;
	return true;
}

static char *key(struct fm_yaml *c, const yaml_node_t *v, const char *what)
{
	char *s = fm_yaml_str(c, v, what);

	if (!s)
		return NULL;
	if (!printable(s) || strlen(s) < 16) {
		fm_yaml_fail(c, v, "%s must be 16 or more printable characters without spaces", what);
		free(s);
		return NULL;
	}
	return s;
}

void fm_config_parse_api(struct fm_yaml *c, struct fm_config *cf, const yaml_node_t *m)
{
	const yaml_node_t *k, *v;
	yaml_node_pair_t *p;
	struct fm_api_conf *a;

	if (m->type == YAML_SCALAR_NODE && !*fm_yaml_scalar(m))
		return;		/* "api:" alone: the defaults */
	if (!fm_yaml_want(c, m, YAML_MAPPING_NODE, "api"))
		return;
	if (cf->api) {
		fm_yaml_fail(c, m, "api: twice");
		return;
	}
	a = cf->api = fm_yaml_zalloc(c, m, 1, sizeof(*a));
	if (!a)
		return;
	fm_api_conf_init(a);
	fm_yaml_for_pairs(c, m, k, v, p) {
		const char *name;

		if (!fm_yaml_key(c, k))
			return;
		name = fm_yaml_scalar(k);
		if (!strcmp(name, "listen")) {
			free(a->listen);
			a->listen = fm_yaml_str(c, v, "api.listen");
		} else if (!strcmp(name, "store")) {
			/* Checked at start, against the stores: the message points here. */
			free(a->store);
			a->store = fm_yaml_str(c, v, "api.store");
			a->line = v->start_mark.line + 1;
			a->col = v->start_mark.column + 1;
		} else if (!strcmp(name, "max_body")) {
			if (fm_yaml_want(c, v, YAML_SCALAR_NODE, "api.max_body") &&
			    (fm_size_parse(fm_yaml_scalar(v), &a->max_body) < 0 || !a->max_body ||
			     a->max_body > (64u << 20)))
				fm_yaml_fail(c, v, "api.max_body must be a size from 1 to 64MiB (64KiB), not '%s'",
					     fm_yaml_scalar(v));
		} else if (!strcmp(name, "auth_key")) {
			free(a->auth_key);
			a->auth_key = key(c, v, "api.auth_key");
		} else if (!strcmp(name, "sign_key")) {
			free(a->sign_key);
			a->sign_key = key(c, v, "api.sign_key");
		} else if (!strcmp(name, "registry")) {
			free(a->registry);
			a->registry = fm_yaml_str(c, v, "api.registry");
		} else if (!strcmp(name, "token")) {
			free(a->token);
			a->token = key(c, v, "api.token");
		} else if (!strcmp(name, "user")) {
			free(a->user);
			a->user = fm_yaml_str(c, v, "api.user");
			/* Basic auth's user-pass is split at the first colon. */
			if (a->user && (!*a->user || strchr(a->user, ':') || !printable(a->user)))
				fm_yaml_fail(c, v, "api.user must be printable characters without spaces or ':'");
		} else if (!strcmp(name, "password")) {
			free(a->password);
			a->password = key(c, v, "api.password");
		} else {
			fm_yaml_unknown_key(c, k, "api", "listen, store, max_body, auth_key, sign_key, "
					    "registry, token, user, password");
		}
		if (c->failed)
			return;
	}
	if (!a->user != !a->password)
		fm_yaml_fail(c, m, "api: user and password go together (HTTP basic auth)");
}
