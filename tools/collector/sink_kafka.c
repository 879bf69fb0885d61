// SPDX-License-Identifier: GPL-2.0
/*
 * The Kafka output: each record one pmacct-JSON message (pmacct_json.h),
 * produced from the sink's writer thread, so decode never waits for a
 * broker. librdkafka holds up to kafka.queue messages while brokers are
 * away and reconnects by itself; what it refuses for want of room or
 * gives up on (message_timeout) is settled as dropped, what it delivers as
 * taken: flowmeterd_kafka_records_total counts delivery reports, not
 * hand-overs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "addr.h"
#include "clock.h"
#include "pmacct_json.h"
#include "sink_kafka.h"

struct kafka_out {
	const struct fm_kafka_conf *c;
	struct fm_sink *sink;
	rd_kafka_t *rk;
	rd_kafka_topic_t *rkt;
	char writer_id[64];
	/* Delivery reports since the last settle (the writer thread's own). */
	uint64_t delivered, failed;
	rd_kafka_resp_err_t last_err;
	uint64_t last_log_ms, unlogged;
};

static void on_delivery(rd_kafka_t *rk, const rd_kafka_message_t *m, void *opaque)
{
	struct kafka_out *k = opaque;

	(void)rk;
	if (!m->err) {
		k->delivered++;
		return;
	}
	k->failed++;
	k->last_err = m->err;
}

/* What deliveries failed of, once a minute: the counts say how many. */
static void say_failures(struct kafka_out *k)
{
	uint64_t now = fm_mono_ms();

	k->unlogged += k->failed;
	if (!k->unlogged || (k->last_log_ms && now - k->last_log_ms < 60000))
		return;
	fprintf(stderr, "flowmeterd: kafka %s: %llu messages not delivered: %s\n", k->c->topic,
		(unsigned long long)k->unlogged, rd_kafka_err2str(k->last_err));
	k->last_log_ms = now;
	k->unlogged = 0;
}

/* Serve delivery reports and settle them. */
static void settle(struct kafka_out *k, int wait_ms)
{
	rd_kafka_poll(k->rk, wait_ms);
	if (k->failed)
		say_failures(k);
	if (k->delivered || k->failed)
		fm_sink_settle(k->sink, k->delivered, 0, k->failed);
	k->delivered = k->failed = 0;
}

static int kafka_connect(void *out, uint64_t now_ms, char *err, size_t errlen)
{
	struct kafka_out *k = out;
	rd_kafka_conf_t *rc = fm_kafka_rdconf(k->c, err, errlen);
	char why[512];

	(void)now_ms;
	if (!rc)
		return -1;
	rd_kafka_conf_set_dr_msg_cb(rc, on_delivery);
	rd_kafka_conf_set_opaque(rc, k);
	/* Brokers need not be up: librdkafka connects, and reconnects, on its own. */
	k->rk = rd_kafka_new(RD_KAFKA_PRODUCER, rc, why, sizeof(why));
	if (!k->rk) {
		rd_kafka_conf_destroy(rc);
		snprintf(err, errlen, "%s", why);
		return -1;
	}
	k->rkt = rd_kafka_topic_new(k->rk, k->c->topic, NULL);
	if (!k->rkt) {
		snprintf(err, errlen, "topic %s: %s", k->c->topic,
			 rd_kafka_err2str(rd_kafka_last_error()));
		rd_kafka_destroy(k->rk);
		k->rk = NULL;
		return -1;
	}
	return 0;
}

static const char *key_of(const struct kafka_out *k, const struct fm_srec *s, char *buf,
			  size_t len)
{
	switch (k->c->key) {
	case FM_KAFKA_KEY_EXPORTER:
		return fm_addr_str(&s->rec.sender, buf, len);
	case FM_KAFKA_KEY_SOURCE_IP:
		return fm_addr_str(&s->rec.src, buf, len);
	default:
		return NULL;
	}
}

static int kafka_write(void *out, const struct fm_srec *r, size_t n, char *err, size_t errlen)
{
	struct kafka_out *k = out;
	uint64_t rejected = 0, failed = 0;
	char kb[INET6_ADDRSTRLEN];
	size_t i, len;

	(void)err, (void)errlen;
	for (i = 0; i < n; i++) {
		char *msg = fm_pmacct_encode(&r[i], k->c->label, k->writer_id, &len);
		const char *key = key_of(k, &r[i], kb, sizeof(kb));

		if (!msg) {
			failed++;
			continue;
		}
		if (rd_kafka_produce(k->rkt, RD_KAFKA_PARTITION_UA, RD_KAFKA_MSG_F_FREE, msg, len,
				     key, key ? strlen(key) : 0, NULL) < 0) {
			if (rd_kafka_last_error() == RD_KAFKA_RESP_ERR__QUEUE_FULL)
				rejected++;
			else
				failed++;
			free(msg);
		}
	}
	fm_sink_settle(k->sink, 0, rejected, failed);
	settle(k, 0);
	return 0;
}

static int kafka_tick(void *out, uint64_t now_ms, char *err, size_t errlen)
{
	(void)now_ms, (void)err, (void)errlen;
	settle(out, 0);
	return 0;
}

/* At stop: a last chance to deliver, then what is left is settled as failed. */
static void kafka_disconnect(void *out)
{
	struct kafka_out *k = out;
	int wait = k->c->message_timeout_ms < 5000 ? k->c->message_timeout_ms : 5000;

	if (!k->rk)
		return;
	rd_kafka_flush(k->rk, wait);
	rd_kafka_purge(k->rk, RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
	settle(k, 0);
	/* Purged messages report back through the queue: drain them (bounded). */
	for (wait = 0; rd_kafka_outq_len(k->rk) > 0 && wait < 500; wait++)
		settle(k, 10);
	rd_kafka_topic_destroy(k->rkt);
	rd_kafka_destroy(k->rk);
	k->rkt = NULL;
	k->rk = NULL;
}

static void kafka_free(void *out)
{
	free(out);
}

static const struct fm_sink_ops kafka_ops = {
	.kind = "kafka",
	.connect = kafka_connect,
	.write = kafka_write,
	.tick = kafka_tick,
	.disconnect = kafka_disconnect,
	.free = kafka_free,
	.async = true,
};

struct fm_sink *fm_sink_kafka_new(const struct fm_kafka_conf *c, char *err, size_t errlen)
{
	struct fm_sink_conf sc = { c->topic, c->queue, c->batch, c->flush_ms };
	struct kafka_out *k = calloc(1, sizeof(*k));

	if (!k) {
		snprintf(err, errlen, "kafka: out of memory");
		return NULL;
	}
	k->c = c;
	snprintf(k->writer_id, sizeof(k->writer_id), "flowmeterd/%d", (int)getpid());
	k->sink = fm_sink_new(&sc, &kafka_ops, k, err, errlen);
	return k->sink;
}
