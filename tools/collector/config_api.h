/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The configuration's api: section (config_api.c): where the HTTP APIs
 * listen, which store they read, how big a request body may be,
 * netflow.io's keys and sender registry (api_netflowio.c), and who may
 * ask off loopback (a bearer token, a basic-auth user and password).
 */
#ifndef FM_CONFIG_API_H
#define FM_CONFIG_API_H

#include <stdint.h>
#include "config_yaml.h"

#define FM_API_MAX_BODY_DEFAULT 65536
#define FM_API_REGISTRY_DEFAULT "/var/lib/flowmeter/senders.json"

struct fm_api_conf {
	char *listen;		/* NULL: the APIs share telemetry_endpoint's listener */
	char *store;		/* a store's name; NULL: the first store */
	uint64_t max_body;	/* bytes a request body may have */
	char *auth_key;		/* netflow.io's admin.authKey; NULL: generated at start */
	char *sign_key;		/* admin.signKey; NULL: generated at start */
	char *registry;		/* the sender registry's file; "" keeps it in memory */
	/* The page's and the APIs' credentials (http_auth.h); NULL: none. */
	char *token;		/* Authorization: Bearer TOKEN */
	char *user, *password;	/* Authorization: Basic, both or neither */
	int line, col;		/* where api.store was, for the check at start */
};

void fm_api_conf_init(struct fm_api_conf *a);
/* Frees what @a points to (not @a). */
void fm_api_conf_free(struct fm_api_conf *a);
/* api: {listen, store, max_body, auth_key, sign_key, registry, token, user, password} into cf->api. */
void fm_config_parse_api(struct fm_yaml *c, struct fm_config *cf, const yaml_node_t *v);

#endif
