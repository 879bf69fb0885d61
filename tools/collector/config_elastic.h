/* SPDX-License-Identifier: GPL-2.0 */
/* The configuration's elasticsearch: section (config_elastic.c). */
#ifndef FM_CONFIG_ELASTIC_H
#define FM_CONFIG_ELASTIC_H

#include "config_yaml.h"

struct fm_elastic_conf {
	char *url;		/* the cluster's base URL: POST URL/_bulk; NULL: file only */
	char *file;		/* NDJSON of the documents alone, "-" is stdout; NULL: none */
	char *index;		/* daily indices INDEX-YYYY.MM.DD */
	char *user, *password;	/* basic auth, or NULL */
	char *api_key;		/* Authorization: ApiKey ..., or NULL */
	bool verify_tls;
	unsigned int queue, batch, flush_ms;
	unsigned int retries;	/* a bulk request retried on 429/5xx/no answer this often */
	unsigned int timeout_ms;
};

void fm_config_parse_elastic(struct fm_yaml *c, struct fm_config *cf, const yaml_node_t *v);
void fm_elastic_conf_free(struct fm_elastic_conf *e);

#endif
