// SPDX-License-Identifier: GPL-2.0
/*
 * kafka: and kafka_input: in flowmeterd's configuration (flowmeterd.8,
 * docs/streams.md). The librdkafka configuration is built here once at
 * parse time, so a property librdkafka refuses is a FILE:LINE:COL error,
 * not a surprise at start.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "config_kafka.h"

static void parse_props(struct fm_yaml *c, const yaml_node_t *m, struct fm_kafka_prop **props,
			int *n)
{
	const yaml_node_t *k, *v;
	yaml_node_pair_t *p;
	rd_kafka_conf_t *scratch;
	char why[256];

	if (!fm_yaml_want(c, m, YAML_MAPPING_NODE, "properties"))
		return;
	*props = fm_yaml_zalloc(c, m, fm_yaml_npairs(m) + 1, sizeof(**props));
	if (!*props)
		return;
	fm_yaml_for_pairs(c, m, k, v, p) {
		struct fm_kafka_prop *o = &(*props)[*n];

		if (!fm_yaml_key(c, k) || !fm_yaml_want(c, v, YAML_SCALAR_NODE, fm_yaml_scalar(k)))
			return;
		/* Each property where it is written: librdkafka's word on it. */
		scratch = rd_kafka_conf_new();
		if (rd_kafka_conf_set(scratch, fm_yaml_scalar(k), fm_yaml_scalar(v), why,
				      sizeof(why)) != RD_KAFKA_CONF_OK)
			fm_yaml_fail(c, k, "librdkafka refuses %s: %s", fm_yaml_scalar(k), why);
		rd_kafka_conf_destroy(scratch);
		if (c->failed)
			return;
		o->key = fm_yaml_dupstr(c, k, fm_yaml_scalar(k));
		o->value = fm_yaml_dupstr(c, v, fm_yaml_scalar(v));
		o->line = k->start_mark.line + 1;
		o->col = k->start_mark.column + 1;
		(*n)++;
		if (c->failed)
			return;
	}
}

static bool set(rd_kafka_conf_t *rc, const char *k, const char *v, char *err, size_t errlen)
{
	char why[256];

	if (rd_kafka_conf_set(rc, k, v, why, sizeof(why)) == RD_KAFKA_CONF_OK)
		return true;
	snprintf(err, errlen, "%s: %s", k, why);
	return false;
}

/* The properties last: the operator's word wins over ours. */
static bool set_props(rd_kafka_conf_t *rc, const struct fm_kafka_prop *p, int n, char *err,
		      size_t errlen)
{
	int i;

	for (i = 0; i < n; i++)
		if (!set(rc, p[i].key, p[i].value, err, errlen))
			return false;
	return true;
}

rd_kafka_conf_t *fm_kafka_rdconf(const struct fm_kafka_conf *k, char *err, size_t errlen)
{
	rd_kafka_conf_t *rc = rd_kafka_conf_new();
	char q[32], t[32], l[32];

	snprintf(q, sizeof(q), "%u", k->queue);
	snprintf(t, sizeof(t), "%u", k->message_timeout_ms);
	snprintf(l, sizeof(l), "%u", k->flush_ms < 1000 ? k->flush_ms : 1000);
	if (set(rc, "bootstrap.servers", k->brokers, err, errlen) &&
	    set(rc, "compression.codec", k->compression, err, errlen) &&
	    set(rc, "acks", k->acks, err, errlen) &&
	    /* The bound: what librdkafka holds while the broker is away. */
	    set(rc, "queue.buffering.max.messages", q, err, errlen) &&
	    set(rc, "message.timeout.ms", t, err, errlen) &&
	    set(rc, "linger.ms", l, err, errlen) &&
	    set(rc, "log_level", "4", err, errlen) &&
	    set_props(rc, k->props, k->nprops, err, errlen))
		return rc;
	rd_kafka_conf_destroy(rc);
	return NULL;
}

rd_kafka_conf_t *fm_kafka_input_rdconf(const struct fm_kafka_input_conf *k, char *err,
				       size_t errlen)
{
	rd_kafka_conf_t *rc = rd_kafka_conf_new();

	if (set(rc, "bootstrap.servers", k->brokers, err, errlen) &&
	    set(rc, "group.id", k->group, err, errlen) &&
	    set(rc, "auto.offset.reset", k->earliest ? "earliest" : "latest", err, errlen) &&
	    set(rc, "log_level", "4", err, errlen) &&
	    set_props(rc, k->props, k->nprops, err, errlen))
		return rc;
	rd_kafka_conf_destroy(rc);
	return NULL;
}

