// SPDX-License-Identifier: GPL-2.0
/*
 * The sink machinery (sink.h). The queue is a ring of stored records
 * under one mutex held only for O(1) work per record: workers copy their
 * records into free slots, the writer writes the oldest slots in place,
 * outside the lock (workers only ever touch free slots), then frees them.
 * A batch in flight still counts as queued, so offered = stored + dropped
 * + queued holds at every instant the lock is held.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "clock.h"
#include "sink.h"
#include "store.h"

enum { DROP_QUEUE_FULL, DROP_WRITE_ERROR, DROP_DISCONNECTED, DROP_DELIVERY, DROP__COUNT };
static const char *const drop_reasons[DROP__COUNT] = {
	"queue_full", "write_error", "disconnected", "delivery_failed",
};

/* Reconnecting: the first retry soon, then doubling up to the cap. */
#define BACKOFF_MIN_MS 250
#define BACKOFF_MAX_MS 10000
/* The same complaint is logged again after this long. */
#define LOG_EVERY_MS 60000

struct fm_sink {
	char *name;
	const struct fm_sink_ops *ops;
	void *out;
	unsigned int batch, flush_ms;

	pthread_mutex_t lock;
	pthread_cond_t cond;		/* the writer waits on it (CLOCK_MONOTONIC) */
	struct fm_srec *slots;
	size_t cap, head, count;
	bool stopping, running;
	pthread_t thread;

	/* Under lock. */
	uint64_t offered, stored, dropped[DROP__COUNT];
	uint64_t batches, write_errors, last_batch;
	/*
	 * Async outputs: written, not yet settled. Settled inside write before
	 * the batch is released, so it dips below zero for that while: the
	 * batch's slots still count then, and the sum stays exact.
	 */
	int64_t inflight;
	bool connected;

	/* The writer's own. */
	char last_log[256];
	uint64_t last_log_ms, suppressed;
};

static void say(struct fm_sink *s, const char *fmt, const char *why)
{
	uint64_t now = fm_mono_ms();
	char msg[256];

	snprintf(msg, sizeof(msg), fmt, why);
	if (!strcmp(msg, s->last_log) && now - s->last_log_ms < LOG_EVERY_MS) {
		s->suppressed++;
		return;
	}
	if (s->suppressed)
		fprintf(stderr, "flowmeterd: %s %s: (%llu more like the last)\n", s->ops->kind,
			s->name, (unsigned long long)s->suppressed);
	fprintf(stderr, "flowmeterd: %s %s: %s\n", s->ops->kind, s->name, msg);
	snprintf(s->last_log, sizeof(s->last_log), "%s", msg);
	s->last_log_ms = now;
	s->suppressed = 0;
}

struct fm_sink *fm_sink_new(const struct fm_sink_conf *c, const struct fm_sink_ops *ops,
			    void *out, char *err, size_t errlen)
{
	struct fm_sink *s = calloc(1, sizeof(*s));
	pthread_condattr_t ca;

	if (s) {
		s->name = strdup(c->name);
		/* Untouched pages of a big queue cost no memory until it fills. */
		s->slots = calloc(c->queue, sizeof(*s->slots));
	}
	if (!s || !s->name || !s->slots) {
		snprintf(err, errlen, "%s %s: out of memory for a queue of %u records",
			 ops->kind, c->name, c->queue);
		if (s) {
			free(s->name);
			free(s->slots);
		}
		free(s);
		ops->free(out);
		return NULL;
	}
	s->ops = ops;
	s->out = out;
	s->cap = c->queue;
	s->batch = c->batch ? c->batch : 1;
	s->flush_ms = c->flush_ms ? c->flush_ms : 1000;
	pthread_mutex_init(&s->lock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&s->cond, &ca);
	pthread_condattr_destroy(&ca);
	return s;
}

void fm_sink_offer(struct fm_sink *s, const struct fm_enriched_rec *f, int n, uint64_t now_ms)
{
	bool wake;
	int i;

	pthread_mutex_lock(&s->lock);
	s->offered += n;
	for (i = 0; i < n; i++) {
		if (s->count == s->cap) {
			s->dropped[DROP_QUEUE_FULL] += n - i;
			break;
		}
		fm_srec_from(&s->slots[(s->head + s->count) % s->cap], &f[i], now_ms);
		s->count++;
	}
	wake = s->count >= s->batch;
	pthread_mutex_unlock(&s->lock);
	if (wake)
		pthread_cond_signal(&s->cond);
}

/* Wait until a batch is full, the flush is due, a tick is due, or stop. */
static void wait_work(struct fm_sink *s, uint64_t flush_due, uint64_t tick_due)
{
	for (;;) {
		uint64_t now = fm_mono_ms(), until = tick_due;
		struct timespec ts;

		if (s->stopping || s->count >= s->batch || now >= tick_due ||
		    (s->count && now >= flush_due))
			return;
		if (s->count && flush_due < until)
			until = flush_due;
		clock_gettime(CLOCK_MONOTONIC, &ts);
		ts.tv_sec += (until - now) / 1000;
		ts.tv_nsec += (until - now) % 1000 * 1000000;
		if (ts.tv_nsec >= 1000000000) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000;
		}
		pthread_cond_timedwait(&s->cond, &s->lock, &ts);
	}
}

