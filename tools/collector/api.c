// SPDX-License-Identifier: GPL-2.0
/*
 * The APIs' shared state (api.h). netflow.io made up its keys at every
 * start when none were configured, and so does this: logged once, at
 * start, for the operator to copy into api:.
 */
#include <errno.h>
#include <openssl/rand.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "api.h"
#include "api_netflowio_registry.h"

#define fmd_log(fmt, ...) fprintf(stderr, "flowmeterd: " fmt "\n", ##__VA_ARGS__)

/* 32 random hex digits: 128 bits. */
static char *make_key(void)
{
	unsigned char b[16];
	char *s = malloc(33);
	int i;

	if (!s || RAND_bytes(b, sizeof(b)) != 1) {
		free(s);
		return NULL;
	}
	for (i = 0; i < 16; i++)
		sprintf(s + 2 * i, "%02x", b[i]);
	return s;
}

static const struct fm_store_conf *pick_store(const struct fm_daemon *d, const struct fm_api_conf *a,
					      const char *path, char *err, size_t errlen)
{
	int i;

	if (!a->store)
		return d->nstores ? &d->stores[0] : NULL;
	for (i = 0; i < d->nstores; i++)
		if (!strcmp(d->stores[i].name, a->store))
			return &d->stores[i];
	snprintf(err, errlen, "%s:%d:%d: api.store '%s': no store of that name is configured",
		 path, a->line, a->col, a->store);
	return NULL;
}

/*
 * A registry that was configured must open. The default one lives in the
 * state directory (the package and the unit make it); a daemon run without
 * one (a test, a user's own run) keeps its registry for this run only.
 */
static struct fm_nfio_registry *open_registry(const char *path, char *err, size_t errlen)
{
	char dir[] = FM_API_REGISTRY_DEFAULT, *slash = strrchr(dir, '/');

	if (path)
		return fm_nfio_registry_open(path, err, errlen);
	if (slash)
		*slash = '\0';
	if (slash && access(dir, W_OK) < 0) {
		fmd_log("api: %s: %s; the sender registry is kept for this run only "
			"(set api.registry)", dir, strerror(errno));
		return fm_nfio_registry_open(NULL, err, errlen);
	}
	return fm_nfio_registry_open(FM_API_REGISTRY_DEFAULT, err, errlen);
}

int fm_api_start(struct fm_daemon *d, struct fm_config *c, char *err, size_t errlen)
{
	struct fm_api *a = calloc(1, sizeof(*a));

	if (!a) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	pthread_mutex_init(&a->lock, NULL);
	if (c->api) {
		a->conf = *c->api;	/* the strings move over */
		memset(c->api, 0, sizeof(*c->api));
	} else {
		fm_api_conf_init(&a->conf);
	}
	d->api = a;
	*err = 0;
	a->store = pick_store(d, &a->conf, c->path, err, errlen);
	if (*err)
		return -1;
	a->registry = open_registry(a->conf.registry, err, errlen);
	if (!a->registry)
		return -1;
	d->senders = a->registry;
	a->auth_key = a->conf.auth_key ? strdup(a->conf.auth_key) : make_key();
	a->sign_key = a->conf.sign_key ? strdup(a->conf.sign_key) : make_key();
	if (!a->auth_key || !a->sign_key) {
		snprintf(err, errlen, "api: out of memory or no randomness for the keys");
		return -1;
	}
	if (!a->conf.auth_key || !a->conf.sign_key)
		fmd_log("api: netflow.io's keys made up for this run (set api.auth_key and "
			"api.sign_key to keep them): auth_key %s sign_key %s", a->auth_key, a->sign_key);
	return 0;
}

void fm_api_stop(struct fm_daemon *d)
{
	struct fm_api *a = d->api;

	if (!a)
		return;
	d->senders = NULL;
	d->api = NULL;
	fm_nfio_registry_free(a->registry);
	if (a->reader)
		fm_store_reader_close(a->reader);
	pthread_mutex_destroy(&a->lock);
	fm_api_conf_free(&a->conf);
	free(a->auth_key);
	free(a->sign_key);
	free(a);
}

unsigned int fm_api_query(struct fm_api *a, const struct fm_query *q, struct fm_result *res,
			  char *err, size_t errlen)
{
	char why[512];
	int ret;

	memset(res, 0, sizeof(*res));
	if (!a->store) {
		snprintf(err, errlen, "no store is configured (store: in flowmeterd's configuration)");
		return 503;
	}
	if (fm_query_check(q, err, errlen) < 0)
		return 400;
	pthread_mutex_lock(&a->lock);
	if (!a->reader)
		a->reader = fm_store_reader_conf(a->store, why, sizeof(why));
	if (!a->reader) {
		pthread_mutex_unlock(&a->lock);
		snprintf(err, errlen, "store %s cannot be read: %s", a->store->name, why);
		return 503;
	}
	ret = fm_store_query(a->reader, q, res, why, sizeof(why));
	if (ret < 0) {
		/* Whatever broke, the next question gets a fresh connection. */
		fm_store_reader_close(a->reader);
		a->reader = NULL;
	}
	pthread_mutex_unlock(&a->lock);
	if (ret < 0) {
		fm_result_free(res);
		snprintf(err, errlen, "store %s: %s", a->store->name, why);
		return 503;
	}
	return 0;
}

void fm_api_render(struct fm_daemon *d, FILE *o)
{
	fprintf(o, "# HELP flowmeterd_api_unregistered_records_total Records not stored: the sender registry (netflow.io's API) names senders, not this one.\n"
		   "# TYPE flowmeterd_api_unregistered_records_total counter\n"
		   "flowmeterd_api_unregistered_records_total %llu\n",
		(unsigned long long)fm_nfio_refused(d->senders));
}