static bool one_of(struct fm_yaml *c, const yaml_node_t *v, const char *what,
		   const char *const *ok, char **out)
{
	const char *const *o;

	if (!fm_yaml_want(c, v, YAML_SCALAR_NODE, what))
		return false;
	for (o = ok; *o; o++)
		if (!strcmp(*o, fm_yaml_scalar(v))) {
			free(*out);
			*out = fm_yaml_dupstr(c, v, *o);
			return true;
		}
	fm_yaml_fail(c, v, "%s: '%s' is none of the known values", what, fm_yaml_scalar(v));
	return false;
}

/* brokers, topic, properties: keys both sections have; false if @key is none. */
static bool common(struct fm_yaml *c, const char *what, const char *key, const yaml_node_t *v,
		   char **brokers, char **topic, struct fm_kafka_prop **props, int *nprops)
{
	char name[64];

	snprintf(name, sizeof(name), "%s.%s", what, key);
	if (!strcmp(key, "brokers"))
		fm_yaml_set_str(c, v, name, brokers);
	else if (!strcmp(key, "topic"))
		fm_yaml_set_str(c, v, name, topic);
	else if (!strcmp(key, "properties"))
		parse_props(c, v, props, nprops);
	else
		return false;
	return true;
}

/* Both sections need brokers and a topic, and a configuration librdkafka takes. */
static void check(struct fm_yaml *c, const yaml_node_t *m, const char *what, const char *brokers,
		  const char *topic, rd_kafka_conf_t *(*rdconf)(const void *, char *, size_t),
		  const void *kc)
{
	rd_kafka_conf_t *rc;
	char why[512];

	if (!brokers || !topic) {
		fm_yaml_fail(c, m, "%s needs brokers and topic", what);
		return;
	}
	rc = rdconf(kc, why, sizeof(why));
	if (!rc)
		fm_yaml_fail(c, m, "%s: librdkafka refuses %s", what, why);
	else
		rd_kafka_conf_destroy(rc);
}

static rd_kafka_conf_t *out_rdconf(const void *k, char *err, size_t errlen)
{
	return fm_kafka_rdconf(k, err, errlen);
}

static rd_kafka_conf_t *in_rdconf(const void *k, char *err, size_t errlen)
{
	return fm_kafka_input_rdconf(k, err, errlen);
}

static bool count(struct fm_yaml *c, const yaml_node_t *v, const char *what,
		  unsigned long long max, unsigned int *out)
{
	unsigned long long u;

	if (!fm_yaml_uint(c, v, what, max, &u))
		return false;
	if (!u) {
		fm_yaml_fail(c, v, "%s must be 1 or more", what);
		return false;
	}
	*out = u;
	return true;
}