/* Take the oldest @n slots off the queue, as stored or dropped for @reason. */
static void release(struct fm_sink *s, size_t n, int reason)
{
	pthread_mutex_lock(&s->lock);
	s->head = (s->head + n) % s->cap;
	s->count -= n;
	if (reason < 0) {
		if (s->ops->async)
			s->inflight += n;
		else
			s->stored += n;
		s->batches++;
		s->last_batch = n;
	} else {
		s->dropped[reason] += n;
	}
	pthread_mutex_unlock(&s->lock);
}

void fm_sink_settle(struct fm_sink *s, uint64_t delivered, uint64_t rejected, uint64_t failed)
{
	pthread_mutex_lock(&s->lock);
	s->inflight -= (int64_t)(delivered + rejected + failed);
	s->stored += delivered;
	s->dropped[DROP_QUEUE_FULL] += rejected;
	s->dropped[DROP_DELIVERY] += failed;
	pthread_mutex_unlock(&s->lock);
}

static void set_connected(struct fm_sink *s, bool on)
{
	pthread_mutex_lock(&s->lock);
	s->connected = on;
	pthread_mutex_unlock(&s->lock);
}

/* One batch from the head: contiguous slots, so none is copied. 0, or DOWN. */
static int write_batch(struct fm_sink *s)
{
	char err[512];
	size_t n;
	int ret;

	pthread_mutex_lock(&s->lock);
	n = s->count < s->batch ? s->count : s->batch;
	if (n > s->cap - s->head)
		n = s->cap - s->head;
	pthread_mutex_unlock(&s->lock);
	if (!n)
		return 0;
	ret = s->ops->write(s->out, &s->slots[s->head], n, err, sizeof(err));
	if (!ret) {
		release(s, n, -1);
		return 0;
	}
	pthread_mutex_lock(&s->lock);
	s->write_errors++;
	pthread_mutex_unlock(&s->lock);
	release(s, n, DROP_WRITE_ERROR);
	say(s, "write failed, batch dropped: %s", err);
	return ret == FM_STORE_DOWN ? FM_STORE_DOWN : 0;
}

static void drop_queued(struct fm_sink *s, int reason)
{
	pthread_mutex_lock(&s->lock);
	s->dropped[reason] += s->count;
	s->head = (s->head + s->count) % s->cap;
	s->count = 0;
	pthread_mutex_unlock(&s->lock);
}

static void *writer(void *arg)
{
	struct fm_sink *s = arg;
	uint64_t retry_at = 0, backoff = BACKOFF_MIN_MS, flush_due, tick_due;
	bool connected = false, stopping;
	char err[512];
	int ret;

	flush_due = tick_due = fm_mono_ms();
	for (;;) {
		uint64_t now;

		pthread_mutex_lock(&s->lock);
		wait_work(s, flush_due, tick_due);
		stopping = s->stopping;
		pthread_mutex_unlock(&s->lock);
		now = fm_mono_ms();

		if (!connected && (now >= retry_at || stopping)) {
			ret = s->ops->connect(s->out, fm_now_ms(), err, sizeof(err));
			if (!ret) {
				connected = true;
				backoff = BACKOFF_MIN_MS;
				set_connected(s, true);
				say(s, "%s", "connected");
			} else {
				retry_at = now + backoff;
				say(s, "cannot connect (records are dropped until it can): %s", err);
				backoff = backoff * 2 > BACKOFF_MAX_MS ? BACKOFF_MAX_MS : backoff * 2;
			}
		}
		if (!connected) {
			drop_queued(s, DROP_DISCONNECTED);
			if (stopping)
				break;
			flush_due = now + s->flush_ms;
			tick_due = retry_at < now + 1000 ? retry_at : now + 1000;
			continue;
		}
		ret = write_batch(s);
		if (!ret && now >= tick_due) {
			tick_due = now + 1000;
			if (s->ops->tick)
				ret = s->ops->tick(s->out, fm_now_ms(), err, sizeof(err));
			if (ret < 0)
				say(s, "maintenance failed: %s", err);
		}
		if (ret == FM_STORE_DOWN) {
			s->ops->disconnect(s->out);
			connected = false;
			set_connected(s, false);
			retry_at = now + backoff;
			continue;
		}
		pthread_mutex_lock(&s->lock);
		/* Another batch at once if one is full; otherwise wait for the flush. */
		if (s->count < s->batch)
			flush_due = now + s->flush_ms;
		stopping = s->stopping && !s->count;
		pthread_mutex_unlock(&s->lock);
		if (stopping)
			break;
	}
	if (connected)
		s->ops->disconnect(s->out);
	set_connected(s, false);
	return NULL;
}

