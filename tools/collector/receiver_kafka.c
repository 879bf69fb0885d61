// SPDX-License-Identifier: GPL-2.0
/*
 * The Kafka input: a consumer in a group (kafka_input.group), one thread,
 * each message one pmacct-JSON record (pmacct_json.h) handed to the
 * pipeline as the UDP workers hand theirs: filter, enrich, metrics,
 * outputs. The message's label is the records' hostname for the
 * flow-exporter metrics. A message that is no record is counted, and said
 * once a minute, not fatal. librdkafka reconnects by itself; offsets are
 * committed by it as messages are consumed (at most once on a crash).
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include "clock.h"
#include "pipeline.h"
#include "pmacct_json.h"
#include "receiver_kafka.h"

struct fm_kafka_rx {
	struct fm_daemon *d;
	const struct fm_kafka_input_conf *c;
	rd_kafka_t *rk;
	pthread_t thread;
	bool running;
	_Atomic uint64_t ok, invalid, errors;
	uint64_t last_log_ms;
};

struct fm_kafka_rx *fm_kafka_rx_new(struct fm_daemon *d, const struct fm_kafka_input_conf *c,
				    char *err, size_t errlen)
{
	struct fm_kafka_rx *rx = calloc(1, sizeof(*rx));
	rd_kafka_topic_partition_list_t *t;
	rd_kafka_conf_t *rc;
	rd_kafka_resp_err_t e;
	char why[512];

	if (!rx) {
		snprintf(err, errlen, "kafka_input: out of memory");
		return NULL;
	}
	rx->d = d;
	rx->c = c;
	rc = fm_kafka_input_rdconf(c, why, sizeof(why));
	if (rc) {
		rx->rk = rd_kafka_new(RD_KAFKA_CONSUMER, rc, why, sizeof(why));
		if (!rx->rk)
			rd_kafka_conf_destroy(rc);
	}
	if (!rx->rk) {
		snprintf(err, errlen, "kafka_input: %s", why);
		free(rx);
		return NULL;
	}
	rd_kafka_poll_set_consumer(rx->rk);
	t = rd_kafka_topic_partition_list_new(1);
	rd_kafka_topic_partition_list_add(t, c->topic, RD_KAFKA_PARTITION_UA);
	e = rd_kafka_subscribe(rx->rk, t);
	rd_kafka_topic_partition_list_destroy(t);
	if (e) {
		snprintf(err, errlen, "kafka_input: topic %s: %s", c->topic, rd_kafka_err2str(e));
		rd_kafka_destroy(rx->rk);
		free(rx);
		return NULL;
	}
	return rx;
}

static void say(struct fm_kafka_rx *rx, const char *what, const char *why)
{
	uint64_t now = fm_mono_ms();

	if (rx->last_log_ms && now - rx->last_log_ms < 60000)
		return;
	rx->last_log_ms = now;
	fprintf(stderr, "flowmeterd: kafka_input %s: %s: %s (said once a minute)\n",
		rx->c->topic, what, why);
}

static void consume(struct fm_kafka_rx *rx, const rd_kafka_message_t *m)
{
	char label[256], why[256];
	struct fm_rec r;

	if (m->err) {
		if (m->err != RD_KAFKA_RESP_ERR__PARTITION_EOF) {
			atomic_fetch_add(&rx->errors, 1);
			say(rx, "consumer", rd_kafka_message_errstr(m));
		}
		return;
	}
	if (fm_pmacct_decode(m->payload, m->len, &r, label, sizeof(label), why, sizeof(why)) < 0) {
		atomic_fetch_add(&rx->invalid, 1);
		say(rx, "a message that is no pmacct record", why);
		return;
	}
	atomic_fetch_add(&rx->ok, 1);
	fm_pipeline_records(rx->d, &r, 1, label, fm_now_ms());
}

static void *run(void *arg)
{
	struct fm_kafka_rx *rx = arg;

	while (!atomic_load(&rx->d->stop)) {
		rd_kafka_message_t *m = rd_kafka_consumer_poll(rx->rk, 500);

		if (m) {
			consume(rx, m);
			rd_kafka_message_destroy(m);
		}
	}
	return NULL;
}

int fm_kafka_rx_start(struct fm_kafka_rx *rx)
{
	if (pthread_create(&rx->thread, NULL, run, rx))
		return -1;
	rx->running = true;
	return 0;
}

void fm_kafka_rx_free(struct fm_kafka_rx *rx)
{
	if (!rx)
		return;
	if (rx->running)
		pthread_join(rx->thread, NULL);
	rd_kafka_consumer_close(rx->rk);
	rd_kafka_destroy(rx->rk);
	free(rx);
}

void fm_kafka_rx_render(struct fm_kafka_rx *rx, FILE *o)
{
	if (!rx)
		return;
	fprintf(o, "# HELP flowmeterd_kafka_input_messages_total Messages consumed, by result (ok: a record, invalid: not a pmacct record).\n"
		   "# TYPE flowmeterd_kafka_input_messages_total counter\n"
		   "flowmeterd_kafka_input_messages_total{topic=\"%s\",result=\"ok\"} %llu\n"
		   "flowmeterd_kafka_input_messages_total{topic=\"%s\",result=\"invalid\"} %llu\n"
		   "# HELP flowmeterd_kafka_input_errors_total Consumer errors librdkafka reported (it reconnects by itself).\n"
		   "# TYPE flowmeterd_kafka_input_errors_total counter\n"
		   "flowmeterd_kafka_input_errors_total{topic=\"%s\"} %llu\n",
		rx->c->topic, (unsigned long long)atomic_load(&rx->ok), rx->c->topic,
		(unsigned long long)atomic_load(&rx->invalid), rx->c->topic,
		(unsigned long long)atomic_load(&rx->errors));
}