void fm_config_parse_kafka(struct fm_yaml *c, struct fm_config *cf, const yaml_node_t *m)
{
	static const char *const codecs[] = { "none", "gzip", "snappy", "lz4", "zstd", NULL };
	static const char *const acks[] = { "all", "-1", "0", "1", NULL };
	const yaml_node_t *k, *v;
	yaml_node_pair_t *p;
	struct fm_kafka_conf *kc;

	if (!fm_yaml_want(c, m, YAML_MAPPING_NODE, "kafka"))
		return;
	if (cf->kafka) {
		fm_yaml_fail(c, m, "kafka: given twice");
		return;
	}
	kc = cf->kafka = fm_yaml_zalloc(c, m, 1, sizeof(*kc));
	if (!kc)
		return;
	kc->queue = 100000;
	kc->batch = 1000;
	kc->flush_ms = 100;
	kc->message_timeout_ms = 30000;
	kc->compression = fm_yaml_dupstr(c, m, "none");
	kc->acks = fm_yaml_dupstr(c, m, "all");
	fm_yaml_for_pairs(c, m, k, v, p) {
		const char *key;

		if (!fm_yaml_key(c, k))
			return;
		key = fm_yaml_scalar(k);
		if (common(c, "kafka", key, v, &kc->brokers, &kc->topic, &kc->props, &kc->nprops)) {
			/* done */
		} else if (!strcmp(key, "label")) {
			fm_yaml_set_str(c, v, "kafka.label", &kc->label);
		} else if (!strcmp(key, "key")) {
			if (!fm_yaml_want(c, v, YAML_SCALAR_NODE, "kafka.key"))
				return;
			if (!strcmp(fm_yaml_scalar(v), "exporter"))
				kc->key = FM_KAFKA_KEY_EXPORTER;
			else if (!strcmp(fm_yaml_scalar(v), "source_ip"))
				kc->key = FM_KAFKA_KEY_SOURCE_IP;
			else if (!strcmp(fm_yaml_scalar(v), "none"))
				kc->key = FM_KAFKA_KEY_NONE;
			else
				fm_yaml_fail(c, v, "kafka.key: '%s' (known: exporter, source_ip, none)",
					     fm_yaml_scalar(v));
		} else if (!strcmp(key, "compression")) {
			one_of(c, v, "kafka.compression (none, gzip, snappy, lz4, zstd)", codecs,
			       &kc->compression);
		} else if (!strcmp(key, "acks")) {
			one_of(c, v, "kafka.acks (all, 0, 1)", acks, &kc->acks);
		} else if (!strcmp(key, "queue")) {
			count(c, v, "kafka.queue", 10000000, &kc->queue);
		} else if (!strcmp(key, "batch")) {
			count(c, v, "kafka.batch", 1000000, &kc->batch);
		} else if (!strcmp(key, "flush_interval")) {
			fm_yaml_msecs(c, v, "kafka.flush_interval", 86400000, &kc->flush_ms);
		} else if (!strcmp(key, "message_timeout")) {
			fm_yaml_msecs(c, v, "kafka.message_timeout", 86400000, &kc->message_timeout_ms);
		} else {
			fm_yaml_unknown_key(c, k, "kafka", "brokers, topic, key, label, compression, "
					    "acks, queue, batch, flush_interval, message_timeout, properties");
		}
		if (c->failed)
			return;
	}
	check(c, m, "kafka", kc->brokers, kc->topic, out_rdconf, kc);
}

void fm_config_parse_kafka_input(struct fm_yaml *c, struct fm_config *cf, const yaml_node_t *m)
{
	const yaml_node_t *k, *v;
	yaml_node_pair_t *p;
	struct fm_kafka_input_conf *kc;

	if (!fm_yaml_want(c, m, YAML_MAPPING_NODE, "kafka_input"))
		return;
	if (cf->kafka_input) {
		fm_yaml_fail(c, m, "kafka_input: given twice");
		return;
	}
	kc = cf->kafka_input = fm_yaml_zalloc(c, m, 1, sizeof(*kc));
	if (!kc)
		return;
	kc->group = fm_yaml_dupstr(c, m, "flowmeterd");
	fm_yaml_for_pairs(c, m, k, v, p) {
		const char *key;

		if (!fm_yaml_key(c, k))
			return;
		key = fm_yaml_scalar(k);
		if (common(c, "kafka_input", key, v, &kc->brokers, &kc->topic, &kc->props,
			   &kc->nprops)) {
			/* done */
		} else if (!strcmp(key, "group")) {
			fm_yaml_set_str(c, v, "kafka_input.group", &kc->group);
		} else if (!strcmp(key, "from")) {
			if (!fm_yaml_want(c, v, YAML_SCALAR_NODE, "kafka_input.from"))
				return;
			if (!strcmp(fm_yaml_scalar(v), "earliest"))
				kc->earliest = true;
			else if (!strcmp(fm_yaml_scalar(v), "latest"))
				kc->earliest = false;
			else
				fm_yaml_fail(c, v, "kafka_input.from: '%s' (known: latest, earliest)",
					     fm_yaml_scalar(v));
		} else {
			fm_yaml_unknown_key(c, k, "kafka_input", "brokers, topic, group, from, properties");
		}
		if (c->failed)
			return;
	}
	check(c, m, "kafka_input", kc->brokers, kc->topic, in_rdconf, kc);
}

static void free_props(struct fm_kafka_prop *p, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		free(p[i].key);
		free(p[i].value);
	}
	free(p);
}

void fm_kafka_conf_free(struct fm_kafka_conf *k)
{
	if (!k)
		return;
	free(k->brokers);
	free(k->topic);
	free(k->label);
	free(k->compression);
	free(k->acks);
	free_props(k->props, k->nprops);
	free(k);
}

void fm_kafka_input_conf_free(struct fm_kafka_input_conf *k)
{
	if (!k)
		return;
	free(k->brokers);
	free(k->topic);
	free(k->group);
	free_props(k->props, k->nprops);
	free(k);
}