int fm_sink_start(struct fm_sink *s)
{
	if (pthread_create(&s->thread, NULL, writer, s))
		return -1;
	s->running = true;
	return 0;
}

void fm_sink_stop(struct fm_sink *s)
{
	if (!s || !s->running)
		return;
	pthread_mutex_lock(&s->lock);
	s->stopping = true;
	pthread_mutex_unlock(&s->lock);
	pthread_cond_signal(&s->cond);
	pthread_join(s->thread, NULL);
	s->running = false;
}

void fm_sink_free(struct fm_sink *s)
{
	if (!s)
		return;
	fm_sink_stop(s);
	s->ops->free(s->out);
	pthread_cond_destroy(&s->cond);
	pthread_mutex_destroy(&s->lock);
	free(s->slots);
	free(s->name);
	free(s);
}

/* ---- metrics ---- */

enum { M_OFFERED, M_STORED, M_DROPPED, M_BATCHES, M_ERRORS, M_QUEUE, M_LAG, M_BATCH, M_CONNECTED,
       M__COUNT };

static const struct {
	const char *name, *type, *help;
} families[M__COUNT] = {
	[M_OFFERED] = { "offered_records_total", "counter",
			"Records handed to the output (offered = stored + dropped + queued)." },
	[M_STORED] = { "records_total", "counter",
		       "Records the output took (committed; for Kafka, delivered)." },
	[M_DROPPED] = { "dropped_records_total", "counter", "Records dropped, by reason." },
	[M_BATCHES] = { "batches_total", "counter", "Batches written." },
	[M_ERRORS] = { "write_errors_total", "counter", "Batches that failed (their records dropped)." },
	[M_QUEUE] = { "queue_records", "gauge",
		      "Records queued, a batch being written and records awaiting delivery included." },
	[M_LAG] = { "lag_seconds", "gauge", "Age of the oldest queued record." },
	[M_BATCH] = { "batch_size", "gauge", "Records in the last batch written." },
	[M_CONNECTED] = { "connected", "gauge", "1 while connected." },
};

static void render_one(struct fm_sink *s, int m, FILE *o, uint64_t now)
{
	const char *k = s->ops->kind;
	int r;

	pthread_mutex_lock(&s->lock);
	switch (m) {
	case M_DROPPED:
		for (r = 0; r < DROP__COUNT; r++)
			fprintf(o, "flowmeterd_%s_%s{%s=\"%s\",reason=\"%s\"} %llu\n", k,
				families[m].name, k, s->name, drop_reasons[r],
				(unsigned long long)s->dropped[r]);
		break;
	case M_LAG: {
		uint64_t t = s->count ? s->slots[s->head].received_ms : now;

		fprintf(o, "flowmeterd_%s_%s{%s=\"%s\"} %.3f\n", k, families[m].name, k, s->name,
			now > t ? (now - t) / 1000.0 : 0.0);
		break;
	}
	default: {
		uint64_t v = m == M_OFFERED ? s->offered : m == M_STORED ? s->stored :
			     m == M_BATCHES ? s->batches : m == M_ERRORS ? s->write_errors :
			     m == M_QUEUE ? (uint64_t)((int64_t)s->count + s->inflight) :
			     m == M_BATCH ? s->last_batch : s->connected;

		fprintf(o, "flowmeterd_%s_%s{%s=\"%s\"} %llu\n", k, families[m].name, k, s->name,
			(unsigned long long)v);
	}
	}
	pthread_mutex_unlock(&s->lock);
}

void fm_sink_stats(struct fm_sink *s, struct fm_sink_stats *st)
{
	int r;

	pthread_mutex_lock(&s->lock);
	st->kind = s->ops->kind;
	st->name = s->name;
	st->offered = s->offered;
	st->stored = s->stored;
	st->dropped = 0;
	for (r = 0; r < DROP__COUNT; r++)
		st->dropped += s->dropped[r];
	st->queued = (uint64_t)((int64_t)s->count + s->inflight);
	st->connected = s->connected;
	pthread_mutex_unlock(&s->lock);
}

void fm_sinks_render(struct fm_sink *const *s, int n, FILE *o)
{
	uint64_t now = fm_now_ms();
	int i, j, m;

	for (i = 0; i < n; i++) {
		/* Each kind once, at its first sink. */
		for (j = 0; j < i && strcmp(s[j]->ops->kind, s[i]->ops->kind); j++)
			;
		if (j < i)
			continue;
		for (m = 0; m < M__COUNT; m++) {
			fprintf(o, "# HELP flowmeterd_%s_%s %s\n# TYPE flowmeterd_%s_%s %s\n",
				s[i]->ops->kind, families[m].name, families[m].help,
				s[i]->ops->kind, families[m].name, families[m].type);
			for (j = i; j < n; j++)
				if (!strcmp(s[j]->ops->kind, s[i]->ops->kind))
					render_one(s[j], m, o, now);
		}
	}
}
